using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Cli.Tests;

/// <summary><c>coexist echo-server</c> in process: it serves until it is told to stop, and refuses what it cannot serve on.</summary>
public sealed class EchoServerCommandTests
{
    [Fact]
    public async Task Serves_echo_on_the_endpoint_given_then_stops_by_itself()
    {
        var port = PathBenchCommandTests.FreePort();
        var run = Cli.RunAsync("echo-server", "--listen", $"127.0.0.1:{port}", "--stop-after", "3");
        string echoed;
        using (var client = await ConnectWhenListeningAsync(new IPEndPoint(IPAddress.Loopback, port)))
        {
            await client.SendAsync("hello\n"u8.ToArray());
            client.Shutdown(SocketShutdown.Send);
            var buffer = new byte[64];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            echoed = Encoding.ASCII.GetString(buffer, 0, await client.ReceiveAsync(buffer, SocketFlags.None, wait.Token));
        }
        var (exitCode, _, error) = await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("hello\n", echoed);
        Assert.Equal(0, exitCode);
        Assert.Contains($"echo server on 127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("stopped after 1 TCP connections", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_exits_2_with_one_line()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen(1);
        var (exitCode, _, error) = await Cli.RunAsync("echo-server", "--listen", taken.LocalEndPoint!.ToString()!, "--stop-after", "1");
        Assert.Equal(2, exitCode);
        Assert.Contains("cannot listen on 127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("--listen", "localhost:7007", "--listen 'localhost:7007' is not an address")]
    [InlineData("--listen", "[::1]:0", "is not an address or ADDR:PORT")]
    [InlineData("--stop-after", "0", "--stop-after must be a number of seconds above 0")]
    public async Task Bad_options_exit_2(string option, string value, string message)
    {
        var (exitCode, _, error) = await Cli.RunAsync("echo-server", option, value);
        Assert.Equal(2, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static async Task<Socket> ConnectWhenListeningAsync(IPEndPoint endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint);
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(50);
            }
        }
    }
}
