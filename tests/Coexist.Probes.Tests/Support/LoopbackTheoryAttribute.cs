namespace Coexist.Probes.Tests.Support;

/// <summary>A theory over both loopback families: skipped as a whole, saying why, when this host cannot bind ::1.</summary>
public sealed class LoopbackTheoryAttribute : TheoryAttribute
{
    public LoopbackTheoryAttribute()
    {
        if (!Coexist.Probes.Tests.Dns.Loopback.IPv6Available(out var why)) Skip = why;
    }
}
