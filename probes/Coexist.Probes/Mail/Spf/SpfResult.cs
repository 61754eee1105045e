using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Mail.Spf;

/// <summary>The results of check_host() (RFC 7208 §2.6).</summary>
public enum SpfResult
{
    /// <summary>No SPF record, or no valid domain to look one up at.</summary>
    None,

    /// <summary>The record says nothing about this address (<c>?</c>, or no term matched).</summary>
    Neutral,

    /// <summary>The address is authorized.</summary>
    Pass,

    /// <summary>The address is not authorized (<c>-</c>).</summary>
    Fail,

    /// <summary>Probably not authorized (<c>~</c>).</summary>
    SoftFail,

    /// <summary>A transient DNS error; another try may answer.</summary>
    TempError,

    /// <summary>The record cannot be interpreted: syntax, two records, over the lookup limits.</summary>
    PermError,
}

/// <summary>One evaluation: the result, why, which term decided it, the lookups spent, and the trace.</summary>
public sealed record SpfEvaluation(SpfResult Result, string Reason, string? MatchedTerm, int DnsLookups, int VoidLookups, ImmutableArray<string> Trace, string? Record)
{
    public JsonObject ToJson() => new()
    {
        ["result"] = Result.ToString().ToLowerInvariant(),
        ["reason"] = Reason,
        ["matched"] = MatchedTerm,
        ["dnsLookups"] = DnsLookups,
        ["voidLookups"] = VoidLookups,
        ["record"] = Record is null ? null : ReportText.Printable(Record, 512),
        ["trace"] = Evidence.Strings(Trace),
    };
}
