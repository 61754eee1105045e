using System.Collections.Immutable;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Coexist.Probes.Mail.Smtp;

/// <summary>The waits of one session; <see cref="Default"/> holds every step to the 4 s.</summary>
public sealed record SmtpTimeouts(TimeSpan Connect, TimeSpan Banner, TimeSpan Reply, TimeSpan TlsHandshake)
{
    /// <summary>
    /// Connect 4 s: with the initial retransmission timeout of 1 s (RFC 6298 §2.1) two SYN retransmissions fit;
    /// the others from <see cref="SmtpLimits"/>.
    /// </summary>
    public static SmtpTimeouts Default { get; } = new(TimeSpan.FromSeconds(4), SmtpLimits.BannerTimeout, SmtpLimits.ReplyTimeout, SmtpLimits.TlsHandshakeTimeout);
}

/// <summary>
/// The SMTP a probe needs and nothing more: connect, read the greeting, EHLO (HELO if EHLO is refused), STARTTLS
/// and a TLS handshake when offered (or TLS first on port 465), EHLO again over TLS, QUIT. Every step is timed
/// and has its own timeout inside the session's budget. It never sends MAIL, RCPT, DATA or anything else that
/// could start a mail transaction: <see cref="AllowedCommands"/> is checked before each write.
/// Errors of the server are results (<see cref="SmtpSession.Failure"/>); only the caller's cancellation throws.
/// </summary>
public static class SmtpDialogue
{
    /// <summary>Every command the client may write. Nothing else ever goes on the wire.</summary>
    public static readonly IReadOnlySet<string> AllowedCommands = new HashSet<string>(StringComparer.Ordinal) { "EHLO", "HELO", "STARTTLS", "QUIT" };

    /// <summary>Connects to <see cref="SmtpTarget.ConnectTo"/> and runs the dialogue; the whole session ends within <paramref name="budget"/>.</summary>
    public static async Task<SmtpSession> RunAsync(SmtpTarget target, TimeSpan budget, SmtpTimeouts? timeouts = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var run = new Run(target, timeouts ?? SmtpTimeouts.Default, budget);
        using var socket = new Socket(target.ConnectTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (!await run.ConnectAsync(socket, cancellationToken).ConfigureAwait(false)) return run.Result();
        return await run.TalkAsync(socket, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the dialogue on a socket already connected (a Happy Eyeballs winner), which the caller owns.</summary>
    public static Task<SmtpSession> RunAsync(Socket connected, SmtpTarget target, TimeSpan budget, TimeSpan connectTook, SmtpTimeouts? timeouts = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connected);
        ArgumentNullException.ThrowIfNull(target);
        var run = new Run(target, timeouts ?? SmtpTimeouts.Default, budget);
        run.Record(SmtpStep.Connect, true, connectTook, $"connected to {target.Address} port {target.Port}");
        return run.TalkAsync(connected, cancellationToken);
    }

    private sealed class Run(SmtpTarget target, SmtpTimeouts timeouts, TimeSpan budget)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly ImmutableArray<SmtpStepResult>.Builder _steps = ImmutableArray.CreateBuilder<SmtpStepResult>();
        private SmtpSession _session = new() { Target = target, Transcript = new SmtpTranscript() };
        private SmtpStep _current = SmtpStep.Connect;
        private long _stepStarted = Stopwatch.GetTimestamp();

        private TimeSpan Remaining => budget - Stopwatch.GetElapsedTime(_started);

        public void Record(SmtpStep step, bool succeeded, TimeSpan duration, string detail) =>
            _steps.Add(new SmtpStepResult(step, succeeded, duration, detail));

        public SmtpSession Result() => _session with { Steps = _steps.ToImmutable(), Elapsed = Stopwatch.GetElapsedTime(_started) };

        private void Begin(SmtpStep step)
        {
            _current = step;
            _stepStarted = Stopwatch.GetTimestamp();
        }

        public async Task<bool> ConnectAsync(Socket socket, CancellationToken cancellationToken)
        {
            Begin(SmtpStep.Connect);
            var wait = timeouts.Connect;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                wait = Wait(timeouts.Connect);
                deadline.CancelAfter(wait);
                await socket.ConnectAsync(target.ConnectTo, deadline.Token).ConfigureAwait(false);
                socket.NoDelay = true;
                Record(SmtpStep.Connect, true, Stopwatch.GetElapsedTime(_stepStarted), $"connected to {target.Address} port {target.Port}");
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Fail(SmtpFailure.ConnectTimedOut, $"no connection to {target.Address} port {target.Port} within {wait.TotalSeconds:0.###} s");
            }
            catch (SocketException e)
            {
                var failure = e.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => SmtpFailure.ConnectionRefused,
                    SocketError.ConnectionReset => SmtpFailure.ConnectionReset,
                    SocketError.TimedOut => SmtpFailure.ConnectTimedOut,
                    _ => SmtpFailure.Unreachable,
                };
                var words = failure == SmtpFailure.ConnectionRefused ? "connection refused (nothing listens there)" : e.SocketErrorCode.ToString();
                Fail(failure, $"{target.Address} port {target.Port}: {words}");
            }
            catch (SmtpProtocolException e)
            {
                Fail(e.Failure, e.Message);
            }
            return false;
        }

