using System.Collections.Immutable;

namespace Coexist.Probes.Mail.Smtp;

/// <summary>
/// One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more lines of text. <see cref="Texts"/> are the
/// lines without their code and separator ("250-PIPELINING" gives "PIPELINING").
/// </summary>
public sealed record SmtpReply(int Code, ImmutableArray<string> Texts)
{
    /// <summary>2yz: the command was done (RFC 5321 §4.2.1).</summary>
    public bool IsPositive => Code is >= 200 and < 300;

    /// <summary>The first line as the server wrote it, made fit for a report.</summary>
    public string FirstLine => ReportText.Printable(Texts.IsEmpty ? Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Code} {Texts[0]}");

    public override string ToString() => FirstLine;
}
