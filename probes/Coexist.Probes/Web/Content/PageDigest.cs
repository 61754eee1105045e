using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Coexist.Probes.Web.Content;

/// <summary>A resource a page makes the browser load, and the element that asks for it.</summary>
public sealed record PageResource(string Element, Uri Url);

/// <summary>
/// What the checks need of a page, without the page: character histograms of its markup and of its visible text
/// (for similarity), its title, the resources it loads and the absolute links that name an IPv4 address. Made
/// once per fetch; a few kilobytes whatever the page weighed.
/// </summary>
public sealed partial record PageDigest
{
    /// <summary>The markup, nonces and ASP.NET view state taken out (internet.nl strips both before comparing).</summary>
    public required CharHistogram Markup { get; init; }

    /// <summary>The visible text (title and body, scripts and styles left out), spaces collapsed; null when the page was not parsed.</summary>
    public CharHistogram? Text { get; init; }

    public string? Title { get; init; }

    public bool IsHtml { get; init; }

    /// <summary>Why the HTML could not be parsed (too slow), when it could not.</summary>
    public string? ParseProblem { get; init; }

    /// <summary>The first <see cref="WebLimits.MaxResources"/> resources, in document order.</summary>
    public ImmutableArray<PageResource> Resources { get; init; } = [];

    /// <summary>All resources found, also those beyond the ones kept.</summary>
    public int ResourceCount { get; init; }

    /// <summary>Absolute URLs (links, resources, forms) whose host is an IPv4 address, cleaned and cut, at most <see cref="WebLimits.MaxListed"/>.</summary>
    public ImmutableArray<string> IPv4Literals { get; init; } = [];

    public int IPv4LiteralCount { get; init; }

    /// <summary>Absolute URLs looked at for IPv4 literals.</summary>
    public int AbsoluteUrlCount { get; init; }

