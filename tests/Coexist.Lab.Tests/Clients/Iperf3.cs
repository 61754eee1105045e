using System.Globalization;
using System.Net;
using System.Text.Json;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Clients;

/// <summary>One iperf3 client run (TCP, client to server) as its JSON report gives it.</summary>
public sealed record Iperf3Run(double ReceivedBitsPerSecond, long ReceivedBytes, long Retransmits)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ReceivedBitsPerSecond / 1e6:0} Mbit/s received ({ReceivedBytes} bytes), {Retransmits} retransmits");
}

/// <summary>iperf3 -c, run as a process with a deadline.</summary>
public static class Iperf3
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>An iperf3 server runs one test at a time and needs a moment after each: "busy" gets a few more tries.</summary>
    private const int BusyTries = 5;
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(500);

    /// <param name="reverse">iperf3 -R: the server sends and this host receives (download).</param>
    public static async Task<Iperf3Run> RunAsync(IPAddress server, int port, int seconds = 1, bool reverse = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await LabProcess.RunAsync("iperf3",
                ["--client", server.ToString(), "--port", port.ToString(CultureInfo.InvariantCulture), "--time", seconds.ToString(CultureInfo.InvariantCulture),
                 "--json", "--connect-timeout", "3000", .. reverse ? ["--reverse"] : Array.Empty<string>()], Timeout).ConfigureAwait(false);
            using var json = JsonDocument.Parse(result.Output.Length > 0 ? result.Output : "{}");
            if (json.RootElement.TryGetProperty("error", out var error))
            {
                var text = error.GetString() ?? "";
                if (text.Contains("busy", StringComparison.OrdinalIgnoreCase) && attempt < BusyTries)
                {
                    await Task.Delay(BusyPause).ConfigureAwait(false);
                    continue;
                }
                throw new InvalidOperationException($"iperf3 -c {server}: {text}");
            }
            if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe($"iperf3 -c {server}"));
            var end = json.RootElement.GetProperty("end");
            var received = end.GetProperty("sum_received");
            return new Iperf3Run(
                received.GetProperty("bits_per_second").GetDouble(),
                received.GetProperty("bytes").GetInt64(),
                // In reverse mode the sender is the server, and its retransmits may be missing from the client's report.
                end.GetProperty("sum_sent").TryGetProperty("retransmits", out var retransmits) ? retransmits.GetInt64() : 0);
        }
    }
}
