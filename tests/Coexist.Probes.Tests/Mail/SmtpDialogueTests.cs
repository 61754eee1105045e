using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Coexist.Probes.Mail.Checks;
using Coexist.Probes.Mail.Smtp;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Mail;

/// <summary>The SMTP client against loopback MTAs: each step, STARTTLS and implicit TLS for real, HELO fallback, refusals.</summary>
public sealed class SmtpDialogueTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    internal static async Task<(SmtpSession Session, LoopbackSmtpServer Server)> TalkAsync(SmtpServerScript script, IPAddress? loopback = null, int port = 25, SmtpTimeouts? timeouts = null, TimeSpan? budget = null)
    {
        var server = LoopbackSmtpServer.Start(loopback ?? IPAddress.Loopback, script);
        var target = new SmtpTarget(IPAddress.Parse(server.EndPoint.AddressFamily == AddressFamily.InterNetwork ? "198.51.100.25" : "2001:db8:25::25"), port, "mx.shop.test", server.EndPoint);
        var session = await SmtpDialogue.RunAsync(target, budget ?? Budget, timeouts);
        return (session, server);
    }

    [Fact]
    public async Task A_healthy_MTA_over_IPv4_greets_offers_and_negotiates_STARTTLS_and_says_goodbye()
    {
        var (session, server) = await TalkAsync(SmtpServerScript.Healthy);
        await using var _ = server;

        Assert.Equal(SmtpFailure.None, session.Failure);
        Assert.True(session.Greeted);
        Assert.Equal("220 mx.shop.test ESMTP coexist test", session.Banner!.FirstLine);
        Assert.Equal(["PIPELINING", "SIZE", "8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES"], session.Extensions.Keywords);
        Assert.Equal("10240000", session.Extensions.Items[1].Parameters);
        Assert.Equal(StartTlsStatus.Negotiated, session.StartTls);
        Assert.True(session.TlsWorks);
        Assert.Contains("AUTH", session.ExtensionsAfterTls!.Keywords);
        Assert.DoesNotContain("STARTTLS", session.ExtensionsAfterTls.Keywords);
        Assert.Equal(221, session.QuitReply!.Code);
        Assert.Equal([SmtpStep.Connect, SmtpStep.Banner, SmtpStep.Ehlo, SmtpStep.StartTls, SmtpStep.TlsHandshake, SmtpStep.EhloAfterTls, SmtpStep.Quit], session.Steps.Select(s => s.Step));
        Assert.All(session.Steps, s => Assert.True(s.Succeeded, $"{s.Step}: {s.Detail}"));
        Assert.All(session.Steps, s => Assert.True(s.Duration < TimeSpan.FromSeconds(4), $"{s.Step} took {s.Duration}"));
    }

    [LoopbackFact]
    public async Task TLS_details_and_the_certificate_are_recorded_and_an_untrusted_certificate_does_not_stop_the_session()
    {
        var (session, server) = await TalkAsync(SmtpServerScript.Healthy, IPAddress.IPv6Loopback);
        await using var _ = server;

        var tls = session.Tls!;
        Assert.Contains(tls.Protocol, new[] { "Tls12", "Tls13" });
        Assert.StartsWith("TLS_", tls.CipherSuite, StringComparison.Ordinal);
        Assert.Equal("CN=mx.shop.test", tls.Certificate!.Subject);
        Assert.Equal(["mx.shop.test", "*.shop.test"], tls.Certificate.DnsNames.AsEnumerable());
        Assert.Equal(64, tls.Certificate.Sha256.Length);
        // Self-signed: a validating client would refuse it; opportunistic TLS goes on and says so.
        Assert.True(tls.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors), tls.PolicyErrors.ToString());
        Assert.Contains("certificate not valid here", tls.Describe());
        Assert.True(session.TlsWorks);
    }

    [Fact]
    public async Task Port_465_speaks_TLS_first()
    {
        var (session, server) = await TalkAsync(SmtpServerScript.Healthy with { ImplicitTls = true }, port: SmtpLimits.ImplicitTlsSubmissionPort);
        await using var _ = server;

        Assert.Equal(SmtpTlsMode.Implicit, session.Target.Mode);
        Assert.Equal([SmtpStep.Connect, SmtpStep.ImplicitTls, SmtpStep.Banner, SmtpStep.Ehlo, SmtpStep.Quit], session.Steps.Select(s => s.Step));
        Assert.NotNull(session.Tls);
        Assert.True(session.TlsWorks);
        Assert.Equal(StartTlsStatus.NotReached, session.StartTls);
        Assert.DoesNotContain("STARTTLS", server.Received);
    }

    [Fact]
    public async Task A_refused_EHLO_falls_back_to_HELO_without_extensions()
    {
        var (session, server) = await TalkAsync(SmtpServerScript.Healthy with { EhloRefusal = "502 5.5.1 EHLO not implemented" });
        await using var _ = server;

        Assert.True(session.Greeted);
        Assert.True(session.UsedHelo);
        Assert.Empty(session.Extensions.Items);
        Assert.Equal(StartTlsStatus.NotOffered, session.StartTls);
        Assert.Equal(["EHLO coexist.invalid", "HELO coexist.invalid", "QUIT"], server.Received);
        Assert.Contains("HELO has no extensions", StartTlsNegotiates.Judge(session).Detail);
    }

    [Fact]
    public async Task No_STARTTLS_and_a_refused_STARTTLS_are_told_apart()
    {
        var (plain, plainServer) = await TalkAsync(SmtpServerScript.Healthy.WithoutStartTls());
        var (refused, refusingServer) = await TalkAsync(SmtpServerScript.Healthy with { StartTlsReply = "454 4.7.0 TLS not available due to local problem" });
        await using var _ = plainServer;
        await using var __ = refusingServer;

        Assert.Equal(StartTlsStatus.NotOffered, plain.StartTls);
        Assert.Equal(221, plain.QuitReply!.Code);
        Assert.Contains("EHLO does not offer STARTTLS (it lists PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES)", StartTlsNegotiates.Judge(plain).Detail);
        Assert.Equal(StartTlsStatus.Rejected, refused.StartTls);
        Assert.Equal(221, refused.QuitReply!.Code);
        Assert.Contains("answered \"454 4.7.0 TLS not available due to local problem\"", StartTlsNegotiates.Judge(refused).Detail);
    }

    [Fact]
    public async Task A_554_greeting_is_a_refusal_not_a_greeting()
    {
        var (session, server) = await TalkAsync(SmtpServerScript.Healthy with { Greeting = "554 5.3.2 no SMTP service here" });
        await using var _ = server;

        Assert.Equal(SmtpFailure.GreetingRefused, session.Failure);
        Assert.False(session.Greeted);
        Assert.Empty(server.Received);
        Assert.Contains("no SMTP service here (RFC 5321 §3.1)", SmtpAnswers.Judge(session).Detail);
    }

    [Fact]
    public async Task A_multi_line_greeting_is_one_reply()
    {
        var (session, server) = await TalkAsync(SmtpServerScript.Healthy with { Greeting = "220-mx.shop.test first line\r\n220-second\r\n220 third" });
        await using var _ = server;

        Assert.True(session.Greeted);
        Assert.Equal(["mx.shop.test first line", "second", "third"], session.Banner!.Texts.AsEnumerable());
        Assert.Equal("220 mx.shop.test first line", session.Banner.FirstLine);
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused()
    {
        using var placeholder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        placeholder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closed = (IPEndPoint)placeholder.LocalEndPoint!;

        var session = await SmtpDialogue.RunAsync(new SmtpTarget(IPAddress.Parse("198.51.100.25"), 25, "mx.shop.test", closed), Budget);

        Assert.Equal(SmtpFailure.ConnectionRefused, session.Failure);
        Assert.Equal(SmtpStep.Connect, session.FailedStep);
        Assert.Equal("198.51.100.25 port 25: connection refused (nothing listens there)", session.FailureDetail);
    }

    [Fact]
    public async Task A_spent_budget_is_a_typed_failure_not_an_exception()
    {
        await using var server = LoopbackSmtpServer.Start(IPAddress.Loopback);

        var session = await SmtpDialogue.RunAsync(new SmtpTarget(IPAddress.Parse("198.51.100.25"), 25, null, server.EndPoint), TimeSpan.Zero);

        Assert.Equal(SmtpFailure.SessionTimedOut, session.Failure);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public void Only_the_four_commands_a_probe_needs_may_be_sent() =>
        Assert.Equal(["EHLO", "HELO", "QUIT", "STARTTLS"], SmtpDialogue.AllowedCommands.Order(StringComparer.Ordinal));
}
