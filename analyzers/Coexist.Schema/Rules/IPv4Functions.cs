namespace Coexist.Schema.Rules;

/// <summary>A database function that works on IPv4 only, and what to use instead.</summary>
/// <param name="NeedsAddressArgument">
/// Only counted when an argument names an address column or variable: PARSENAME and the
/// split functions also split object and host names.
/// </param>
/// <param name="NeedsDotSeparator">Only counted when an argument is the string '.', splitting a dotted quad.</param>
internal sealed record IPv4Function(string Name, string Why, string Instead, bool NeedsAddressArgument = false, bool NeedsDotSeparator = false);

/// <summary>The functions COEX2005 looks for, as data.</summary>
internal static class IPv4Functions
{
    public static IReadOnlyList<IPv4Function> All { get; } =
    [
        new("INET_ATON", "turns an IPv4 address into a 32-bit number and returns NULL for IPv6", "INET6_ATON(), stored in VARBINARY(16)"),
        new("INET_NTOA", "turns a 32-bit number back into an IPv4 address; there is no IPv6 number to give it", "INET6_NTOA() over VARBINARY(16)"),
        new("IS_IPV4", "accepts IPv4 only, so IPv6 input is rejected", "IS_IPV4() OR IS_IPV6(), or INET6_ATON() IS NOT NULL"),
        new("PARSENAME", "splits a dotted quad into its four octets, which IPv6 text does not have", "varbinary(16) and comparisons on it", NeedsAddressArgument: true),
        new("SUBSTRING_INDEX", "splits an address at '.', which IPv6 text does not use", "INET6_ATON() and comparisons on the binary value", NeedsAddressArgument: true, NeedsDotSeparator: true),
        new("SPLIT_PART", "splits an address at '.', which IPv6 text does not use", "the inet type with its operators (<<, >>=, host(), family())", NeedsAddressArgument: true, NeedsDotSeparator: true),
    ];

    private static readonly Dictionary<string, IPv4Function> ByName = All.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static IPv4Function? Find(string name) => ByName.GetValueOrDefault(name);
}