        public async Task<SmtpSession> TalkAsync(Socket socket, CancellationToken cancellationToken)
        {
            await using var network = new NetworkStream(socket, ownsSocket: false);
            Stream stream = network;
            SslStream? tls = null;
            var reader = new SmtpReplyReader(network, _session.Transcript);
            try
            {
                if (target.Mode == SmtpTlsMode.Implicit)
                {
                    Begin(SmtpStep.ImplicitTls);
                    tls = await HandshakeAsync(network, SmtpStep.ImplicitTls, cancellationToken).ConfigureAwait(false);
                    stream = tls;
                    reader.SwitchTo(tls);
                }

                Begin(SmtpStep.Banner);
                var banner = await reader.ReadAsync(Wait(timeouts.Banner), Wait(timeouts.Reply), SmtpFailure.BannerTimedOut, cancellationToken).ConfigureAwait(false);
                _session = _session with { Banner = banner };
                if (banner.Code != 220)
                {
                    Fail(SmtpFailure.GreetingRefused, $"the greeting was \"{banner.FirstLine}\", not 220: {(banner.Code == 554 ? "no SMTP service here" : banner.Code == 421 ? "service not available now" : "not a greeting")} (RFC 5321 §3.1)");
                    return Result();
                }
                Record(SmtpStep.Banner, true, Stopwatch.GetElapsedTime(_stepStarted), banner.FirstLine);

                var greeting = await CommandAsync(stream, reader, SmtpStep.Ehlo, $"EHLO {SmtpLimits.EhloName}", cancellationToken).ConfigureAwait(false);
                if (!greeting.IsPositive)
                {
                    // RFC 5321 §4.1.4: a client whose EHLO is refused may fall back to HELO, and so has no extensions.
                    greeting = await CommandAsync(stream, reader, SmtpStep.Helo, $"HELO {SmtpLimits.EhloName}", cancellationToken).ConfigureAwait(false);
                    _session = _session with { UsedHelo = true };
                    if (!greeting.IsPositive)
                    {
                        _session = _session with { Greeting = greeting, Failure = SmtpFailure.EhloRejected, FailedStep = SmtpStep.Helo, FailureDetail = $"EHLO and HELO were refused: \"{greeting.FirstLine}\"" };
                        return Result();
                    }
                }
                _session = _session with { Greeting = greeting, Extensions = _session.UsedHelo ? EhloExtensions.None : EhloExtensions.FromReply(greeting) };

                if (target.Mode == SmtpTlsMode.StartTls)
                {
                    if (!_session.Extensions.OffersStartTls)
                    {
                        _session = _session with { StartTls = StartTlsStatus.NotOffered };
                    }
                    else
                    {
                        var reply = await CommandAsync(stream, reader, SmtpStep.StartTls, "STARTTLS", cancellationToken).ConfigureAwait(false);
                        _session = _session with { StartTlsReply = reply };
                        if (reply.Code != 220)
                        {
                            _session = _session with { StartTls = StartTlsStatus.Rejected };
                        }
                        else
                        {
                            _session = _session with { StartTls = StartTlsStatus.HandshakeFailed, OctetsBeforeTls = reader.Buffered };
                            Begin(SmtpStep.TlsHandshake);
                            tls = await HandshakeAsync(network, SmtpStep.TlsHandshake, cancellationToken).ConfigureAwait(false);
                            stream = tls;
                            reader.SwitchTo(tls);
                            _session = _session with { StartTls = StartTlsStatus.Negotiated };
                            var again = await CommandAsync(stream, reader, SmtpStep.EhloAfterTls, $"EHLO {SmtpLimits.EhloName}", cancellationToken).ConfigureAwait(false);
                            if (again.IsPositive) _session = _session with { ExtensionsAfterTls = EhloExtensions.FromReply(again) };
                            else _session = _session with { Failure = SmtpFailure.EhloRejected, FailedStep = SmtpStep.EhloAfterTls, FailureDetail = $"EHLO over TLS was refused: \"{again.FirstLine}\"" };
                        }
                    }
                }

                var quit = await CommandAsync(stream, reader, SmtpStep.Quit, "QUIT", cancellationToken).ConfigureAwait(false);
                _session = _session with { QuitReply = quit };
                return Result();
            }
            catch (SmtpProtocolException e)
            {
                Fail(e.Failure, e.Message);
                return Result();
            }
            finally
            {
                if (tls is not null) await tls.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Writes one command (only those in <see cref="AllowedCommands"/>) and reads its reply; the step is timed.</summary>
        private async Task<SmtpReply> CommandAsync(Stream stream, SmtpReplyReader reader, SmtpStep step, string command, CancellationToken cancellationToken)
        {
            var verb = command.Split(' ')[0];
            if (!AllowedCommands.Contains(verb)) throw new InvalidOperationException($"the probe's SMTP client never sends {verb}");
            Begin(step);
            var wait = Wait(timeouts.Reply);
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(wait);
                _session.Transcript.Add(SmtpDirection.Client, command);
                try
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), deadline.Token).ConfigureAwait(false);
                    await stream.FlushAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new SmtpProtocolException(SmtpFailure.ReplyTimedOut, $"{verb} could not be written within {wait.TotalSeconds:0.###} s");
                }
                catch (IOException e)
                {
                    throw new SmtpProtocolException(SmtpFailure.ConnectionReset, $"the connection failed while sending {verb}: {ReportText.Printable(e.InnerException?.Message ?? e.Message)}");
                }
            }
            var reply = await reader.ReadAsync(wait, Wait(timeouts.Reply), SmtpFailure.ReplyTimedOut, cancellationToken).ConfigureAwait(false);
            Record(step, IsExpected(step, reply), Stopwatch.GetElapsedTime(_stepStarted), reply.FirstLine);
            return reply;
        }

        private static bool IsExpected(SmtpStep step, SmtpReply reply) => step switch
        {
            SmtpStep.StartTls => reply.Code == 220,
            SmtpStep.Quit => reply.Code == 221,
            _ => reply.IsPositive,
        };

        private async Task<SslStream> HandshakeAsync(NetworkStream network, SmtpStep step, CancellationToken cancellationToken)
        {
            var wait = Wait(timeouts.TlsHandshake);
            X509Certificate? seen = null;
            var errors = SslPolicyErrors.None;
            var tls = new SslStream(network, leaveInnerStreamOpen: true);
            var options = new SslClientAuthenticationOptions
            {
                // SNI: the MX host name; an address literal sends none (RFC 6066 §3).
                TargetHost = target.HostName ?? target.Address.ToString(),
                // Opportunistic TLS (RFC 7435): finish the handshake whatever the certificate, and report what validation found.
                RemoteCertificateValidationCallback = (_, certificate, _, policyErrors) =>
                {
                    seen = certificate;
                    errors = policyErrors;
                    return true;
                },
                // No OCSP, CRL or AIA fetches: the probe's traffic goes to the server it tests and nowhere else.
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true },
            };
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(wait);
            try
            {
                await tls.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or AuthenticationException or IOException or SocketException)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
                if (e is OperationCanceledException)
                    throw new SmtpProtocolException(SmtpFailure.TlsTimedOut, $"the TLS handshake did not finish within {wait.TotalSeconds:0.###} s");
                throw new SmtpProtocolException(SmtpFailure.TlsHandshakeFailed, $"the TLS handshake failed: {Describe(e)}");
            }
            var details = new TlsDetails(tls.SslProtocol.ToString(), tls.NegotiatedCipherSuite.ToString(), seen is null ? null : CertificateSummary.Of(seen), errors, Stopwatch.GetElapsedTime(_stepStarted));
            _session = _session with { Tls = details };
            Record(step, true, details.Handshake, details.Describe());
            return tls;
        }

        private static string Describe(Exception e)
        {
            var messages = new List<string>();
            for (var inner = e; inner is not null && messages.Count < 3; inner = inner.InnerException)
                messages.Add(inner.Message);
            return ReportText.Printable(string.Join(": ", messages.Distinct()));
        }

        /// <summary>A step's wait, cut to what is left of the session's budget.</summary>
        private TimeSpan Wait(TimeSpan step)
        {
            var left = Remaining;
            if (left <= TimeSpan.Zero) throw new SmtpProtocolException(SmtpFailure.SessionTimedOut, $"the session ran past its {budget.TotalSeconds:0.###} s budget before {_current}");
            return left < step ? left : step;
        }

        private void Fail(SmtpFailure failure, string detail)
        {
            Record(_current, false, Stopwatch.GetElapsedTime(_stepStarted), detail);
            _session = _session with { Failure = failure, FailedStep = _current, FailureDetail = detail };
        }
    }
}
