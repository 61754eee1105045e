using System.Net;
using Coexist.Analyzers.Tests.Verification;
using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.EndpointFormattedWithoutBracketsAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.EndpointFormattedWithoutBracketsAnalyzer, Coexist.Analyzers.CodeFixes.Rules.EndpointFormattedWithoutBracketsFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class EndpointFormattedWithoutBracketsAnalyzerTests
{
    [Fact]
    public Task Flags_interpolated_endpoints_and_urls() => Verify.VerifyAsync("""
        using System.Net;
        class C
        {
            string? serverIp;
            void Format(IPAddress ip, int port, ushort smallPort, IPEndPoint remote, string clientIp, long bigPort)
            {
                var a = $"[|{ip}:{port}|]";
                var b = $"http://[|{ip}:{port}|]/";
                var c = $"Connecting to [|{remote.Address}:{remote.Port}|]...";
                var d = $"[|{ip.ToString()}:{smallPort}|]";
                var e = $"[|{clientIp}:{port}|]";
                var f = $"https://[|{serverIp}:{port}|]/api";
                var g = $"[|{ip}:8080|]/metrics";
                var h = $"[|{ip}:{bigPort}|]";
                var i = $@"tcp://[|{ip}:{port}|]";
                var log = new System.Text.StringBuilder().Append($"peer [|{ip}:{port}|]");
            }
        }
        """);

    [Fact]
    public Task Flags_concatenations_and_string_format() => Verify.VerifyAsync("""
        using System;
        using System.Net;
        class C
        {
            void Format(IPAddress ip, int port, string peerAddress)
            {
                var a = [|ip + ":" + port|];
                var b = "http://" + [|ip + ":" + port|] + "/";
                var c = [|peerAddress + ':' + port|];
                var d = "at " + [|ip + ":25"|];
                var e = [|string.Format("{0}:{1}", ip, port)|];
                var f = [|string.Format(null, "http://{0}:{1}/", ip, port)|];
                var g = [|String.Format("{1} is {0}:{2}", ip, "smtp", port)|];
            }
        }
        """);

    [Fact]
    public Task Leaves_bracketed_endpoints_host_names_and_look_alikes_alone() => Verify.VerifyAsync("""
        using System.Net;
        namespace Legacy { class IPAddress { } }
        class C
        {
            void Format(IPAddress ip, int port, string host, string portText, int hours, int minutes, string ipv4, Legacy.IPAddress legacy, IPEndPoint remote, string? key, object value)
            {
                var a = $"[{ip}]:{port}";
                var b = "[" + ip + "]:" + port;
                var c = $"http://[{ip}]:{port}/";
                var d = $"{host}:{port}";
                var e = $"{ip}:{portText}";
                var f = $"{hours}:{minutes}";
                var g = $"{ipv4}:{port}";
                var h = $"{legacy}:{port}";
                var i = $"{remote}";
                var j = $"{ip}";
                var k = $"http://{ip}/";
                var l = string.Format("[{0}]:{1}", ip, port);
                var m = $"{key}:{value}";
                var n = $"{ip} :{port}";
            }
        }
        """);

    [Fact]
    public async Task The_message_says_what_to_use()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System.Net;
            class C
            {
                string A(IPAddress ip, int port) => $"{ip}:{port}";
                string B(IPAddress ip, int port) => $"http://{ip}:{port}/";
                string D(string clientIp, int port) => $"{clientIp}:{port}";
            }
            """);
        Assert.Equal(
            [
                "'{ip}:{port}' writes an IPv6 address without brackets, so its port cannot be told from the address; format with new IPEndPoint(address, port), which writes [2001:db8::1]:443",
                "'{ip}:{port}' writes an IPv6 address without brackets, so its port cannot be told from the address; build the URL with UriBuilder, which brackets IPv6 hosts",
                "'{clientIp}:{port}' writes an IPv6 address without brackets, so its port cannot be told from the address; parse it with IPAddress.TryParse and format with new IPEndPoint(address, port), or add [ ] when the host contains ':'",
            ],
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.GetMessage()));
    }

    private const string Before = """
        using System;
        using System.Net;
        public static class Formats
        {
            public static string HostPort(IPAddress ip, int port) => $"[|{ip}:{port}|]";
            public static string Concatenated(IPAddress ip, int port) => [|ip + ":" + port|];
            public static string Formatted(IPAddress ip, int port) => [|string.Format("{0}:{1}", ip, port)|];
            public static string Url(IPAddress ip, int port, int id) => $"http://[|{ip}:{port}|]/api/items/{id}?full=true";
            public static string UrlOfText(string serverIp, int port) => $"https://[|{serverIp}:{port}|]/health";
            public static string ConcatenatedUrl(IPAddress ip, int port, string id) => "http://" + [|ip + ":" + port|] + "/api/" + id + "#top";
            public static string Message(IPAddress ip, int port) => $"Connecting to [|{ip}:{port}|] now";
            public static string BareUrl(IPAddress ip, int port) => $"http://[|{ip}:{port}|]";
            public static string FixedPort(IPAddress ip) => $"smtp [|{ip}:25|] ok";
            public static string ConcatenatedMessage(IPAddress ip, int port) => "peer " + [|ip + ":" + port|] + " up";
            public static string Appended(IPAddress ip, int port) => new System.Text.StringBuilder().Append($"[|{ip}:{port}|]").ToString();
        }
        """;

    private const string After = """
        using System;
        using System.Net;
        public static class Formats
        {
            public static string HostPort(IPAddress ip, int port) => new IPEndPoint(ip, port).ToString();
            public static string Concatenated(IPAddress ip, int port) => new IPEndPoint(ip, port).ToString();
            public static string Formatted(IPAddress ip, int port) => new IPEndPoint(ip, port).ToString();
            public static string Url(IPAddress ip, int port, int id) => new UriBuilder("http", ip.ToString(), port, $"/api/items/{id}", "?full=true").ToString();
            public static string UrlOfText(string serverIp, int port) => new UriBuilder("https", serverIp, port, "/health").ToString();
            public static string ConcatenatedUrl(IPAddress ip, int port, string id) => new UriBuilder("http", ip.ToString(), port, $"/api/{id}", "#top").ToString();
            public static string Message(IPAddress ip, int port) => $"Connecting to {new IPEndPoint(ip, port)} now";
            public static string BareUrl(IPAddress ip, int port) => $"http://{new IPEndPoint(ip, port)}";
            public static string FixedPort(IPAddress ip) => $"smtp {new IPEndPoint(ip, 25)} ok";
            public static string ConcatenatedMessage(IPAddress ip, int port) => "peer " + new IPEndPoint(ip, port) + " up";
            public static string Appended(IPAddress ip, int port) => new System.Text.StringBuilder().Append(new IPEndPoint(ip, port).ToString()).ToString();
        }
        """;

    [Fact]
    public Task Fixes_each_shape_with_IPEndPoint_or_UriBuilder() => Fix.VerifyFixAsync(Before, After);

    [Fact]
    public Task Fix_all_rewrites_every_endpoint_in_the_document() => Fix.VerifyFixAllAsync(Before, After);

    /// <summary>
    /// The fixed code, run: for IPv4 it writes exactly what the original wrote; for IPv6 it adds the brackets
    /// (UriBuilder on .NET 10 brackets an IPv6 host given as text, and keeps the port even when it is the default).
    /// </summary>
    [Theory]
    [InlineData("HostPort", "192.0.2.1", "192.0.2.1:8080", "[2001:db8::1]:8080")]
    [InlineData("Concatenated", "192.0.2.1", "192.0.2.1:8080", "[2001:db8::1]:8080")]
    [InlineData("Formatted", "192.0.2.1", "192.0.2.1:8080", "[2001:db8::1]:8080")]
    [InlineData("Message", "192.0.2.1", "Connecting to 192.0.2.1:8080 now", "Connecting to [2001:db8::1]:8080 now")]
    [InlineData("BareUrl", "192.0.2.1", "http://192.0.2.1:8080", "http://[2001:db8::1]:8080")]
    [InlineData("ConcatenatedMessage", "192.0.2.1", "peer 192.0.2.1:8080 up", "peer [2001:db8::1]:8080 up")]
    [InlineData("Appended", "192.0.2.1", "192.0.2.1:8080", "[2001:db8::1]:8080")]
    public void The_fixed_code_brackets_IPv6_and_keeps_IPv4_text(string method, string ipv4, string expectedIPv4, string expectedIPv6)
    {
        var source = Markup.Parse(After).Source;
        var original = Markup.Parse(Before).Source;
        Assert.Equal(expectedIPv4, CompiledSource.Invoke(original, "Formats", method, IPAddress.Parse(ipv4), 8080));
        Assert.Equal(expectedIPv4, CompiledSource.Invoke(source, "Formats", method, IPAddress.Parse(ipv4), 8080));
        Assert.Equal(expectedIPv6, CompiledSource.Invoke(source, "Formats", method, IPAddress.Parse("2001:db8::1"), 8080));
        Assert.Equal("2001:db8::1:8080", CompiledSource.Invoke(original, "Formats", "HostPort", IPAddress.Parse("2001:db8::1"), 8080));
    }

    [Fact]
    public void The_fixed_urls_are_valid_for_both_families()
    {
        var source = Markup.Parse(After).Source;
        var original = Markup.Parse(Before).Source;
        foreach (var (address, host) in new[] { ("192.0.2.1", "192.0.2.1"), ("2001:db8::1", "[2001:db8::1]") })
        {
            var url = (string)CompiledSource.Invoke(source, "Formats", "Url", IPAddress.Parse(address), 80, 7)!;
            Assert.Equal($"http://{host}:80/api/items/7?full=true", url);
            Assert.Equal(host, new Uri(url).Host);
            Assert.Equal($"https://{host}:8443/health", CompiledSource.Invoke(source, "Formats", "UrlOfText", address, 8443));
            Assert.Equal($"http://{host}:8080/api/x%20y#top", CompiledSource.Invoke(source, "Formats", "ConcatenatedUrl", IPAddress.Parse(address), 8080, "x y"));
        }
        Assert.Equal("http://192.0.2.1:80/api/items/7?full=true", CompiledSource.Invoke(original, "Formats", "Url", IPAddress.Parse("192.0.2.1"), 80, 7));
        Assert.False(Uri.TryCreate((string)CompiledSource.Invoke(original, "Formats", "Url", IPAddress.Parse("2001:db8::1"), 80, 7)!, UriKind.Absolute, out _));
    }

    [Fact]
    public Task Gives_no_fix_where_a_rewrite_could_change_behaviour() => Fix.VerifyFixAsync("""
        using System.Net;
        class C
        {
            string A(IPAddress? ip, int port) => $"[|{ip}:{port}|]";
            string B(IPAddress ip, long port) => $"[|{ip}:{port}|]";
            string C2(IPAddress ip, int port) => $"[|{ip,20}:{port}|]";
            string D(string clientIp, int port) => $"[|{clientIp}:{port}|]";
            string E(IPAddress ip, int port) => [|string.Format("to {0}:{1}", ip, port)|];
        }
        """, """
        using System.Net;
        class C
        {
            string A(IPAddress? ip, int port) => $"[|{ip}:{port}|]";
            string B(IPAddress ip, long port) => $"[|{ip}:{port}|]";
            string C2(IPAddress ip, int port) => $"[|{ip,20}:{port}|]";
            string D(string clientIp, int port) => $"[|{clientIp}:{port}|]";
            string E(IPAddress ip, int port) => [|string.Format("to {0}:{1}", ip, port)|];
        }
        """);

    private const string TwoInOneString = """"
        using System.Net;
        class C
        {
            string Route(IPAddress from, int fromPort, IPAddress to, int toPort) => $"[|{from}:{fromPort}|] -> [|{to}:{toPort}|]";
            string Raw(IPAddress ip) => $"""
                upstream [|{ip}:8080|];
                """;
        }
        """";

    private const string TwoInOneStringFixed = """"
        using System.Net;
        class C
        {
            string Route(IPAddress from, int fromPort, IPAddress to, int toPort) => $"{new IPEndPoint(from, fromPort)} -> {new IPEndPoint(to, toPort)}";
            string Raw(IPAddress ip) => $"""
                upstream {new IPEndPoint(ip, 8080)};
                """;
        }
        """";

    [Fact]
    public Task Fixes_two_endpoints_in_one_string_and_keeps_raw_strings_raw() => Fix.VerifyFixAsync(TwoInOneString, TwoInOneStringFixed);

    [Fact]
    public Task Fix_all_fixes_two_endpoints_in_one_string() => Fix.VerifyFixAllAsync(TwoInOneString, TwoInOneStringFixed);
}
