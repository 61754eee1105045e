using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Content;

/// <summary>
/// How far one page is from another: internet.nl's character distance over the markup, and the same distance
/// over the visible text, which small pages need (one sentence changed in a short page moves the markup distance
/// by a few points only). The larger of the two is the page's distance; at most <see cref="WebLimits.MaxContentDistance"/> is the same website.
/// </summary>
public sealed record ContentDistance(double Markup, double? Text, string? Note = null)
{
    public double Distance => Math.Max(Markup, Text ?? 0);

    public bool Same => Distance <= WebLimits.MaxContentDistance;

    public string Describe() => Distance.ToString("0.0", CultureInfo.InvariantCulture);

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["distance"] = Math.Round(Distance, 1),
            ["markupDistance"] = Math.Round(Markup, 1),
            ["maxDistance"] = WebLimits.MaxContentDistance,
        };
        if (Text is { } text) json["textDistance"] = Math.Round(text, 1);
        if (Note is not null) json["note"] = Note;
        return json;
    }

    /// <summary>The distance between two answered fetches; redirects not followed are compared by where they point.</summary>
    public static ContentDistance Between(PageFetch a, PageFetch b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.RedirectNotFollowed is not null || b.RedirectNotFollowed is not null)
        {
            var same = string.Equals(a.RedirectNotFollowed, b.RedirectNotFollowed, StringComparison.Ordinal);
            return new ContentDistance(same ? 0 : 100, null, "compared by redirect target");
        }
        var markup = (a.Digest?.Markup ?? CharHistogram.Empty).Distance(b.Digest?.Markup ?? CharHistogram.Empty);
        double? text = a.Digest?.Text is { } textA && b.Digest?.Text is { } textB ? textA.Distance(textB) : null;
        return new ContentDistance(markup, text);
    }
}

/// <summary>Whether IPv6 clients meet the IPv4 server or another one (a dedicated IPv6 web server, another virtual host).</summary>
public enum HostingPattern
{
    SameServer,
    DedicatedIPv6Server,
}

/// <summary>One thing compared between the IPv4 answer and another: its value on each side and whether they agree.</summary>
public sealed record HostingSignal(string Name, string? IPv4, string? Other, bool Agrees);

/// <summary>The judged pattern and the signals it rests on.</summary>
public sealed record HostingVerdict(HostingPattern Pattern, ImmutableArray<HostingSignal> Signals, ContentDistance Content)
{
    public static string WireName(HostingPattern pattern) => pattern == HostingPattern.SameServer ? "same-server" : "dedicated-ipv6-server";

    public IEnumerable<HostingSignal> Disagreeing => Signals.Where(s => !s.Agrees);

    /// <summary>
    /// Same server when the content is the same website and every identity signal present on either side agrees
    /// (Server, X-Powered-By, Via, the certificate, ETag, Last-Modified); another server otherwise. ETag and
    /// Last-Modified of the same file differ between two servers deployed apart, which is what gives them away.
    /// </summary>
    public static HostingVerdict Judge(PageFetch ipv4, PageFetch other)
    {
        ArgumentNullException.ThrowIfNull(ipv4);
        ArgumentNullException.ThrowIfNull(other);
        var content = ContentDistance.Between(ipv4, other);
        var signals = ImmutableArray.CreateBuilder<HostingSignal>();
        signals.Add(new HostingSignal("content", "reference", $"distance {content.Describe()}", content.Same));
        void Compare(string name, string? a, string? b)
        {
            if (a is null && b is null) return;
            signals.Add(new HostingSignal(name, a, b, string.Equals(a, b, StringComparison.Ordinal)));
        }
        Compare("server", ipv4.Headers.Server, other.Headers.Server);
        Compare("x-powered-by", ipv4.Headers.PoweredBy, other.Headers.PoweredBy);
        Compare("via", ipv4.Headers.Via, other.Headers.Via);
        Compare("certificate", Short(ipv4.Tls?.Leaf), Short(other.Tls?.Leaf));
        Compare("etag", ipv4.Headers.ETag, other.Headers.ETag);
        Compare("last-modified", ipv4.Headers.LastModified, other.Headers.LastModified);
        var built = signals.ToImmutable();
        return new HostingVerdict(built.All(s => s.Agrees) ? HostingPattern.SameServer : HostingPattern.DedicatedIPv6Server, built, content);
    }

    /// <summary>A certificate's SHA-256, shortened for words: "sha256:0123456789abcdef…".</summary>
    public static string? Short(string? sha256) => sha256 is { Length: > 16 } ? $"sha256:{sha256[..16]}…" : sha256;

    public JsonObject ToJson() => new()
    {
        ["hostingPattern"] = WireName(Pattern),
        ["signals"] = new JsonArray([.. Signals.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["ipv4"] = s.IPv4,
            ["other"] = s.Other,
            ["agrees"] = s.Agrees,
        })]),
        ["content"] = Content.ToJson(),
    };
}
