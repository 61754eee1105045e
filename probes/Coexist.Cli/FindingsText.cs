using System.Globalization;
using System.Text;
using Coexist.Model;

namespace Coexist.Cli;

/// <summary>Findings as compilers print diagnostics: <c>file(line,col): warning COEX1001: message</c>.</summary>
internal static class FindingsText
{
    public static string Render(IReadOnlyList<Finding> findings, string summarySuffix)
    {
        var text = new StringBuilder();
        foreach (var finding in findings)
        {
            text.Append(Where(finding.Location)).Append(": ")
                .Append(WireNames.Of(finding.Severity)).Append(' ')
                .Append(finding.RuleId).Append(": ")
                .AppendLine(finding.Message);
        }
        text.AppendLine(Summary(findings) + summarySuffix);
        return text.ToString();
    }

    public static string Summary(IReadOnlyList<Finding> findings)
    {
        int Count(Severity s) => findings.Count(f => f.Severity == s);
        return string.Create(CultureInfo.InvariantCulture,
            $"{findings.Count} {Plural(findings.Count, "finding")} ({Count(Severity.Error)} {Plural(Count(Severity.Error), "error")}, {Count(Severity.Warning)} {Plural(Count(Severity.Warning), "warning")}, {Count(Severity.Note)} {Plural(Count(Severity.Note), "note")})");
    }

    private static string Where(Location? location) => location switch
    {
        { File: { } file, Line: { } line, Column: { } column } => string.Create(CultureInfo.InvariantCulture, $"{file}({line},{column})"),
        { File: { } file, Line: { } line } => string.Create(CultureInfo.InvariantCulture, $"{file}({line})"),
        { File: { } file } => file,
        { Object: { } dbObject } => dbObject,
        _ => "(no location)",
    };

    private static string Plural(int count, string word) => count == 1 ? word : word + "s";
}
