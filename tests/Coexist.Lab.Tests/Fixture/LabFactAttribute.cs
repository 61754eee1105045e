namespace Coexist.Lab.Tests.Fixture;

/// <summary>A fact that needs the lab: skipped, with the reason shown, where the lab cannot run.</summary>
public sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute()
    {
        if (!LabPrerequisites.CanRun(out var why)) Skip = why;
    }
}

/// <summary>A theory that needs the lab: skipped, with the reason shown, where the lab cannot run.</summary>
public sealed class LabTheoryAttribute : TheoryAttribute
{
    public LabTheoryAttribute()
    {
        if (!LabPrerequisites.CanRun(out var why)) Skip = why;
    }
}
