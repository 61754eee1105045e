using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Dns;
using static Coexist.Probes.Tests.Dns.DnsTestMessages;

namespace Coexist.Probes.Tests.Dns;

public sealed class DnsLookupTests
{
    // Long enough that a busy machine does not turn an answer into a timeout (a silent server costs 1.5 + 3 s).
    private static readonly DnsQueryOptions Patient = new() { AttemptTimeout = TimeSpan.FromSeconds(1.5), UdpAttempts = 2 };

    // For servers that never answer: nothing to wait for.
    private static readonly DnsQueryOptions Quick = new() { AttemptTimeout = TimeSpan.FromMilliseconds(200), UdpAttempts = 1 };

    private static DnsRecord Cname(string from, string to) => new(Name(from), 60, new CnameData(Name(to)));

    private static DnsRecord A(string owner, string address) => new(Name(owner), 60, new AData(IPAddress.Parse(address)));

    private static DnsMessage Response(DnsResponseCode code, params DnsRecord[] answers) =>
        new() { Header = new DnsHeader { IsResponse = true, ResponseCode = code }, Answers = [.. answers] };

    private static DnsLookupResult<IPAddress> Interpret(string name, DnsMessage response) =>
        DnsLookup.Interpret(Name(name), DnsRecordType.A, response, data => (data as AData)?.Address);

    [Fact]
    public void A_cname_chain_is_followed_to_the_addresses()
    {
        var response = Response(DnsResponseCode.NoError,
            A("other.example", "192.0.2.99"),
            Cname("www.example", "edge.cdn.example"),
            A("target.cdn.example", "192.0.2.2"),
            Cname("EDGE.cdn.example", "target.cdn.example"),
            A("target.cdn.example", "192.0.2.1"));

        var result = Interpret("www.example", response);

        Assert.Equal(DnsLookupStatus.Found, result.Status);
        Assert.Equal([IPAddress.Parse("192.0.2.2"), IPAddress.Parse("192.0.2.1")], result.Values.AsEnumerable());
        Assert.Equal(Name("target.cdn.example"), result.CanonicalName);
        Assert.Equal([Name("www.example"), Name("edge.cdn.example")], result.CnameChain.Select(r => r.Name));
        Assert.All(result.Records, record => Assert.Equal(Name("target.cdn.example"), record.Name));
        Assert.Null(result.Error);
    }

    [Fact]
    public void A_cname_loop_is_reported_not_followed()
    {
        var result = Interpret("a.example", Response(DnsResponseCode.NoError, Cname("a.example", "b.example"), Cname("b.example", "a.example")));
        Assert.Equal(DnsLookupStatus.CnameLoop, result.Status);
        Assert.Empty(result.Values);
        Assert.Contains("loops", result.Error);
    }

    [Fact]
    public void A_chain_longer_than_the_limit_is_reported()
    {
        var links = Enumerable.Range(0, DnsLookup.MaxCnameChainLength + 1).Select(i => Cname($"n{i}.example", $"n{i + 1}.example"));
        var result = Interpret("n0.example", Response(DnsResponseCode.NoError, [.. links, A($"n{DnsLookup.MaxCnameChainLength + 1}.example", "192.0.2.1")]));
        Assert.Equal(DnsLookupStatus.CnameChainTooLong, result.Status);
        Assert.Equal(DnsLookup.MaxCnameChainLength, result.CnameChain.Length);

        var justEnough = Enumerable.Range(0, DnsLookup.MaxCnameChainLength).Select(i => Cname($"n{i}.example", $"n{i + 1}.example"));
        Assert.Equal(DnsLookupStatus.Found, Interpret("n0.example", Response(DnsResponseCode.NoError, [.. justEnough, A($"n{DnsLookup.MaxCnameChainLength}.example", "192.0.2.1")])).Status);
    }

