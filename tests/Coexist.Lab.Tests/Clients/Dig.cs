using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;

namespace Coexist.Lab.Tests.Clients;

public sealed record DigRecord(string Owner, string Type, string Data);

/// <summary>One DNS reply as dig printed it.</summary>
public sealed record DigReply(
    string Status,
    IReadOnlySet<string> Flags,
    IReadOnlyList<DigRecord> Answer,
    IReadOnlyList<DigRecord> Authority,
    IReadOnlyList<DigRecord> Additional,
    int MessageSize,
    string Text)
{
    public bool Authoritative => Flags.Contains("aa");
    public bool Truncated => Flags.Contains("tc");
    public bool AuthenticData => Flags.Contains("ad");

    public IEnumerable<string> AnswerData(string type) => Answer.Where(r => r.Type == type).Select(r => r.Data);

    public IReadOnlySet<IPAddress> AnswerAddresses(string type) => Addresses(Answer, type);

    public IReadOnlySet<IPAddress> AdditionalAddresses(string owner, string type) =>
        Addresses(Additional.Where(r => SameName(r.Owner, owner)), type);

    private static HashSet<IPAddress> Addresses(IEnumerable<DigRecord> records, string type) =>
        records.Where(r => r.Type == type).Select(r => IPText.TryParse(r.Data, out var a) ? a : throw new FormatException(r.Data)).ToHashSet();

    public static bool SameName(string a, string b) => string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}

/// <summary>dig, run as a process: the lab's tests check the servers with the tool an operator would use.</summary>
public static partial class Dig
{
    /// <summary>One try, two seconds: a lab server answers in well under a millisecond.</summary>
    private static readonly string[] Defaults = ["+time=2", "+tries=1"];

    /// <summary>Asks <paramref name="server"/> for <paramref name="name"/>/<paramref name="type"/>; options are dig's (+tcp, +norec, +dnssec...).</summary>
    public static async Task<DigReply> QueryAsync(IPAddress server, string name, string type, params string[] options)
    {
        var result = await LabProcess.RunAsync("dig", [$"@{server}", name, type, .. Defaults, .. options]).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe($"dig @{server} {name} {type} {string.Join(' ', options)}"));
        return Parse(result.Output);
    }

    public static Task<DigReply> ReverseAsync(IPAddress server, IPAddress address, params string[] options) =>
        QueryAsync(server, "-x", address.ToString(), options);

    public static DigReply Parse(string text)
    {
        var sections = new Dictionary<string, List<DigRecord>> { ["ANSWER"] = [], ["AUTHORITY"] = [], ["ADDITIONAL"] = [] };
        List<DigRecord>? current = null;
        foreach (var line in text.Split('\n'))
        {
            var header = SectionHeader().Match(line);
            if (header.Success) { current = sections.GetValueOrDefault(header.Groups[1].Value); continue; }
            if (line.Length == 0 || line.StartsWith(';')) { if (line.Length == 0) current = null; continue; }
            if (current is null) continue;
            var fields = line.Split((char[]?)null, 5, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 5) current.Add(new DigRecord(fields[0], fields[3], fields[4].Trim()));
        }
        var status = Status().Match(text);
        var flags = FlagsLine().Match(text);
        var size = MessageSizeLine().Match(text);
        if (!status.Success || !flags.Success) throw new FormatException($"not a dig reply:\n{text}");
        return new DigReply(
            status.Groups[1].Value,
            flags.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            sections["ANSWER"], sections["AUTHORITY"], sections["ADDITIONAL"],
            size.Success ? int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            text);
    }

    [GeneratedRegex(@"^;; (ANSWER|AUTHORITY|ADDITIONAL|QUESTION|OPT PSEUDO)\s?SECTION:")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"status: ([A-Z]+)")]
    private static partial Regex Status();

    [GeneratedRegex(@";; flags:([a-z ]*);")]
    private static partial Regex FlagsLine();

    [GeneratedRegex(@";; MSG SIZE\s+rcvd: (\d+)")]
    private static partial Regex MessageSizeLine();
}
