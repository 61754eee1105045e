using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coexist.Analyzers;

/// <summary>
/// A quick, purely syntactic test that a file cannot produce any Coexist diagnostic, so that the rules look only at
/// the files that might (<see cref="CandidateFiles"/>) and <c>coexist scan</c> binds only those (most files of an
/// estate never touch an address).
/// Every rule needs at least one of these in its file: an IPv4 literal (as COEX1001 reads them); host:port
/// text (a string starting with ':'); a '.' or ':' to split on or a regex that matches dots; an identifier
/// naming the networking API it matches; or a member named for an address.
/// </summary>
/// <remarks>
/// Keep this in step with the rules: a rule stays silent in a file without a trigger, and the analyzer test verifier
/// says so first for every test source that expects a diagnostic, so a rule the triggers miss fails its tests.
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

    /// <summary>
    /// <see cref="MayReport(SyntaxNode)"/>, after a first look at the file's characters (<see cref="TextMayReport"/>)
    /// that settles most files without making a token.
    /// </summary>
    public static bool MayReport(SyntaxTree tree, CancellationToken cancellationToken) =>
        TextMayReport(tree.GetText(cancellationToken).ToString()) && MayReport(tree.GetRoot(cancellationToken));

    /// <summary>
    /// False when the file's text cannot hold a trigger: no word that is a trigger name or an address name, no
    /// dotted quad, and none of the few character runs the string triggers need. Comments and strings count as
    /// text, so this only ever errs towards looking (an address written with \u escapes is the one thing it misses).
    /// </summary>
    [MethodImpl(HotLoops.OptimizeAtOnce)]
    public static bool TextMayReport(string text)
    {
        if (text.IndexOf("\":", StringComparison.Ordinal) >= 0      // a string starting with ':' (also $":, @":, """:)
            || text.IndexOf("}:", StringComparison.Ordinal) >= 0      // {host}:{port}
            || text.IndexOf("\"\"\"", StringComparison.Ordinal) >= 0 // a raw string, whose first line may start with ':'
            || text.IndexOf("\\.", StringComparison.Ordinal) >= 0    // a regex matching dots
            || text.IndexOf("[.]", StringComparison.Ordinal) >= 0)
            return true;
        if (SeparatorAfterSplit(text, "\".\"") || SeparatorAfterSplit(text, "'.'") || SeparatorAfterSplit(text, "':'"))
            return true;
        // The scanner looks around a quad no further than a string's own text would let it, so it finds in the
        // whole text every address it would find in one of its strings.
        if (IPv4TextScanner.Find(text) is not null) return true;

        for (var i = 0; i < text.Length;)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && IsWordChar(text[i])) i++;
            if (MayBeTriggerWord(text, start, i - start)) return true;
        }
        return false;
    }

    /// <summary>
    /// The separator after a Split or IndexOf in the same statement (back to the last ';'), as
    /// <see cref="IsSeparatorArgument"/> wants it; Append(':') and the like are not.
    /// </summary>
    [MethodImpl(HotLoops.OptimizeAtOnce)]
    private static bool SeparatorAfterSplit(string text, string separator)
    {
        for (var at = text.IndexOf(separator, StringComparison.Ordinal); at >= 0; at = text.IndexOf(separator, at + 1, StringComparison.Ordinal))
        {
            var statementStart = text.LastIndexOf(';', at) + 1;
            var before = text.Substring(statementStart, at - statementStart);
            if (before.IndexOf("Split", StringComparison.Ordinal) >= 0 || before.IndexOf("IndexOf", StringComparison.Ordinal) >= 0) return true;
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    // Only words that might be a trigger become strings: a trigger name's length and first letter, or "ip"/"addr" inside.
    // Every word of a file comes here, and most share a length with some trigger name (var, int, string, return...):
    // the first letter halved the text look (0.1 s to 0.05 s for 839 files).
    [MethodImpl(HotLoops.OptimizeAtOnce)]
    private static bool MayBeTriggerWord(string text, int start, int length) =>
        (IdentifierShapes.Contains(Shape(length, text[start])) || MayHoldAddressPart(text, start, length))
        && IsTriggerName(text.Substring(start, length));

    private static int Shape(int length, char first) => (length << 16) | first;

    /// <summary>
    /// A cheap guard before the word analysis (<see cref="AddressNames"/>): address names hold "ip" or "addr" in some
    /// case. Written out, as every word of a file comes here. A word with a letter beyond ASCII goes on to the exact
    /// test: ignoring case maps some of those onto ASCII ones (ı onto I).
    /// </summary>
    [MethodImpl(HotLoops.OptimizeAtOnce)]
    private static bool MayHoldAddressPart(string text, int start, int length)
    {
        var end = start + length;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c > 0x7F) return true;
            // ASCII letters differ from their capitals by the 0x20 bit alone.
            if ((c | 0x20) == 'i' && i + 1 < end && (text[i + 1] | 0x20) == 'p') return true;
            if ((c | 0x20) == 'a' && i + 3 < end && (text[i + 1] | 0x20) == 'd' && (text[i + 2] | 0x20) == 'd' && (text[i + 3] | 0x20) == 'r')
                return true;
        }
        return false;
    }

    private static bool IsTriggerName(string name) =>
        Identifiers.Contains(name) || (MayHoldAddressPart(name, 0, name.Length) && AddressNames.IsAddressName(name));

    private static readonly HashSet<int> IdentifierShapes = new(Identifiers.Select(name => Shape(name.Length, name[0])));

    [MethodImpl(HotLoops.OptimizeAtOnce)]
    public static bool MayReport(SyntaxNode root)
    {
        foreach (var token in root.DescendantTokens())
        {
            switch (token.Kind())
            {
                case SyntaxKind.IdentifierToken:
                    if (IsTriggerName(token.ValueText)) return true;
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
}
