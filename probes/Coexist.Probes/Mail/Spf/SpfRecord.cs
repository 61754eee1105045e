using System.Collections.Immutable;
using System.Net;

namespace Coexist.Probes.Mail.Spf;

/// <summary>What a directive's result is when its mechanism matches (RFC 7208 §4.6.2).</summary>
public enum SpfQualifier
{
    Pass,
    Fail,
    SoftFail,
    Neutral,
}

/// <summary>The mechanisms of RFC 7208 §5.</summary>
public enum SpfMechanism
{
    All,
    Include,
    A,
    Mx,
    Ptr,
    Ip4,
    Ip6,
    Exists,
}

/// <summary>
/// One directive: qualifier, mechanism, and its arguments as written. <see cref="DomainSpec"/> is the macro-string
/// (null: the current domain); <see cref="Network"/> the address of ip4/ip6; <see cref="Cidr4"/>/<see cref="Cidr6"/>
/// the prefix lengths (ip4/ip6, and the dual-cidr of a and mx).
/// </summary>
public sealed record SpfDirective(SpfQualifier Qualifier, SpfMechanism Mechanism, string? DomainSpec, IPAddress? Network, int Cidr4, int Cidr6, string Text)
{
    /// <summary>Whether evaluating this directive queries DNS, and so counts against <see cref="SpfLimits.MaxDnsLookups"/>.</summary>
    public bool LooksUp => Mechanism is SpfMechanism.Include or SpfMechanism.A or SpfMechanism.Mx or SpfMechanism.Ptr or SpfMechanism.Exists;

    public SpfResult Result => Qualifier switch
    {
        SpfQualifier.Pass => SpfResult.Pass,
        SpfQualifier.Fail => SpfResult.Fail,
        SpfQualifier.SoftFail => SpfResult.SoftFail,
        _ => SpfResult.Neutral,
    };

    public override string ToString() => Text;
}

/// <summary>A parsed SPF record: its directives in order, and the redirect and exp modifiers (each at most once).</summary>
public sealed record SpfRecord(ImmutableArray<SpfDirective> Directives, string? Redirect, string? Explanation, string Text)
{
    public bool HasAll => Directives.Any(d => d.Mechanism == SpfMechanism.All);
}

/// <summary>A record that does not follow RFC 7208's grammar: its evaluation is a permerror (§4.6).</summary>
public sealed class SpfSyntaxException(string message) : Exception(message);
