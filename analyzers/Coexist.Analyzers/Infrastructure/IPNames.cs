using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers;

/// <summary>
/// What an identifier's words say it holds: an IP address, a host:port endpoint, a port, a version.
/// Used only where a rule is about names (a string has no type that says "address"); everywhere
/// else rules match symbols.
/// </summary>
internal static class IPNames
{
    // Words that name an IP address on their own: ip, clientIp, IPAddress, ip_addr, remoteIpv6.
    private static readonly string[] AddressWords = ["ip", "ips", "ipv6", "ipaddr", "ipaddress"];

    // "Address" alone may be postal or e-mail; next to one of these words it is a network address.
    private static readonly string[] NetworkQualifiers =
    [
        "remote", "local", "client", "server", "host", "peer", "source", "src", "destination", "dest", "dst",
        "origin", "forwarded", "bind", "listen", "public", "private", "gateway", "nat", "proxy", "network", "net",
    ];

    // The last word of a name that holds host:port text: redisEndpoint, dbServer, upstreamHost, hostAndPort.
    private static readonly string[] EndpointLastWords =
    [
        "endpoint", "ep", "hostport", "authority", "host", "server", "address", "addr", "ip", "peer",
        "upstream", "proxy", "target", "backend", "broker", "listen", "bind",
    ];

    /// <summary>
    /// True for names such as <c>ip</c>, <c>ClientIp</c>, <c>IpAddress</c>, <c>RemoteAddress</c>, <c>HostAddress</c>.
    /// Names that say IPv4 (<c>Ipv4Address</c>) are left out: they hold IPv4 on purpose.
    /// With <paramref name="acceptBareAddress"/>, <c>address</c> and <c>addr</c> alone count too.
    /// </summary>
    public static bool IsAddress(string? name, bool acceptBareAddress = false)
    {
        if (string.IsNullOrEmpty(name) || HasWord(name!, "ipv4")) return false;
        if (AddressWords.Any(w => HasWord(name!, w))) return true;
        if (!HasWord(name!, "address") && !HasWord(name!, "addr")) return false;
        return acceptBareAddress || NetworkQualifiers.Any(w => HasWord(name!, w));
    }

    /// <summary>True for names of host:port text: <c>endpoint</c>, <c>redisHost</c>, <c>hostAndPort</c>, <c>Authority</c>.</summary>
    public static bool IsEndpoint(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        if (HasWord(name!, "host") && HasWord(name!, "port")) return true;
        return EndpointLastWords.Any(w => EndsWithWord(name!, w));
    }

    public static bool IsPort(string? name) => !string.IsNullOrEmpty(name) && HasWord(name!, "port");

    public static bool IsVersion(string? name) =>
        !string.IsNullOrEmpty(name) && (HasWord(name!, "version") || HasWord(name!, "ver"));

    /// <summary>The name of the local, parameter, field or property an operation reads, or of the method it calls.</summary>
    public static string? NameOf(IOperation? operation) => operation switch
    {
        IConversionOperation conversion => NameOf(conversion.Operand),
        IParenthesizedOperation parenthesized => NameOf(parenthesized.Operand),
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        IFieldReferenceOperation field => field.Field.Name,
        IPropertyReferenceOperation property => property.Property.Name,
        IInvocationOperation invocation => invocation.TargetMethod.Name,
        _ => null,
    };

    /// <summary>The name of the symbol a value is stored into: a variable, field, property or parameter.</summary>
    public static string? TargetNameOf(IOperation? consumer) => consumer switch
    {
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol.Name,
        IFieldInitializerOperation field => field.InitializedFields.FirstOrDefault()?.Name,
        IPropertyInitializerOperation property => property.InitializedProperties.FirstOrDefault()?.Name,
        ISimpleAssignmentOperation assignment => NameOf(assignment.Target),
        IArgumentOperation { Parameter: { } parameter } => parameter.Name,
        _ => null,
    };

    private static bool HasWord(string name, string word) => SymbolExtensions.NameHasWord(name, word);

    /// <summary>True when <paramref name="word"/> is the last word of the name: "dbServer" ends with "server", "observer" does not.</summary>
    private static bool EndsWithWord(string name, string word)
    {
        var start = name.Length - word.Length;
        return start >= 0
            && name.EndsWith(word, StringComparison.OrdinalIgnoreCase)
            && (start == 0 || !char.IsLetterOrDigit(name[start - 1]) || SymbolExtensions.IsWordBoundary(name, start));
    }
}
