using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Clients;

/// <summary>iputils ping, its round trips one by one (ping's own timing: the send stamped in user space, the reply's arrival by the kernel).</summary>
public static partial class Ping
{
    public static async Task<IReadOnlyList<double>> RoundTripsAsync(IPAddress address, int count, TimeSpan interval)
    {
        var result = await LabProcess.RunAsync("ping",
            ["-n", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-W", "2", address.ToString()],
            TimeSpan.FromSeconds(30 + count * interval.TotalSeconds * 2)).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe($"ping {address}"));
        return [.. Time().Matches(result.Output).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"time=([\d.]+) ms")]
    private static partial Regex Time();
}
