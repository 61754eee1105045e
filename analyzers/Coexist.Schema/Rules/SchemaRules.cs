using Coexist.Model;

namespace Coexist.Schema.Rules;

/// <summary>
/// Every schema rule's ID, in one place. IDs are never reused or renumbered: reports, plans and
/// severity settings refer to them.
/// </summary>
public static class SchemaRuleIds
{
    public const string IPv4StoredAsText = "COEX2001";
    public const string IPv4StoredAsNumber = "COEX2002";
    public const string IPv6CapableColumn = "COEX2003";
    public const string KeyOnIPv4Column = "COEX2004";
    public const string IPv4FunctionInCode = "COEX2005";
    public const string IPv4LiteralInCode = "COEX2006";
    public const string IPv4InStoredData = "COEX2007";
}

/// <summary>A schema rule: its ID, title, default severity, and the page that explains it.</summary>
public sealed record SchemaRule(string Id, string Title, Severity DefaultSeverity, string Description)
{
    /// <summary>Every rule's page is <c>docs/rules/ID.md</c>; the link is computed from the ID.</summary>
    public const string HelpLinkBase = "https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/";

    public string HelpLink => HelpLinkBase + Id + ".md";
}

/// <summary>The catalogue of COEX2xxx rules.</summary>
public static class SchemaRules
{
    public static SchemaRule IPv4StoredAsText { get; } = new(
        SchemaRuleIds.IPv4StoredAsText,
        "IPv4 address stored as text",
        Severity.Warning,
        "A character column sized or constrained for dotted-quad IPv4 text cannot hold an IPv6 address (up to 45 characters).");

    public static SchemaRule IPv4StoredAsNumber { get; } = new(
        SchemaRuleIds.IPv4StoredAsNumber,
        "IPv4 address stored as a number",
        Severity.Warning,
        "An integer or 4-byte binary column holding an address has room for 32 bits; an IPv6 address has 128.");

    public static SchemaRule IPv6CapableColumn { get; } = new(
        SchemaRuleIds.IPv6CapableColumn,
        "Address column already IPv6-capable",
        Severity.Note,
        "The column's type holds IPv6 addresses already (inet, cidr, 16-byte binary, text of 45 characters or more).");

    public static SchemaRule KeyOnIPv4Column { get; } = new(
        SchemaRuleIds.KeyOnIPv4Column,
        "Index or key on an IPv4 address column",
        Severity.Note,
        "An index, unique or primary key, or foreign key includes an IPv4 address column: it is rebuilt (and its partners changed) when the column is migrated.");

    public static SchemaRule IPv4FunctionInCode { get; } = new(
        SchemaRuleIds.IPv4FunctionInCode,
        "IPv4-only function in database code",
        Severity.Warning,
        "A view, routine, trigger, default or check calls a function that works on IPv4 only, such as INET_ATON or INET_NTOA.");

    public static SchemaRule IPv4LiteralInCode { get; } = new(
        SchemaRuleIds.IPv4LiteralInCode,
        "IPv4 literal or pattern in database code",
        Severity.Warning,
        "A view, routine, trigger, default or check holds an IPv4 address, a dotted-quad pattern such as '%.%.%.%', or a variable sized for IPv4 text.");

    public static SchemaRule IPv4InStoredData { get; } = new(
        SchemaRuleIds.IPv4InStoredData,
        "IPv4 addresses in stored data",
        Severity.Warning,
        "Rows of a text column hold IPv4 addresses (configuration, access lists, host lists, URLs): IPv6 subscribers need IPv6 records beside them.");

    public static IReadOnlyList<SchemaRule> All { get; } =
    [
        IPv4StoredAsText, IPv4StoredAsNumber, IPv6CapableColumn, KeyOnIPv4Column, IPv4FunctionInCode, IPv4LiteralInCode, IPv4InStoredData,
    ];

    public static SchemaRule? Find(string id) => All.FirstOrDefault(r => r.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}
