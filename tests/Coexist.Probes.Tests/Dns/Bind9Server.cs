using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Tests.Dns;

/// <summary>
/// A real BIND 9 (Debian's <c>named</c>) serving <see cref="Zone"/> and two reverse zones on 127.0.0.1 and ::1
/// at a free high port, started in the foreground as a child process and killed through its own handle.
/// Authoritative only (recursion off, no control channel), so it never sends a packet beyond loopback.
/// </summary>
public sealed class Bind9Server : IAsyncLifetime
{
    public static readonly DnsName Zone = DnsName.Parse("coexist.test");

    /// <summary>Records in the large RRset: 60 AAAA of 28 octets each, well over 1232 octets.</summary>
    public const int BigRRsetSize = 60;

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private const int StartupAttempts = 3;

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;
    private DirectoryInfo? _directory;

    public int Port { get; private set; }

    public IPEndPoint V4 => new(IPAddress.Loopback, Port);

    public IPEndPoint V6 => new(IPAddress.IPv6Loopback, Port);

    public string Log => string.Join('\n', _log);

    /// <summary>Where <c>named</c> is, or why the bind9 tests skip.</summary>
    public static bool IsInstalled(out string? named, out string? why)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        named = path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, "named"))
            .FirstOrDefault(File.Exists);
        why = named is null ? "bind9 is not installed (no 'named' on PATH or in /usr/sbin): apt-get install bind9" : null;
        return named is not null;
    }

    public async Task InitializeAsync()
    {
        if (!IsInstalled(out var named, out _)) return;
        _directory = Directory.CreateTempSubdirectory("coexist-bind9-");
        // named drops to the 'bind' user when started as root, and must still read and write its directory.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_directory.FullName, (UnixFileMode)0b111_111_111);
        WriteZones(_directory.FullName);

        for (var attempt = 1; ; attempt++)
        {
            Port = FreePortOnBothLoopbacks();
            File.WriteAllText(Path.Combine(_directory.FullName, "named.conf"), Config(_directory.FullName, Port));
            Start(named!);
            if (await AnswersAsync()) return;
            await StopAsync();
            if (attempt == StartupAttempts)
                throw new InvalidOperationException($"named did not answer on port {Port} within {StartupTimeout.TotalSeconds} s:\n{Log}");
            _log.Enqueue($"--- retrying on a new port (attempt {attempt + 1})");
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            _directory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // named may still flush a journal while exiting; the temp directory is the OS's to clean then.
        }
    }

    private void Start(string named)
    {
        var start = new ProcessStartInfo(named)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // -g: foreground, log to stderr; -u bind: drop root, as the Debian service does.
        foreach (var argument in (string[])["-g", "-c", Path.Combine(_directory!.FullName, "named.conf")]) start.ArgumentList.Add(argument);
        if (Environment.IsPrivilegedProcess && File.ReadLines("/etc/passwd").Any(line => line.StartsWith("bind:", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("bind");
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {named}");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    private async Task<bool> AnswersAsync()
    {
        var client = new DnsSocketClient();
        var options = new DnsQueryOptions { RecursionDesired = false, AttemptTimeout = TimeSpan.FromMilliseconds(200), UdpAttempts = 1 };
        var deadline = Stopwatch.GetTimestamp() + (long)(StartupTimeout.TotalSeconds * Stopwatch.Frequency);
        var servers = Loopback.IPv6Available(out _) ? new[] { V4, V6 } : [V4];
        while (Stopwatch.GetTimestamp() < deadline && _process is { HasExited: false })
        {
            var ready = true;
            foreach (var server in servers)
            {
                var result = await client.QueryAsync(server, new DnsQuestion(Zone, DnsRecordType.SOA), options);
                ready &= result.Response is { Header.IsAuthoritative: true };
            }
            if (ready) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private async Task StopAsync()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _process = null;
    }

    private static int FreePortOnBothLoopbacks()
    {
        var ipv6 = Loopback.IPv6Available(out _);
        for (var attempt = 0; ; attempt++)
        {
            var held = new List<Socket>();
            try
            {
                var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(first);
                first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)first.LocalEndPoint!).Port;
                foreach (var (address, type, protocol) in new[]
                         {
                             (IPAddress.Loopback, SocketType.Dgram, ProtocolType.Udp),
                             (IPAddress.IPv6Loopback, SocketType.Stream, ProtocolType.Tcp),
                             (IPAddress.IPv6Loopback, SocketType.Dgram, ProtocolType.Udp),
                         })
                {
                    if (!ipv6 && address.AddressFamily == AddressFamily.InterNetworkV6) continue;
                    var socket = new Socket(address.AddressFamily, type, protocol);
                    held.Add(socket);
                    socket.Bind(new IPEndPoint(address, port));
                }
                return port;
            }
            catch (SocketException) when (attempt < 50)
            {
            }
            finally
            {
                foreach (var socket in held) socket.Dispose();
            }
        }
    }

    private static string Config(string directory, int port) => $$"""
        options {
            directory "{{directory}}";
            pid-file none;
            session-keyfile none;
            listen-on port {{port}} { 127.0.0.1; };
            listen-on-v6 port {{port}} { ::1; };
            recursion no;
            notify no;
            allow-transfer { none; };
            dnssec-validation no;
        };
        controls { };
        zone "coexist.test" { type primary; file "{{directory}}/coexist.test.zone"; };
        zone "2.0.192.in-addr.arpa" { type primary; file "{{directory}}/v4.reverse.zone"; };
        zone "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa" { type primary; file "{{directory}}/v6.reverse.zone"; };
        """;

    private static void WriteZones(string directory)
    {
        const string soa = """
            $TTL 300
            @       SOA ns1.coexist.test. hostmaster.coexist.test. 2026052101 3600 600 86400 300
                    NS  ns1.coexist.test.
            """;
        var big = string.Join('\n', Enumerable.Range(1, BigRRsetSize).Select(i => $"big     AAAA 2001:db8:b16::{i:x}"));
        File.WriteAllText(Path.Combine(directory, "coexist.test.zone"), $"""
            {soa}
            ns1     A     127.0.0.1
            ns1     AAAA  ::1
            www     A     192.0.2.10
            www     AAAA  2001:db8::10
            Alias1  CNAME alias2
            alias2  CNAME www
            @       MX    10 mail
            @       MX    20 backup-mail
            mail    A     192.0.2.25
            mail    AAAA  2001:db8::25
            _sip._udp SRV 10 60 5060 sip
            _sip._tcp SRV 20 0 5060 sip
            sip     A     192.0.2.50
            sip     AAAA  2001:db8::50
            @       NAPTR 10 50 "s" "SIP+D2U" "" _sip._udp
            @       NAPTR 20 50 "s" "SIP+D2T" "" _sip._tcp
            @       TXT   "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all"
            long    TXT   "part one, " "part two"
            @       CAA   0 issue "ca.example.net"
            @       CAA   128 iodef "mailto:security@coexist.test"
            {big}

            """);
        File.WriteAllText(Path.Combine(directory, "v4.reverse.zone"), $"""
            $ORIGIN 2.0.192.in-addr.arpa.
            {soa}
            10      PTR   www.coexist.test.

            """);
        File.WriteAllText(Path.Combine(directory, "v6.reverse.zone"), $"""
            $ORIGIN 0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.
            {soa}
            0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0 PTR www.coexist.test.

            """);
    }
}

/// <summary>A fact that needs bind9 (and ::1 when asked), and skips saying which is missing.</summary>
public sealed class RequiresBind9FactAttribute : FactAttribute
{
    public RequiresBind9FactAttribute(bool needsIPv6 = false)
    {
        if (!Bind9Server.IsInstalled(out _, out var why)) Skip = why;
        else if (needsIPv6 && !Loopback.IPv6Available(out var noV6)) Skip = noV6;
    }
}
