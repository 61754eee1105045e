namespace Coexist.Probes.Tests.Support;

/// <summary>A fact that needs ::1 and skips, saying why, when this host cannot bind it.</summary>
public sealed class LoopbackFactAttribute : FactAttribute
{
    public LoopbackFactAttribute()
    {
        if (!Coexist.Probes.Tests.Dns.Loopback.IPv6Available(out var why)) Skip = why;
    }
}
