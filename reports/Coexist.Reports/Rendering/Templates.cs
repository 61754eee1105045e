using HandlebarsDotNet;

namespace Coexist.Reports.Rendering;

/// <summary>
/// The Handlebars environments and compiled templates, built once. Templates are embedded resources
/// (Templates/*.hbs); names starting with an underscore are partials. Every <c>{{value}}</c> is escaped by the
/// environment's encoder (HTML or Markdown); the templates never use the triple-stash.
/// </summary>
internal static class Templates
{
    private const string Prefix = "Coexist.Reports.Templates.";

    private static readonly Lazy<HandlebarsTemplate<object, object>> HtmlTemplate = new(() => Compile("report.html.hbs", new HtmlEncoder()));
    private static readonly Lazy<HandlebarsTemplate<object, object>> MarkdownTemplate = new(() => Compile("report.md.hbs", new MarkdownEncoder()));

    public static string RenderHtml(object view) => HtmlTemplate.Value(view);

    public static string RenderMarkdown(object view) => MarkdownTemplate.Value(view);

    private static HandlebarsTemplate<object, object> Compile(string name, ITextEncoder encoder)
    {
        var handlebars = Handlebars.Create(new HandlebarsConfiguration
        {
            TextEncoder = encoder,
            // A misspelt name in a template fails the tests instead of rendering as nothing.
            ThrowOnUnresolvedBindingExpression = true,
        });
        foreach (var resource in typeof(Templates).Assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix + "_", StringComparison.Ordinal)))
            handlebars.RegisterTemplate(resource[(Prefix.Length + 1)..^".hbs".Length], Read(resource));
        return handlebars.Compile(Read(Prefix + name));
    }

    public static string Read(string resource)
    {
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"template {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
