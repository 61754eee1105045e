using Coexist.Model;

namespace Coexist.Probes.Web.Content;

/// <summary>NAT64Check's resource score of a path, and the band it falls in.</summary>
public static class ResourceScore
{
    /// <summary>
    /// min(1, loaded on the path / loaded over IPv4), as NAT64Check's zaphod computes it. A page none of whose
    /// resources load over IPv4 either scores 1: the path lost nothing (zaphod divides by 1 there and scores 0).
    /// </summary>
    public static double Of(int loadedOnPath, int loadedOverIPv4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(loadedOnPath);
        ArgumentOutOfRangeException.ThrowIfNegative(loadedOverIPv4);
        return loadedOverIPv4 == 0 ? 1 : Math.Min(1, (double)loadedOnPath / loadedOverIPv4);
    }

    /// <summary>pass from <see cref="WebLimits.ResourceScorePass"/>, warn from <see cref="WebLimits.ResourceScoreWarn"/>, fail below.</summary>
    public static Outcome Band(double score) =>
        score >= WebLimits.ResourceScorePass ? Outcome.Pass
        : score >= WebLimits.ResourceScoreWarn ? Outcome.Warn
        : Outcome.Fail;
}
