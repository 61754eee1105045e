using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Coexist.Analyzers;

/// <summary>One part of a string being built: constant text, or a value written into it.</summary>
internal sealed class TextPiece(string? text, IOperation? value, SyntaxNode syntax)
{
    /// <summary>The text, when the piece is constant.</summary>
    public string? Text { get; } = text;

    /// <summary>The value, when the piece is not constant (conversions removed).</summary>
    public IOperation? Value { get; } = value;

    /// <summary>The interpolated text, the interpolation (with braces) or the concatenated operand.</summary>
    public SyntaxNode Syntax { get; } = syntax;
}

/// <summary>How the host is written into the text.</summary>
internal enum HostForm
{
    /// <summary>An <c>IPAddress</c>, formatted by the string.</summary>
    Address,
    /// <summary><c>ip.ToString()</c> of an <c>IPAddress</c>.</summary>
    AddressText,
    /// <summary>A string named for an IP address (<c>clientIp</c>, <c>serverAddress</c>).</summary>
    NamedText,
}

/// <summary>Which rewrite brackets the address where the text is built; none where no mechanical one is safe.</summary>
internal enum HostPortFix
{
    None,
    /// <summary>The whole string is host:port: <c>new IPEndPoint(ip, port).ToString()</c>.</summary>
    EndPoint,
    /// <summary>The whole string is scheme://host:port/path: <c>new UriBuilder(scheme, host, port, path).ToString()</c>.</summary>
    Url,
    /// <summary>host:port inside a longer text: the two values become one, <c>new IPEndPoint(ip, port)</c>.</summary>
    Inline,
}

/// <summary>A host written next to ':' and a port, with no brackets around the host.</summary>
internal sealed class HostPortMatch(
    ImmutableArray<TextPiece> pieces, int hostIndex, HostForm form, IOperation host, IOperation? address,
    IOperation? port, string? portDigits, int endIndex, string rest, TextSpan span)
{
    public ImmutableArray<TextPiece> Pieces { get; } = pieces;
    public int HostIndex { get; } = hostIndex;
    public HostForm Form { get; } = form;
    /// <summary>The host value as written.</summary>
    public IOperation Host { get; } = host;
    /// <summary>The <c>IPAddress</c> behind the host; null for a string host.</summary>
    public IOperation? Address { get; } = address;
    /// <summary>The port value, or null when the port is digits in the text.</summary>
    public IOperation? Port { get; } = port;
    public string? PortDigits { get; } = portDigits;
    /// <summary>The last piece the match takes: the port value, or the text that holds the port's digits.</summary>
    public int EndIndex { get; } = endIndex;
    /// <summary>What follows the port's digits in their text piece ("" when the port is a value).</summary>
    public string Rest { get; } = rest;
    public TextSpan Span { get; } = span;
    public HostPortFix Fix { get; set; }
    /// <summary>For <see cref="HostPortFix.Url"/>: the scheme before "://".</summary>
    public string? Scheme { get; set; }
}

/// <summary>
/// Finds <c>{ip}:{port}</c> in interpolated strings, <c>ip + ":" + port</c> in concatenations and
/// <c>string.Format("{0}:{1}", ip, port)</c>: an endpoint written without the brackets IPv6 needs
/// (<c>[2001:db8::1]:443</c>, RFC 3986 section 3.2.2). Shared by the analyzer and its fix.
/// </summary>
internal static class HostPortText
{
    private const int HighestPort = 65535;

