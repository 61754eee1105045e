using System.Text;

namespace Coexist.Probes.Mail;

/// <summary>
/// Text a remote peer chose (a banner, a reply, a certificate's names) made fit for a report: control characters
/// and anything outside printable ASCII shown as escapes, the length capped. A peer can send megabytes of
/// anything; a report gets at most <c>maxLength</c> characters of it, on one line.
/// </summary>
public static class ReportText
{
    /// <summary>What marks text cut at the cap.</summary>
    public const string Ellipsis = "…";

    public static string Printable(string? text, int maxLength = Smtp.SmtpLimits.ReportTextLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            var piece = c is >= ' ' and <= '~' ? c.ToString() : $"\\x{(int)c:x2}";
            if (builder.Length + piece.Length > maxLength)
            {
                builder.Append(Ellipsis);
                break;
            }
            builder.Append(piece);
        }
        return builder.ToString();
    }

    /// <summary>Octets from the wire, read as Latin-1 (one char an octet), then made printable.</summary>
    public static string Printable(ReadOnlySpan<byte> octets, int maxLength = Smtp.SmtpLimits.ReportTextLength) =>
        Printable(Encoding.Latin1.GetString(octets[..Math.Min(octets.Length, maxLength * 4)]), maxLength);
}
