using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Coexist.Lab.Tests.Clients;

/// <summary>
/// HTTP(S) to one chosen address while the URL keeps the site's name (Host header and SNI), with
/// certificates checked against the lab's test CA, as a probe does it.
/// </summary>
public sealed class LabHttp(string caCertificatePath)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly X509Certificate2 _ca = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);

    public async Task<string> GetStringAsync(Uri uri, IPAddress address)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = Timeout,
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => IssuedByLabCa(certificate, errors) },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var response = await client.GetAsync(uri).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    private bool IssuedByLabCa(X509Certificate? certificate, SslPolicyErrors errors)
    {
        // A wrong name stays an error; only the chain is judged against the lab CA instead of the system's.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
