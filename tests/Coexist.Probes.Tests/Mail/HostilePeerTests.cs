using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Coexist.Model;
using Coexist.Probes.Mail.Checks;
using Coexist.Probes.Mail.Smtp;

namespace Coexist.Probes.Tests.Mail;

/// <summary>
/// Servers that misbehave on purpose (real sockets on loopback): each gets a typed failure within its timeout, and
/// what reaches the report is short, printable text, never the megabyte the server sent.
/// </summary>
public sealed class HostilePeerTests
{
    /// <summary>The most a session's evidence, serialized, may weigh: a dialogue's worth of lines, never a flood.</summary>
    private const int MaxEvidenceOctets = 16 * 1024;

    private static void AssertReportSafe(SmtpSession session)
    {
        var verdict = SmtpAnswers.Judge(session);
        Assert.True(verdict.Detail.Length < 600, $"detail of {verdict.Detail.Length} characters");
        Assert.All(verdict.Detail, c => Assert.True(c is >= ' ' and <= '~' or '…' or '§', $"U+{(int)c:X4} in the detail"));
        var evidence = session.ToEvidence().ToJsonString();
        Assert.True(evidence.Length < MaxEvidenceOctets, $"evidence of {evidence.Length} octets");
        using var parsed = JsonDocument.Parse(evidence);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_fails_at_the_4_second_banner_timeout()
    {
        var clock = Stopwatch.StartNew();
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.Silent });
        await using var _ = server;
        clock.Stop();

