using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coexist.Probes.Tests.Web;

/// <summary>
/// A real web server (Kestrel) on loopback: HTTP and HTTPS on 127.0.0.1 and on ::1, each on a port of its own,
/// answering with <paramref name="handler"/>. A test maps made-up addresses and ports 80/443 onto these.
/// </summary>
internal sealed class LoopbackWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebServer(WebApplication app, IReadOnlyList<Uri> urls)
    {
        _app = app;
        Http4 = Find(urls, "http", IPAddress.Loopback);
        Https4 = Find(urls, "https", IPAddress.Loopback);
        Http6 = Find(urls, "http", IPAddress.IPv6Loopback);
        Https6 = Find(urls, "https", IPAddress.IPv6Loopback);
    }

    public IPEndPoint Http4 { get; }
    public IPEndPoint Https4 { get; }
    public IPEndPoint Http6 { get; }
    public IPEndPoint Https6 { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    /// <summary>Requests served so far for <paramref name="host"/> and <paramref name="path"/> at the listener <paramref name="listener"/>.</summary>
    public int Requests(string host, string path, IPEndPoint listener) => _requests.GetValueOrDefault($"{host} {path} {listener}");

    public static async Task<LoopbackWebServer> StartAsync(X509Certificate2 certificate, Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var loopback in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
            {
                kestrel.Listen(loopback, 0);
                kestrel.Listen(loopback, 0, listen => listen.UseHttps(certificate));
            }
        });
        var app = builder.Build();
        LoopbackWebServer? server = null;
        app.Run(context =>
        {
            var listener = new IPEndPoint(context.Connection.LocalIpAddress!, context.Connection.LocalPort);
            server!._requests.AddOrUpdate($"{context.Request.Host.Host} {context.Request.Path} {listener}", 1, (_, n) => n + 1);
            return handler(context);
        });
        await app.StartAsync();
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        server = new LoopbackWebServer(app, urls);
        return server;
    }

    private static IPEndPoint Find(IReadOnlyList<Uri> urls, string scheme, IPAddress loopback)
    {
        var url = urls.Single(u => u.Scheme == scheme && IPAddress.Parse(u.Host.Trim('[', ']')).Equals(loopback));
        return new IPEndPoint(loopback, url.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