    [Theory]
    [InlineData(DnsResponseCode.NoError, DnsLookupStatus.NoData)]
    [InlineData(DnsResponseCode.NXDomain, DnsLookupStatus.NameError)]
    [InlineData(DnsResponseCode.ServFail, DnsLookupStatus.ServerFailure)]
    [InlineData(DnsResponseCode.Refused, DnsLookupStatus.ServerFailure)]
    public void Empty_answers_say_why_from_the_rcode(DnsResponseCode code, DnsLookupStatus status)
    {
        var result = Interpret("www.example", Response(code, Cname("www.example", "gone.example")));
        Assert.Equal(status, result.Status);
        Assert.Equal(code, result.ResponseCode);
        Assert.Equal(Name("gone.example"), result.CanonicalName);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Asking_for_the_cname_itself_does_not_follow_it()
    {
        var result = DnsLookup.Interpret(Name("www.example"), DnsRecordType.CNAME, Response(DnsResponseCode.NoError, Cname("www.example", "x.example")), data => data as CnameData);
        Assert.Equal(DnsLookupStatus.Found, result.Status);
        Assert.Equal(Name("x.example"), Assert.Single(result.Values).Target);
    }

    [Fact]
    public async Task Servers_are_tried_in_order_past_refusals_and_silence()
    {
        await using var refusing = LoopbackDnsPeer.Udp(Loopback.V4, query =>
            [(Answer(query.Message) with { Header = query.Message.Header with { IsResponse = true, ResponseCode = DnsResponseCode.Refused } }).Encode()]);
        await using var silent = LoopbackDnsPeer.Udp(Loopback.V4, _ => []);
        await using var answering = LoopbackDnsPeer.Udp(Loopback.V4, query => [Answer(query.Message, A("www.example.test", "192.0.2.7")).Encode()]);
        var lookup = new DnsLookup(new DnsSocketClient(), [refusing.EndPoint, silent.EndPoint, answering.EndPoint], Patient);

        var result = await lookup.GetAddressesAsync(Name("www.example.test"), AddressFamily.InterNetwork);

        Assert.Equal(DnsLookupStatus.Found, result.Status);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.Single(result.Values));
        Assert.Equal([DnsQueryOutcome.Answered, DnsQueryOutcome.TimedOut, DnsQueryOutcome.Answered], result.Exchanges.Select(e => e.Outcome));
        Assert.Equal(answering.EndPoint, result.LastExchange!.Server);
    }

    [Fact]
    public async Task A_refusal_is_kept_when_no_server_does_better()
    {
        await using var refusing = LoopbackDnsPeer.Udp(Loopback.V4, query =>
            [(Answer(query.Message) with { Header = query.Message.Header with { IsResponse = true, ResponseCode = DnsResponseCode.Refused } }).Encode()]);
        await using var silent = LoopbackDnsPeer.Udp(Loopback.V4, _ => []);

        var result = await new DnsLookup(new DnsSocketClient(), [refusing.EndPoint, silent.EndPoint], Patient).GetMxAsync(Name("example.test"));

        Assert.Equal(DnsLookupStatus.ServerFailure, result.Status);
        Assert.Equal(DnsResponseCode.Refused, result.ResponseCode);
        Assert.Equal(2, result.Exchanges.Length);
    }

    [Fact]
    public async Task When_no_server_answers_the_lookup_times_out_naming_each()
    {
        await using var first = LoopbackDnsPeer.Udp(Loopback.V4, _ => []);
        await using var second = LoopbackDnsPeer.Udp(Loopback.V4, _ => []);

        var result = await new DnsLookup(new DnsSocketClient(), [first.EndPoint, second.EndPoint], Quick).GetTxtAsync(Name("example.test"));

        Assert.Equal(DnsLookupStatus.TimedOut, result.Status);
        Assert.Contains(first.EndPoint.ToString(), result.Error);
        Assert.Contains(second.EndPoint.ToString(), result.Error);
        Assert.Null(result.ResponseCode);
    }

    [Fact]
    public void A_lookup_needs_a_server() =>
        Assert.Throws<ArgumentException>(() => new DnsLookup(new DnsSocketClient(), Array.Empty<IPEndPoint>()));
}
