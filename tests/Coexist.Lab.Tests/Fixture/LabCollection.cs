namespace Coexist.Lab.Tests.Fixture;

/// <summary>The tests that share one running lab. xunit wants this in every test assembly that uses the lab.</summary>
[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "lab";
}