        Assert.Equal(SmtpFailure.BannerTimedOut, session.Failure);
        Assert.Equal(SmtpStep.Banner, session.FailedStep);
        Assert.InRange(clock.Elapsed, SmtpLimits.BannerTimeout - TimeSpan.FromMilliseconds(100), SmtpLimits.BannerTimeout + TimeSpan.FromSeconds(2));
        Assert.Equal("no first line of the reply within 4 s", session.FailureDetail);
        Assert.Equal(Outcome.Fail, SmtpAnswers.Judge(session).Outcome);
        Assert.Empty(server.Received);
        AssertReportSafe(session);
    }

    [Fact]
    public async Task A_silent_server_gets_no_more_than_the_session_budget()
    {
        var clock = Stopwatch.StartNew();
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.Silent }, budget: TimeSpan.FromSeconds(1));
        await using var _ = server;

        Assert.Equal(SmtpFailure.BannerTimedOut, session.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
        // The banner's 4 s are cut to what is left of the 1 s budget after the connection.
        Assert.Matches("^no first line of the reply within (1|0\\.[0-9]+) s$", session.FailureDetail);
    }

    [Fact]
    public async Task A_one_megabyte_banner_line_stops_at_512_octets()
    {
        var clock = Stopwatch.StartNew();
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.MegabyteLine });
        await using var _ = server;

        Assert.Equal(SmtpFailure.LineTooLong, session.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
        Assert.StartsWith("a reply line longer than 512 octets (RFC 5321 §4.5.3.1.5), starting \"220 xxx", session.FailureDetail, StringComparison.Ordinal);
        Assert.Equal(Outcome.Fail, SmtpAnswers.Judge(session).Outcome);
        AssertReportSafe(session);
    }

    [Fact]
    public async Task A_one_megabyte_banner_of_short_lines_stops_at_the_reply_limit()
    {
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.MegabyteOfLines });
        await using var _ = server;

        Assert.Equal(SmtpFailure.ReplyTooLarge, session.Failure);
        Assert.Contains("more than", session.FailureDetail);
        // 16 KiB of 504-octet lines: the client read 33 of them, of the 2,000 sent.
        Assert.InRange(session.Transcript.Lines.Length, 2, SmtpLimits.MaxReplyLines);
        AssertReportSafe(session);
    }

    [Fact]
    public async Task A_close_in_the_middle_of_the_TLS_handshake_is_a_typed_TLS_failure()
    {
        var clock = Stopwatch.StartNew();
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.ClosesDuringTls });
        await using var _ = server;

        Assert.Equal(SmtpFailure.TlsHandshakeFailed, session.Failure);
        Assert.Equal(SmtpStep.TlsHandshake, session.FailedStep);
        Assert.Equal(StartTlsStatus.HandshakeFailed, session.StartTls);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
        var verdict = StartTlsNegotiates.Judge(session);
        Assert.Equal(Outcome.Fail, verdict.Outcome);
        Assert.StartsWith("STARTTLS was accepted but the TLS handshake failed", verdict.Detail, StringComparison.Ordinal);
        // The greeting and EHLO worked: COEX5002 passes, COEX5003 fails.
        Assert.Equal(Outcome.Pass, SmtpAnswers.Judge(session).Outcome);
        AssertReportSafe(session);
    }

    [Fact]
    public async Task Text_instead_of_a_ServerHello_is_a_typed_TLS_failure()
    {
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.GarbageInsteadOfTls });
        await using var _ = server;

        Assert.Contains(session.Failure, new[] { SmtpFailure.TlsHandshakeFailed, SmtpFailure.TlsTimedOut });
        Assert.Equal(StartTlsStatus.HandshakeFailed, session.StartTls);
        AssertReportSafe(session);
    }

    [Fact]
    public async Task Control_characters_in_a_banner_are_escaped()
    {
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.ControlCharacters });
        await using var _ = server;

        Assert.Equal("220 evil\\x1b[31m\\x07\\x00 banner", session.Banner!.FirstLine);
        AssertReportSafe(session);
    }

    [Fact]
    public async Task A_server_that_hangs_up_instead_of_answering_QUIT_is_a_warning()
    {
        var (session, server) = await SmtpDialogueTests.TalkAsync(new SmtpServerScript { Hostility = SmtpHostility.NoQuitReply });
        await using var _ = server;

        Assert.Equal(SmtpFailure.ClosedByServer, session.Failure);
        Assert.Equal(SmtpStep.Quit, session.FailedStep);
        var verdict = SmtpAnswers.Judge(session);
        Assert.Equal(Outcome.Warn, verdict.Outcome);
        Assert.Contains("but the server closed the connection", verdict.Detail);
    }

    [Fact]
    public async Task The_client_never_sends_MAIL_RCPT_DATA_or_any_command_beyond_the_four()
    {
        var scripts = new[]
        {
            SmtpServerScript.Healthy,
            SmtpServerScript.Healthy.WithoutStartTls(),
            SmtpServerScript.Healthy with { EhloRefusal = "500 5.5.1 unrecognized" },
            SmtpServerScript.Healthy with { StartTlsReply = "454 4.7.0 not now" },
            SmtpServerScript.Healthy with { ImplicitTls = true },
            new SmtpServerScript { Hostility = SmtpHostility.ClosesDuringTls },
            new SmtpServerScript { Hostility = SmtpHostility.NoQuitReply },
        };
        var wire = new List<string>();
        var transcripts = new List<string>();
        foreach (var script in scripts)
        {
            var (session, server) = await SmtpDialogueTests.TalkAsync(script, port: script.ImplicitTls ? 465 : 25);
            await using var _ = server;
            wire.AddRange(server.Received);
            transcripts.AddRange(session.Transcript.ClientCommands);
        }

        Assert.NotEmpty(wire);
        Assert.Equal(wire.Order(StringComparer.Ordinal), transcripts.Order(StringComparer.Ordinal));
        foreach (var line in wire)
        {
            var verb = line.Split(' ')[0];
            Assert.Contains(verb, SmtpDialogue.AllowedCommands);
            foreach (var forbidden in new[] { "MAIL", "RCPT", "DATA", "BDAT", "VRFY", "EXPN", "RSET", "AUTH" })
                Assert.False(line.StartsWith(forbidden, StringComparison.OrdinalIgnoreCase), $"the client sent \"{line}\"");
        }
    }
}
