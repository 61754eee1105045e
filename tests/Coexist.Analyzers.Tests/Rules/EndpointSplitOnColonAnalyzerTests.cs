using System.Net;
using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.EndpointSplitOnColonAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.EndpointSplitOnColonAnalyzer, Coexist.Analyzers.CodeFixes.Rules.EndpointSplitOnColonFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class EndpointSplitOnColonAnalyzerTests
{
    [Fact]
    public Task Flags_endpoint_named_text_split_on_colons() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        class C
        {
            string? RedisEndpoint { get; set; }
            void Connect(string endpoint, string hostAndPort, string dbServer, Dictionary<string, string> config, Microsoft.Extensions.Configuration.IConfiguration configuration)
            {
                var a = [|endpoint.Split(':')|];
                var b = [|hostAndPort.Split(":")|][0];
                var c = [|dbServer.Split(':', StringSplitOptions.RemoveEmptyEntries)|];
                var d = [|RedisEndpoint!.Split(new[] { ':' }, 2)|];
                var e = [|config["Redis:Host"].Split(':')|];
                var f = [|Environment.GetEnvironmentVariable("UPSTREAM_ADDR")!.Split(':')|];
                var h = [|Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<string>(configuration, "Redis:Endpoint")!.Split(':')|];
                var k = configuration["Logging:LogLevel"]!.Split(':');
                var g = endpoint.Substring(0, [|endpoint.IndexOf(':')|]);
                var at = [|hostAndPort.IndexOf(":")|];
                var port = int.Parse(hostAndPort.Substring(at + 1));
            }
        }
        """);

    [Fact]
    public Task Flags_any_split_whose_part_becomes_a_port() => Verify.VerifyAsync("""
        using System.Net;
        class C
        {
            int port;
            void Read(string text, string line)
            {
                var parts = [|text.Split(':')|];
                port = int.Parse(parts[1]);
                var fields = [|line.Split(':')|];
                if (ushort.TryParse(fields[1], out var listenPort)) { }
                var ep = new IPEndPoint(IPAddress.Loopback, int.Parse([|line.Split(':')|][1]));
            }
        }
        """);

    [Fact]
    public Task Leaves_other_colon_splits_and_correct_parsing_alone() => Verify.VerifyAsync("""
        using System;
        using System.Net;
        class C
        {
            void Read(string line, string time, string endpoint, string header)
            {
                var pair = line.Split(':');
                var key = pair[0];
                var count = int.Parse(pair[1]);
                var hm = time.Split(':');
                var minutes = int.Parse(hm[0]) * 60 + int.Parse(hm[1]);
                var parsed = IPEndPoint.Parse(endpoint);
                var last = endpoint.LastIndexOf(':');
                var host = endpoint.Substring(0, last).Trim('[', ']');
                var name = header.Split(':')[0];
                var dotted = endpoint.Split('.');
                var first = endpoint.IndexOf(':');
            }
        }
        """);

    private const string SplitByHand = """
        using System.Net;
        class C
        {
            IPEndPoint Read(string endpoint)
            {
                var parts = [|endpoint.Split(':')|];
                return new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1]));
            }
        }
        """;

    private const string ParsedByIPEndPoint = """
        using System.Net;
        class C
        {
            IPEndPoint Read(string endpoint)
            {
                return IPEndPoint.Parse(endpoint);
            }
        }
        """;

    [Fact]
    public Task Fixes_an_endpoint_built_from_the_parts_with_IPEndPoint_Parse() => Fix.VerifyFixAsync(SplitByHand, ParsedByIPEndPoint);

    [Fact]
    public Task Fixes_target_typed_endpoints_and_other_port_parsers() => Fix.VerifyFixAsync("""
        using System;
        using System.Net;
        class C
        {
            IPEndPoint Read(string serverAddress)
            {
                string[] hostPort = [|serverAddress.Split(":")|];
                IPEndPoint result = new(IPAddress.Parse(hostPort[0]), Convert.ToInt32(hostPort[1]));
                return result;
            }
        }
        """, """
        using System;
        using System.Net;
        class C
        {
            IPEndPoint Read(string serverAddress)
            {
                IPEndPoint result = IPEndPoint.Parse(serverAddress);
                return result;
            }
        }
        """);

    [Fact]
    public Task Gives_no_fix_where_the_parts_are_used_otherwise() => Fix.VerifyFixAsync("""
        using System;
        using System.Net;
        class C
        {
            IPEndPoint Read(string endpoint)
            {
                var parts = [|endpoint.Split(':')|];
                Console.WriteLine(parts[0]);
                return new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1]));
            }
        }
        """, """
        using System;
        using System.Net;
        class C
        {
            IPEndPoint Read(string endpoint)
            {
                var parts = [|endpoint.Split(':')|];
                Console.WriteLine(parts[0]);
                return new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1]));
            }
        }
        """);

    /// <summary>What the fix changes, run for real: the hand-made split fails on IPv6, IPEndPoint.Parse does not.</summary>
    [Fact]
    public void The_fixed_code_reads_what_the_split_could_not()
    {
        static IPEndPoint ByHand(string endpoint)
        {
            var parts = endpoint.Split(':');
            return new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1]));
        }

        Assert.Equal(ByHand("192.0.2.1:443"), IPEndPoint.Parse("192.0.2.1:443"));
        Assert.ThrowsAny<FormatException>(() => ByHand("[2001:db8::1]:443"));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443), IPEndPoint.Parse("[2001:db8::1]:443"));
    }
}
