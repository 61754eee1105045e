using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coexist.Probes.Paths;
using Coexist.Probes.Web.Content;

namespace Coexist.Probes.Web.Http;

/// <summary>What to fetch, from where, and within what time.</summary>
public sealed record FetchRequest
{
    /// <summary>The URL asked for; its host goes into the Host header and the TLS SNI, whatever address is connected to.</summary>
    public required Uri Url { get; init; }

    public required WebTarget Target { get; init; }

    /// <summary>The whole fetch, redirects and body included.</summary>
    public TimeSpan Timeout { get; init; } = WebLimits.HttpTimeout;

    public TimeSpan ConnectTimeout { get; init; } = WebLimits.ConnectTimeout;

    /// <summary>False for resources: the status is all that counts, the body is not read.</summary>
    public bool ReadBody { get; init; } = true;
}

/// <summary>
/// GETs a page the way a client on one path would, but to the one address chosen: HttpClient with a connect
/// callback that goes through <see cref="IProbeNetwork"/> (so tests can redirect), redirects followed only on the
/// same host and recorded, at most <see cref="WebLimits.MaxBodyBytes"/> of the body read, the certificate
/// inspected and kept (any certificate is accepted, so that an invalid one is judged by COEX4006 and the page is
/// still compared). Nothing throws for a server's fault: every failure is a typed <see cref="FetchFailure"/>.
/// </summary>
public sealed class PageFetcher
{
    /// <summary>What the probe says it is: honest, and with a page to read about it.</summary>
    public const string UserAgent = "Coexist/0.1 (IPv6 coexistence probe; +https://github.com/coexist-ipv6/coexist)";

    /// <summary>Pages digested at once: parsing is CPU work, and each parse of a large page holds megabytes.</summary>
    private static readonly SemaphoreSlim Digesting = new(Math.Max(2, Environment.ProcessorCount));

    private readonly IProbeNetwork _network;
    private readonly IReadOnlyList<X509Certificate2> _authorities;

