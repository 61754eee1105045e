using Coexist.Model;

namespace Coexist.Probes.Engine;

/// <summary>
/// A protocol probe (DNS, web, mail, SIP ...) as the engine sees it: for one service and the paths it is probed
/// on, the checks to run. Planning does no I/O; each <see cref="ProbeCheck.RunAsync"/> resolves what it needs
/// through <see cref="ProbeContext"/> (its lookups are shared and cached for the run). A check that does not apply
/// on a path is planned with a <see cref="ProbeCheck.SkipReason"/>, so every service × path gets a verdict.
/// </summary>
public interface IServiceProbe
{
    /// <summary>The probe's name, for progress and messages (<c>dns</c>, <c>tcp</c>, <c>web</c>).</summary>
    string Name { get; }

    /// <summary>The checks for <paramref name="service"/> on <paramref name="paths"/>; none when the probe does not concern it.</summary>
    IEnumerable<ProbeCheck> Plan(ServiceSpec service, IReadOnlyList<ProbePath> paths, ProbeContext context);
}