    /// <summary>The pieces of an interpolated string or of a string concatenation (the outermost <c>+</c>).</summary>
    public static ImmutableArray<TextPiece>? Pieces(IOperation operation)
    {
        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.Select(part => part switch
                {
                    IInterpolatedStringTextOperation text => new TextPiece(text.Text.ConstantValue.Value as string ?? "", null, text.Syntax),
                    IInterpolationOperation hole => new TextPiece(null, WithoutConversions(hole.Expression), hole.Syntax),
                    // Passed to an interpolated string handler (StringBuilder.Append($"..."), Debug.Assert), the parts are
                    // AppendLiteral("...") and AppendFormatted(value) calls.
                    IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { Arguments.Length: > 0 } append } =>
                        append.Arguments[0].Value.ConstantValue.Value is string literal && part.Kind == OperationKind.InterpolatedStringAppendLiteral
                            ? new TextPiece(literal, null, part.Syntax)
                            : new TextPiece(null, WithoutConversions(append.Arguments[0].Value), part.Syntax),
                    _ => new TextPiece(null, part, part.Syntax),
                }).ToImmutableArray();
            case IBinaryOperation binary when IsConcatenation(binary) && !(binary.Parent is IBinaryOperation outer && IsConcatenation(outer)):
                var pieces = ImmutableArray.CreateBuilder<TextPiece>();
                Flatten(binary, pieces);
                return pieces.ToImmutable();
            default:
                return null;
        }
    }

    private static bool IsConcatenation(IBinaryOperation binary) =>
        binary.OperatorKind == BinaryOperatorKind.Add && binary.Type?.SpecialType == SpecialType.System_String;

    private static void Flatten(IOperation operand, ImmutableArray<TextPiece>.Builder pieces)
    {
        var value = WithoutConversions(operand);
        if (value is IBinaryOperation binary && IsConcatenation(binary) && !binary.ConstantValue.HasValue)
        {
            Flatten(binary.LeftOperand, pieces);
            Flatten(binary.RightOperand, pieces);
            return;
        }
        pieces.Add(value.ConstantValue.Value switch
        {
            string text => new TextPiece(text, null, value.Syntax),
            char c => new TextPiece(c.ToString(), null, value.Syntax),
            _ => new TextPiece(null, value, value.Syntax),
        });
    }

    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        return operation;
    }

    /// <summary>Every unbracketed host:port in the pieces, each with the fix that applies.</summary>
    public static List<HostPortMatch> Find(ImmutableArray<TextPiece> pieces, NetworkSymbols symbols, SemanticModel model)
    {
        var matches = new List<HostPortMatch>();
        for (var i = 0; i + 1 < pieces.Length; i++)
        {
            if (pieces[i].Value is not { } host || HostFormOf(host, symbols) is not { } form) continue;
            if (i > 0 && pieces[i - 1].Text is { } before && before.EndsWith("[", StringComparison.Ordinal)) continue;
            if (pieces[i + 1].Text is not { } after || !after.StartsWith(":", StringComparison.Ordinal)) continue;

            var address = form switch
            {
                HostForm.Address => host,
                HostForm.AddressText => ((IInvocationOperation)host).Instance,
                _ => null,
            };
            HostPortMatch? match = null;
            if (after == ":" && i + 2 < pieces.Length && pieces[i + 2].Value is { } port && IsInteger(port.Type))
            {
                match = new HostPortMatch(pieces, i, form, host, address, port, null, i + 2, "",
                    TextSpan.FromBounds(pieces[i].Syntax.SpanStart, pieces[i + 2].Syntax.Span.End));
            }
            else if (PortDigits(after) is { } digits)
            {
                var textSyntax = pieces[i + 1].Syntax;
                // The digits' place in source, when the text is spelled as it reads (no escapes before them).
                var end = textSyntax is InterpolatedStringTextSyntax && textSyntax.ToString().StartsWith(":" + digits, StringComparison.Ordinal)
                    ? textSyntax.SpanStart + 1 + digits.Length
                    : textSyntax.Span.End;
                match = new HostPortMatch(pieces, i, form, host, address, null, digits, i + 1, after.Substring(1 + digits.Length),
                    TextSpan.FromBounds(pieces[i].Syntax.SpanStart, end));
            }
            if (match is null) continue;
            ChooseFix(match, model);
            matches.Add(match);
        }
        return matches;
    }

    private static HostForm? HostFormOf(IOperation value, NetworkSymbols symbols)
    {
        if (value.Type.Is(symbols.IPAddress)) return HostForm.Address;
        if (value is IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance } && instance.Type.Is(symbols.IPAddress))
            return HostForm.AddressText;
        if (value.Type?.SpecialType == SpecialType.System_String && IPNames.IsAddress(IPNames.NameOf(value), acceptBareAddress: true))
            return HostForm.NamedText;
        return null;
    }

    private static bool IsInteger(ITypeSymbol? type) => type?.SpecialType is
        SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
        or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;

    /// <summary>":8080..." gives "8080"; a port is one to five digits not followed by another digit.</summary>
    private static string? PortDigits(string text)
    {
        var end = 1;
        while (end < text.Length && end <= 6 && char.IsDigit(text[end])) end++;
        var length = end - 1;
        return length is >= 1 and <= 5 && (end == text.Length || !char.IsDigit(text[end])) ? text.Substring(1, length) : null;
    }

    private static void ChooseFix(HostPortMatch match, SemanticModel model)
    {
        match.Fix = HostPortFix.None;
        if (!CanWrite(match, model)) return;
        var pieces = match.Pieces;
        var wholeEndPoint = match.HostIndex == 0 && match.EndIndex == pieces.Length - 1 && match.Rest.Length == 0;
        if (wholeEndPoint && match.Address is not null)
        {
            match.Fix = HostPortFix.EndPoint;
            return;
        }
        if (match.HostIndex == 1 && pieces[0].Text is { } prefix && SchemeOf(prefix) is { } scheme && PathFollows(match))
        {
            match.Fix = HostPortFix.Url;
            match.Scheme = scheme;
            return;
        }
        if (match.Address is not null) match.Fix = HostPortFix.Inline;
    }

    /// <summary>Values the fix can move into a constructor: no alignment or format, not maybe-null, a port that is an int.</summary>
    private static bool CanWrite(HostPortMatch match, SemanticModel model)
    {
        foreach (var index in new[] { match.HostIndex, match.Port is null ? -1 : match.EndIndex })
        {
            if (index >= 0 && match.Pieces[index].Syntax is InterpolationSyntax { AlignmentClause: not null } or InterpolationSyntax { FormatClause: not null })
                return false;
        }
        var hostSyntax = (match.Address ?? match.Host).Syntax;
        if (model.GetTypeInfo(hostSyntax).Nullability.FlowState == NullableFlowState.MaybeNull) return false;
        if (match.Port is { } port) return IsIntPort(port, model);
        return int.TryParse(match.PortDigits, out var number) && number <= HighestPort;
    }

    /// <summary>IPEndPoint and UriBuilder take the port as an int.</summary>
    private static bool IsIntPort(IOperation port, SemanticModel model) =>
        port.Type is { } type && model.Compilation.ClassifyCommonConversion(type, model.Compilation.GetSpecialType(SpecialType.System_Int32)).IsImplicit;

    /// <summary>"http://" gives "http"; the scheme must be all the text before the host.</summary>
    private static string? SchemeOf(string prefix)
    {
        if (!prefix.EndsWith("://", StringComparison.Ordinal)) return null;
        var scheme = prefix.Substring(0, prefix.Length - 3);
        return scheme.Length > 0 && char.IsLetter(scheme[0]) && scheme.All(c => char.IsLetterOrDigit(c) || c is '+' or '-' or '.') ? scheme : null;
    }

    /// <summary>
    /// A path follows the port. Without one, UriBuilder would add a "/" the original did not have,
    /// so such a URL keeps its shape and gets the inline fix instead.
    /// </summary>
    private static bool PathFollows(HostPortMatch match)
    {
        if (match.Rest.Length > 0) return match.Rest[0] == '/';
        return match.EndIndex + 1 < match.Pieces.Length && match.Pieces[match.EndIndex + 1].Text is { Length: > 0 } next && next[0] == '/';
    }

    /// <summary>
    /// <c>string.Format("{0}:{1}", ip, port)</c> and its provider overload: the format's placeholders for an
    /// address and an integer, joined by ':' and not inside brackets. Only the bare "{0}:{1}" gets a fix.
    /// </summary>
    public static bool FormatsHostPort(IInvocationOperation invocation, NetworkSymbols symbols, SemanticModel model, out bool wholeEndPoint)
    {
        wholeEndPoint = false;
        var method = invocation.TargetMethod;
        if (method.Name != "Format" || method.ContainingType.SpecialType != SpecialType.System_String) return false;
        var format = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "format");
        if (format?.Value.ConstantValue.Value is not string text) return false;
        var values = FormatValues(invocation);
        var found = false;
        for (var i = text.IndexOf('{'); i >= 0 && i < text.Length; i = text.IndexOf('{', i + 1))
        {
            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i++;
                continue;
            }
            if (!TryReadPlaceholder(text, i, out var host, out var afterHost)
                || afterHost + 1 >= text.Length || text[afterHost] != ':'
                || !TryReadPlaceholder(text, afterHost + 1, out var port, out var end)
                || (i > 0 && text[i - 1] == '[')
                || host >= values.Count || port >= values.Count
                || HostFormOf(values[host], symbols) is null
                || !IsInteger(values[port].Type))
                continue;
            found = true;
            wholeEndPoint = i == 0 && end == text.Length && values.Count == 2 && host == 0 && port == 1 && values[0].Type.Is(symbols.IPAddress)
                && model.GetTypeInfo(values[0].Syntax).Nullability.FlowState != NullableFlowState.MaybeNull
                && IsIntPort(values[1], model);
        }
        return found;
    }

    /// <summary>The values after the format, whether passed one by one or as the compiler-built params array.</summary>
    public static List<IOperation> FormatValues(IInvocationOperation invocation)
    {
        var values = new List<IOperation>();
        var format = invocation.Arguments.First(a => a.Parameter?.Name == "format");
        foreach (var argument in invocation.Arguments.Where(a => a.Parameter?.Ordinal > format.Parameter!.Ordinal))
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                values.AddRange(initializer.ElementValues.Select(WithoutConversions));
            else
                values.Add(WithoutConversions(argument.Value));
        }
        return values;
    }

    /// <summary>Reads "{n}" (no alignment, no format) at <paramref name="start"/>.</summary>
    private static bool TryReadPlaceholder(string text, int start, out int index, out int end)
    {
        index = -1;
        end = start;
        if (start >= text.Length || text[start] != '{') return false;
        var close = text.IndexOf('}', start);
        if (close < 0 || !int.TryParse(text.Substring(start + 1, close - start - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index))
            return false;
        end = close + 1;
        return true;
    }
}