    public PageFetcher(IProbeNetwork network, IReadOnlyList<X509Certificate2>? authorities = null)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _authorities = authorities ?? [];
    }

    public async Task<PageFetch> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        IPAddress? connected = null;
        TlsObservation? tls = null;
        using var handler = Handler(request, address => connected = address, observation => tls = observation);
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.Timeout);

        var hops = ImmutableArray.CreateBuilder<RedirectHop>();
        var literalRedirects = ImmutableArray.CreateBuilder<string>();
        var visited = new HashSet<Uri> { request.Url };
        var url = request.Url;
        PageFetch Done(PageFetch fetch) => fetch with
        {
            Address = connected,
            Tls = tls,
            Redirects = hops.ToImmutable(),
            RedirectsToIPv4Literals = literalRedirects.ToImmutable(),
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
        PageFetch Failed(FetchFailureKind kind, string text) => Done(new PageFetch { Url = request.Url, Failure = new FetchFailure(kind, text), FinalUrl = url });

        while (true)
        {
            HttpResponseMessage response;
            using (var message = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower })
            {
                message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
                message.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
                try
                {
                    response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return Failed(FetchFailureKind.Timeout, $"no complete HTTP answer from {Where(connected, request, url)} within {WebTarget.Seconds(request.Timeout)} s");
                }
                catch (HttpRequestException e)
                {
                    var (kind, text) = Classify(e, url, request, connected);
                    return Failed(kind, text);
                }
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var headers = Summarize(response);
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var locationText = ReportText.Clean(location.OriginalString, WebLimits.MaxUrlText);
                    hops.Add(new RedirectHop(url, status, locationText));
                    Uri.TryCreate(url, location, out var next);
                    if (next is not null && next.HostNameType == UriHostNameType.IPv4) literalRedirects.Add(locationText);
                    var followable = next is not null && (next.Scheme == Uri.UriSchemeHttp || next.Scheme == Uri.UriSchemeHttps)
                        && string.Equals(next.IdnHost, request.Url.IdnHost, StringComparison.OrdinalIgnoreCase);
                    if (followable)
                    {
                        if (!visited.Add(next!))
                            return Failed(FetchFailureKind.RedirectLoop, $"redirect loop: {ReportText.Clean(next!.PathAndQuery, WebLimits.MaxUrlText)} redirects back to a URL already visited after {hops.Count} redirects");
                        if (hops.Count > WebLimits.MaxRedirects)
                            return Failed(FetchFailureKind.TooManyRedirects, $"more than {WebLimits.MaxRedirects} redirects on {request.Url.IdnHost}; gave up");
                        url = next!;
                        continue;
                    }
                    return Done(await FinalAsync(response, status, headers, request, url, cancellationToken, deadline.Token).ConfigureAwait(false)
                        with { RedirectNotFollowed = next is null ? $"an unusable Location: {locationText}" : locationText });
                }
                return Done(await FinalAsync(response, status, headers, request, url, cancellationToken, deadline.Token).ConfigureAwait(false));
            }
        }
    }

    private static string Where(IPAddress? connected, FetchRequest request, Uri url) =>
        $"{connected?.ToString() ?? request.Target.Key} port {url.Port}";

    /// <summary>The final answer: its headers and, when asked, a digest of the first bytes of its body.</summary>
    private static async Task<PageFetch> FinalAsync(HttpResponseMessage response, int status, HeaderSummary headers, FetchRequest request, Uri url,
        CancellationToken cancellationToken, CancellationToken deadline)
    {
        var fetch = new PageFetch
        {
            Url = request.Url,
            Status = status,
            Reason = response.ReasonPhrase is { } reason ? ReportText.Clean(reason, WebLimits.MaxHeaderText) : null,
            FinalUrl = url,
            Headers = headers,
        };
        if (!request.ReadBody) return fetch;

        var buffer = ArrayPool<byte>.Shared.Rent(WebLimits.MaxBodyBytes + 1);
        try
        {
            var read = 0;
            string? problem = null;
            try
            {
                var body = await response.Content.ReadAsStreamAsync(deadline).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    // One byte beyond the limit tells a body cut short from one that ends exactly there.
                    while (read <= WebLimits.MaxBodyBytes)
                    {
                        var n = await body.ReadAsync(buffer.AsMemory(read, WebLimits.MaxBodyBytes + 1 - read), deadline).ConfigureAwait(false);
                        if (n == 0) break;
                        read += n;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"the body did not complete within {WebTarget.Seconds(request.Timeout)} s; compared what came";
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                problem = "the connection broke during the body; compared what came";
            }
            var truncated = read > WebLimits.MaxBodyBytes;
            var length = Math.Min(read, WebLimits.MaxBodyBytes);
            PageDigest digest;
            await Digesting.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                digest = await PageDigest.CreateAsync(buffer.AsMemory(0, length), headers.ContentType, url, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Digesting.Release();
            }
            return fetch with { BodyBytes = length, Truncated = truncated, Digest = digest, BodyProblem = problem };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private SocketsHttpHandler Handler(FetchRequest request, Action<IPAddress> connected, Action<TlsObservation> observed) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = request.ConnectTimeout,
        MaxResponseHeadersLength = WebLimits.MaxResponseHeadersKilobytes,
        ResponseDrainTimeout = TimeSpan.Zero,
        ConnectCallback = async (context, token) =>
        {
            var (socket, address) = await request.Target.ConnectAsync(context.DnsEndPoint.Port, _network, request.ConnectTimeout, token).ConfigureAwait(false);
            connected(address);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            // Nothing leaves for revocation lists or missing intermediates: the probe talks to the target only.
            CertificateChainPolicy = new X509ChainPolicy
            {
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
                ApplicationPolicy = { new Oid("1.3.6.1.5.5.7.3.1") },   // id-kp-serverAuth, RFC 5280 §4.2.1.12
            },
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is not null) observed(TlsObservation.Inspect(certificate, chain, errors, _authorities));
                // Judged by COEX4006; accepting lets the page be compared even when its certificate is not valid.
                return true;
            },
        },
    };

    /// <summary>A failed request in the probe's words; the server's bytes never reach the text.</summary>
    private static (FetchFailureKind, string) Classify(HttpRequestException e, Uri url, FetchRequest request, IPAddress? connected)
    {
        var where = Where(connected, request, url);
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebConnectException connect) return (FetchFailureKind.Connect, connect.Message);
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => (FetchFailureKind.Tls, $"TLS handshake with {where} failed: {TlsReason(e)}"),
            HttpRequestError.ResponseEnded => (FetchFailureKind.Closed, $"{where} closed the connection before a complete HTTP answer"),
            HttpRequestError.InvalidResponse => (FetchFailureKind.InvalidResponse, $"{where} answered with something that is not valid HTTP"),
            HttpRequestError.ConfigurationLimitExceeded => (FetchFailureKind.InvalidResponse, $"{where} sent response headers over {WebLimits.MaxResponseHeadersKilobytes} KiB"),
            HttpRequestError.ConnectionError => (FetchFailureKind.Closed, $"the connection to {where} failed ({Innermost(e)})"),
            _ => (FetchFailureKind.Closed, $"the request to {where} failed ({e.HttpRequestError}, {Innermost(e)})"),
        };
    }

    private static string TlsReason(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException:
                    return "the server refused the handshake or offered nothing this client accepts";
                case IOException when inner.InnerException is null or System.Net.Sockets.SocketException:
                    // An end of stream or a reset: either way the server hung up mid-handshake.
                    return "the server closed the connection during the handshake";
            }
        }
        return "no TLS session could be established";
    }

    /// <summary>The innermost exception's type, a word about it and nothing the server sent.</summary>
    private static string Innermost(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner is System.Net.Sockets.SocketException socket ? WebTarget.Describe(socket.SocketErrorCode) : inner.GetType().Name;
    }

    private static HeaderSummary Summarize(HttpResponseMessage response)
    {
        string? Header(string name)
        {
            if (response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values))
                return ReportText.Clean(string.Join(", ", values), WebLimits.MaxHeaderText);
            return null;
        }
        long? length = Header("Content-Length") is { } lengthText && long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var names = response.Headers.NonValidated.Select(h => h.Key).Concat(response.Content.Headers.NonValidated.Select(h => h.Key))
            .Select(n => ReportText.Clean(n.ToLowerInvariant(), 60)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(40);
        return new HeaderSummary
        {
            Server = Header("Server"),
            Via = Header("Via"),
            PoweredBy = Header("X-Powered-By"),
            ContentType = Header("Content-Type"),
            ContentLength = length,
            ETag = Header("ETag"),
            LastModified = Header("Last-Modified"),
            Location = Header("Location"),
            Names = [.. names],
        };
    }
}
