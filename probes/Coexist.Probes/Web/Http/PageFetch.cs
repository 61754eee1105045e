using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Probes.Web.Content;

namespace Coexist.Probes.Web.Http;

/// <summary>Why a fetch got no HTTP answer, by kind, so that checks and reports can tell them apart.</summary>
public enum FetchFailureKind
{
    /// <summary>No TCP connection: refused, unreachable, or no answer to the SYN within the connect timeout.</summary>
    Connect,

    /// <summary>The TLS handshake did not complete (closed, reset, or no common protocol).</summary>
    Tls,

    /// <summary>Connected, but no complete answer within the fetch's time.</summary>
    Timeout,

    /// <summary>The server closed or reset the connection before a complete answer.</summary>
    Closed,

    /// <summary>What came back was not HTTP, or broke its limits (headers too large).</summary>
    InvalidResponse,

    /// <summary>Redirects on the same host came back to a URL already visited.</summary>
    RedirectLoop,

    /// <summary>More than <see cref="WebLimits.MaxRedirects"/> redirects on the same host.</summary>
    TooManyRedirects,
}

/// <summary>A fetch's failure: its kind and words safe for a report (the probe's own, never the server's bytes).</summary>
public sealed record FetchFailure(FetchFailureKind Kind, string Text);

/// <summary>One redirect answered on the way: its status and where it pointed (cleaned, cut).</summary>
public sealed record RedirectHop(Uri From, int Status, string Location);

/// <summary>The response headers worth keeping: those that say which server answered and what it sent, cleaned and cut.</summary>
public sealed record HeaderSummary
{
    public string? Server { get; init; }
    public string? Via { get; init; }
    public string? PoweredBy { get; init; }
    public string? ContentType { get; init; }
    public long? ContentLength { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? Location { get; init; }

    /// <summary>Names of every response header, lower case, sorted (a server's fingerprint), at most 40.</summary>
    public ImmutableArray<string> Names { get; init; } = [];

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        void Add(string name, string? value)
        {
            if (value is not null) json[name] = value;
        }
        Add("server", Server);
        Add("via", Via);
        Add("x-powered-by", PoweredBy);
        Add("content-type", ContentType);
        if (ContentLength is { } length) json["content-length"] = length;
        Add("etag", ETag);
        Add("last-modified", LastModified);
        Add("location", Location);
        return json;
    }
}

/// <summary>
/// One GET of a page over one path to one address (or a Happy Eyeballs race on the dual path): the redirects
/// followed, the final answer's status and headers, a digest of the first <see cref="WebLimits.MaxBodyBytes"/>
/// bytes of its body, and the TLS certificate seen. Everything in it is fit for a report; the body is not kept.
/// </summary>
public sealed record PageFetch
{
    /// <summary>The URL asked for first.</summary>
    public required Uri Url { get; init; }

    /// <summary>The address the connection went to (the winner on the dual path); null when none connected.</summary>
    public IPAddress? Address { get; init; }

    public FetchFailure? Failure { get; init; }

    /// <summary>The final answer's status (after redirects on the same host).</summary>
    public int? Status { get; init; }

    public string? Reason { get; init; }

    /// <summary>The URL of the final answer.</summary>
    public Uri? FinalUrl { get; init; }

    public ImmutableArray<RedirectHop> Redirects { get; init; } = [];

    /// <summary>A redirect that was not followed: to another host, or to an IPv4 address (cleaned, cut).</summary>
    public string? RedirectNotFollowed { get; init; }

    /// <summary>Redirects whose target names an IPv4 address.</summary>
    public ImmutableArray<string> RedirectsToIPv4Literals { get; init; } = [];

    public HeaderSummary Headers { get; init; } = new();

    public PageDigest? Digest { get; init; }

    public long BodyBytes { get; init; }

    /// <summary>Why the body read stopped early (time, a broken connection); the digest has what came.</summary>
    public string? BodyProblem { get; init; }

    /// <summary>The body was longer than what was read.</summary>
    public bool Truncated { get; init; }

    public TlsObservation? Tls { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>An HTTP answer came back (any status).</summary>
    public bool Answered => Failure is null && Status is not null;

    /// <summary>The final answer is a page (2xx).</summary>
    public bool IsPage => Answered && Status is >= 200 and < 300;

    public bool IsRedirect => Answered && Status is >= 300 and < 400;

    /// <summary>"HTTP 200 OK", or the failure, for a result's words.</summary>
    public string StatusLine => Failure is { } failure ? failure.Text : Reason is { Length: > 0 } ? $"HTTP {Status} {Reason}" : $"HTTP {Status}";

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["url"] = ReportText.Clean(Url.ToString(), WebLimits.MaxUrlText) };
        if (Address is not null) json["connectedTo"] = Address.ToString();
        if (Failure is { } failure)
        {
            json["failure"] = WireName(failure.Kind);
            json["error"] = failure.Text;
        }
        if (Status is { } status) json["status"] = status;
        if (Reason is not null) json["reason"] = Reason;
        if (FinalUrl is not null && FinalUrl != Url) json["finalUrl"] = ReportText.Clean(FinalUrl.ToString(), WebLimits.MaxUrlText);
        if (!Redirects.IsEmpty)
        {
            json["redirects"] = new JsonArray([.. Redirects.Take(WebLimits.MaxListed).Select(hop => (JsonNode)new JsonObject
            {
                ["status"] = hop.Status,
                ["location"] = hop.Location,
            })]);
        }
        if (RedirectNotFollowed is not null) json["redirectNotFollowed"] = RedirectNotFollowed;
        var headers = Headers.ToJson();
        if (headers.Count > 0) json["headers"] = headers;
        if (Answered)
        {
            json["bodyBytes"] = BodyBytes;
            if (Truncated) json["bodyTruncatedAt"] = WebLimits.MaxBodyBytes;
            if (BodyProblem is not null) json["bodyProblem"] = BodyProblem;
        }
        if (Digest is not null) json["page"] = Digest.ToJson();
        if (Tls is not null) json["tls"] = Tls.ToJson();
        json["elapsedMs"] = Math.Round(Elapsed.TotalMilliseconds, 1);
        return json;
    }

    public static string WireName(FetchFailureKind kind) => kind switch
    {
        FetchFailureKind.Connect => "connect",
        FetchFailureKind.Tls => "tls",
        FetchFailureKind.Timeout => "timeout",
        FetchFailureKind.Closed => "closed",
        FetchFailureKind.InvalidResponse => "invalid-response",
        FetchFailureKind.RedirectLoop => "redirect-loop",
        FetchFailureKind.TooManyRedirects => "too-many-redirects",
        _ => kind.ToString(),
    };
}