    private static readonly HashSet<string> HiddenElements = new(StringComparer.Ordinal) { "script", "style", "noscript", "template" };
    private static readonly string[] UrlAttributes = ["src", "href", "action", "formaction", "data", "poster", "srcset"];
    private static readonly string[] LoadedLinkRelations = ["stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "manifest"];

    /// <summary>Reads <paramref name="body"/> (the first bytes of a response) as the page at <paramref name="pageUrl"/>.</summary>
    public static async Task<PageDigest> CreateAsync(ReadOnlyMemory<byte> body, string? contentType, Uri pageUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        var text = Decode(body.Span, contentType);
        var isHtml = contentType is null || contentType.Contains("html", StringComparison.OrdinalIgnoreCase);
        var markup = CharHistogram.Of(Normalize(text));
        if (!isHtml) return new PageDigest { Markup = markup, IsHtml = false };

        using var parseDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        parseDeadline.CancelAfter(WebLimits.ParseTimeout);
        IDocument document;
        try
        {
            // The parse is CPU-bound and may take all of ParseTimeout. On a thread of its own it never holds one of
            // the pool's few threads (two on a two-core machine), whose timers every other check's deadline needs.
            document = await Task.Factory.StartNew(
                    () => new HtmlParser().ParseDocumentAsync(text, parseDeadline.Token),
                    parseDeadline.Token,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default)
                .Unwrap()
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PageDigest
            {
                Markup = markup,
                IsHtml = true,
                ParseProblem = $"the HTML did not parse within {WebLimits.ParseTimeout.TotalSeconds:0.#} s; compared as markup only",
            };
        }
        using (document)
        {
            return Walk(document, pageUrl, markup);
        }
    }

    /// <summary>Takes out what changes on every request by design: script and style nonces, ASP.NET's view state.</summary>
    public static string Normalize(string html) => ViewState().Replace(Nonce().Replace(html, ""), "");

    // Non-backtracking: a hostile page must not make these slow.
    [GeneratedRegex("""\snonce\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Nonce();

    [GeneratedRegex("""<input\s[^>]*name\s*=\s*["']?__(VIEWSTATE|VIEWSTATEGENERATOR|EVENTVALIDATION)["'\s>/][^>]*>?""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ViewState();

    [GeneratedRegex("""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Charset();

    /// <summary>The body's text: a byte order mark, else the Content-Type charset, else a meta charset near the start, else UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        Encoding? bom = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8,
            [0xFF, 0xFE, ..] => Encoding.Unicode,
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode,
            _ => null,
        };
        if (bom is not null) return bom.GetString(body[bom.Preamble.Length..]);
        var declared = contentType is not null ? Charset().Match(contentType) : Match.Empty;
        if (!declared.Success) declared = Charset().Match(Encoding.Latin1.GetString(body[..Math.Min(body.Length, 1024)]));
        return EncodingOf(declared.Success ? declared.Groups[1].Value : null).GetString(body);
    }

    private static Encoding EncodingOf(string? name)
    {
        if (name is null) return Encoding.UTF8;
        // windows-1252 is what browsers read latin1 as; .NET without code pages knows Latin-1 itself, which is close.
        if (name.Equals("windows-1252", StringComparison.OrdinalIgnoreCase) || name.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase)) return Encoding.Latin1;
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    /// <summary>One walk over the tree, with an explicit stack: a deeply nested page must not exhaust the call stack.</summary>
    private static PageDigest Walk(IDocument document, Uri pageUrl, CharHistogram markup)
    {
        var text = new StringBuilder();
        var resources = new List<PageResource>();
        var seen = new HashSet<Uri>();
        var literals = new List<string>();
        int resourceCount = 0, literalCount = 0, absoluteCount = 0;
        Uri baseUrl = pageUrl;
        var baseSet = false;

        var stack = new Stack<(INode Node, bool Hidden)>();
        stack.Push((document.DocumentElement, false));
        while (stack.Count > 0)
        {
            var (node, hidden) = stack.Pop();
            if (node is IText textNode)
            {
                if (!hidden) AppendCollapsed(text, textNode.Data);
                continue;
            }
            if (node is not IElement element) continue;
            var name = element.LocalName;
            if (name == "base" && !baseSet && element.GetAttribute("href") is { } baseHref && Uri.TryCreate(pageUrl, baseHref.Trim(), out var declaredBase))
            {
                baseUrl = declaredBase;
                baseSet = true;
            }
            foreach (var attribute in UrlAttributes)
            {
                if (element.GetAttribute(attribute) is not { } value) continue;
                if (attribute == "srcset") value = value.TrimStart().Split([' ', ','], 2)[0];
                value = value.Trim();
                if (IsAbsolute(value))
                {
                    absoluteCount++;
                    if (Uri.TryCreate(pageUrl, value, out var absolute) && absolute.HostNameType == UriHostNameType.IPv4)
                    {
                        literalCount++;
                        if (literals.Count < WebLimits.MaxListed) literals.Add($"<{name} {attribute}> {ReportText.Clean(absolute.ToString(), WebLimits.MaxUrlText)}");
                    }
                }
            }
            if (ResourceUrl(element, name) is { } reference && Uri.TryCreate(baseUrl, reference.Trim(), out var url)
                && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && seen.Add(url))
            {
                resourceCount++;
                if (resources.Count < WebLimits.MaxResources) resources.Add(new PageResource(name, url));
            }
            var hideChildren = hidden || HiddenElements.Contains(name);
            for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
                stack.Push((child, hideChildren));
        }

        return new PageDigest
        {
            Markup = markup,
            Text = CharHistogram.Of(text.ToString().Trim()),
            Title = document.Title is { Length: > 0 } title ? ReportText.Clean(title, WebLimits.MaxTitleText) : null,
            IsHtml = true,
            Resources = [.. resources],
            ResourceCount = resourceCount,
            IPv4Literals = [.. literals],
            IPv4LiteralCount = literalCount,
            AbsoluteUrlCount = absoluteCount,
        };
    }

    /// <summary>The URL an element makes a browser load as part of the page: img, script, iframe, and link to style sheets, icons, preloads.</summary>
    private static string? ResourceUrl(IElement element, string name) => name switch
    {
        "img" or "script" or "iframe" => element.GetAttribute("src"),
        "link" when element.GetAttribute("rel") is { } rel
            && rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => LoadedLinkRelations.Contains(r, StringComparer.OrdinalIgnoreCase))
            => element.GetAttribute("href"),
        _ => null,
    };

    private static bool IsAbsolute(string value) =>
        value.StartsWith("//", StringComparison.Ordinal)
        || value.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("https:", StringComparison.OrdinalIgnoreCase);

    private static void AppendCollapsed(StringBuilder builder, string text)
    {
        var space = builder.Length > 0 && builder[^1] != ' ';
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space && builder.Length > 0 && builder[^1] != ' ') builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        if (space && builder.Length > 0 && builder[^1] != ' ') builder.Append(' ');
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["html"] = IsHtml,
            ["markupChars"] = Markup.Length,
        };
        if (Title is not null) json["title"] = Title;
        if (Text is not null) json["textChars"] = Text.Length;
        if (ParseProblem is not null) json["parseProblem"] = ParseProblem;
        if (IsHtml && ParseProblem is null)
        {
            json["resources"] = ResourceCount;
            json["absoluteUrls"] = AbsoluteUrlCount;
            json["ipv4Literals"] = IPv4LiteralCount;
        }
        return json;
    }
}
