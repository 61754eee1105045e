namespace Coexist.Analyzers;

/// <summary>
/// Every C# rule's ID, in one place. IDs are never reused or renumbered:
/// users' .editorconfig files and suppressions refer to them.
/// </summary>
public static class RuleIdentifiers
{
    public const string HardCodedIPv4Address = "COEX1001";
    public const string HardCodedIPv4SpecialAddress = "COEX1002";
    public const string ListenerBindsIPv4Only = "COEX1003";
    public const string AddressFamilyIPv4Only = "COEX1004";
    public const string IPv4AddressAsInteger = "COEX1005";
    public const string IPNamedIntegerMember = "COEX1006";
    public const string MapToIPv4WithoutGuard = "COEX1007";
    public const string FirstResolvedAddressWins = "COEX1008";
    public const string IPv4EraResolverApi = "COEX1009";
    public const string EndpointFormattedWithoutBrackets = "COEX1010";
    public const string EndpointSplitOnColon = "COEX1011";
    public const string HandMadeIPv4Parsing = "COEX1012";
    public const string IPv4SizedStorage = "COEX1013";
    public const string IPv4OnlyMulticast = "COEX1014";
}
