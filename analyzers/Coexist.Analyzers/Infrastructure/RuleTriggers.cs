using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coexist.Analyzers;

/// <summary>
/// A quick, purely syntactic test that a file cannot produce any Coexist diagnostic, so that
/// <c>coexist scan</c> binds only the files that might (most files of an estate never touch an address).
/// Every rule needs at least one of these in its file: an IPv4 literal (as COEX1001 reads them); host:port
/// text (a string starting with ':'); a '.' or ':' to split on or a regex that matches dots; an identifier
/// naming the networking API it matches; or a member named for an address.
/// </summary>
/// <remarks>
/// Keep this in step with the rules: the analyzer test verifier asserts, for every test source that
/// expects a diagnostic, that <see cref="MayReport"/> is true, so a rule the triggers miss fails its tests.
/// </remarks>
internal static class RuleTriggers
{
    // Names of the networking APIs the rules match by symbol. General-purpose names (Split, Regex, Format,
    // Listen, Run...) are left out on purpose: they are in most files, and what those rules look for
    // always shows in the file's strings and characters too (an IPv4 literal, ':' or '.', a dotted-quad pattern).
    private static readonly HashSet<string> Identifiers = new(StringComparer.Ordinal)
    {
        "IPAddress", "IPEndPoint", "AddressFamily", "ProtocolFamily", "InterNetwork",  // COEX1003, 1004, 1005
        "TcpListener", "UdpClient",                                                  // COEX1003
        "GetAddressBytes",                                                           // COEX1005
        "MapToIPv4",                                                                 // COEX1007
        "Dns", "GetHostAddresses", "GetHostAddressesAsync", "GetHostEntry", "GetHostEntryAsync", "AddressList", // COEX1008, 1009
        "MaxLength", "StringLength", "Column", "HasMaxLength", "HasColumnType",       // COEX1013
        "SocketOptionLevel", "MulticastOption", "JoinMulticastGroup",                // COEX1014
    };

    public static bool MayReport(SyntaxNode root)
    {
        foreach (var token in root.DescendantTokens())
        {
            switch (token.Kind())
            {
                case SyntaxKind.IdentifierToken:
                    var name = token.ValueText;
                    if (Identifiers.Contains(name) || (MayNameAnAddress(name) && AddressNames.IsAddressName(name)))
                        return true;
                    break;
                case SyntaxKind.StringLiteralToken:
                case SyntaxKind.Utf8StringLiteralToken:
                case SyntaxKind.SingleLineRawStringLiteralToken:
                case SyntaxKind.MultiLineRawStringLiteralToken:
                case SyntaxKind.Utf8SingleLineRawStringLiteralToken:
                case SyntaxKind.Utf8MultiLineRawStringLiteralToken:
                case SyntaxKind.InterpolatedStringTextToken:
                    var text = token.ValueText;
                    if (text.StartsWith(":", StringComparison.Ordinal)           // host + ":" + port (COEX1010)
                        || text.IndexOf("}:{", StringComparison.Ordinal) >= 0     // string.Format("{0}:{1}") (COEX1010)
                        || (text == "." && IsSeparatorArgument(token))            // Split(".") (COEX1012)
                        || text.IndexOf("\\.", StringComparison.Ordinal) >= 0    // a regex matching dots (COEX1012)
                        || text.IndexOf("[.]", StringComparison.Ordinal) >= 0
                        || IPv4TextScanner.Find(text) is not null)                // an IPv4 literal (COEX1001, 1002, 1003)
                        return true;
                    break;
                case SyntaxKind.CharacterLiteralToken:
                    if (token.ValueText is "." or ":" && IsSeparatorArgument(token)) return true; // Split('.') / Split(':') (COEX1011, 1012)
                    break;
            }
        }
        return false;
    }

    private static readonly HashSet<string> SeparatorMethods = new(StringComparer.Ordinal)
    {
        "Split", "IndexOf", "LastIndexOf", "IndexOfAny", "LastIndexOfAny",
    };

    /// <summary>A '.' or ':' given to Split or IndexOf (directly, or inside an array of separators).</summary>
    private static bool IsSeparatorArgument(SyntaxToken token)
    {
        for (var node = token.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    var name = invocation.Expression switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => null,
                    };
                    return name is not null && SeparatorMethods.Contains(name);
                case StatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }
        return false;
    }

    // Cheap guard before the word analysis: address names contain "ip" or "addr" in some case.
    private static bool MayNameAnAddress(string name) =>
        name.IndexOf("ip", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("addr", StringComparison.OrdinalIgnoreCase) >= 0;
}
