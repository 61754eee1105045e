using System.Diagnostics;
using System.Net;
using Coexist.Probes.Dns;
using Coexist.Probes.Tests.Support;
using Xunit.Abstractions;
using static Coexist.Probes.Tests.Dns.DnsTestMessages;

namespace Coexist.Probes.Tests.Dns;

/// <summary>
/// Random and mutated packets: the decoder must end every one of them quickly, with a message or a
/// <see cref="DnsFormatException"/> and nothing else. Fixed seed, so a failure replays.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class DnsFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20260521;
    private const int Packets = 120_000;

    // Decoding a packet takes microseconds. A packet over this bound is timed again, and only counts as slow
    // if it is slow every time: a decoder that loops is, a machine that paused once is not.
    private static readonly TimeSpan MaxTimePerPacket = TimeSpan.FromMilliseconds(100);
    private const int Retimings = 5;

    [Fact]
    public void Random_and_mutated_packets_give_only_typed_errors_quickly()
    {
        var random = new Random(Seed);
        var corpus = Corpus();
        var errors = new Dictionary<DnsFormatError, int>();
        var decoded = 0;
        var slowest = TimeSpan.Zero;
        byte[]? slowestPacket = null;
        DnsMessage.Decode(corpus[0]); // JIT outside the timing

        for (var i = 0; i < Packets; i++)
        {
            var packet = i % 10 == 0 ? RandomPacket(random) : Mutate(random, corpus[random.Next(corpus.Length)]);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var message = DnsMessage.Decode(packet);
                decoded++;
                // What decodes must encode again and decode to the same sections.
                var again = DnsMessage.Decode(message.Encode());
                Assert.Equal(message.Answers.Length + message.Authorities.Length + message.Additionals.Length,
                    again.Answers.Length + again.Authorities.Length + again.Additionals.Length);
            }
            catch (DnsFormatException e)
            {
                errors[e.Error] = errors.GetValueOrDefault(e.Error) + 1;
                Assert.InRange(e.Offset, 0, packet.Length);
            }
            catch (Exception e)
            {
                Assert.Fail($"packet {i} ({Convert.ToHexString(packet)}) threw {e.GetType().Name}: {e.Message}");
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > MaxTimePerPacket) elapsed = Retime(packet);
            if (elapsed > slowest)
            {
                slowest = elapsed;
                slowestPacket = packet;
            }
        }

        output.WriteLine($"{Packets} packets: {decoded} decoded, slowest {slowest.TotalMilliseconds:0.###} ms ({slowestPacket?.Length} octets)");
        foreach (var (error, count) in errors.OrderBy(pair => pair.Key)) output.WriteLine($"  {error}: {count}");
        Assert.True(slowest < MaxTimePerPacket, $"a packet took {slowest.TotalMilliseconds} ms: {Convert.ToHexString(slowestPacket!)}");
        // The fuzzer must reach both outcomes and most of the ways to fail, or it tests little.
        Assert.InRange(decoded, Packets / 100, Packets - Packets / 100);
        Assert.True(errors.Count >= 8, $"only {errors.Count} kinds of error reached: {string.Join(", ", errors.Keys)}");
    }

    private static TimeSpan Retime(byte[] packet)
    {
        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < Retimings; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                DnsMessage.Decode(packet);
            }
            catch (DnsFormatException)
            {
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed < fastest) fastest = elapsed;
        }
        return fastest;
    }

    private static byte[][] Corpus()
    {
        var query = DnsMessage.CreateQuery(0x4242, new DnsQuestion(Name("www.example.com"), DnsRecordType.A), edns: new DnsEdns());
        var many = Enumerable.Range(0, 40).Select(i => new DnsRecord(Name("big.example.com"), 60, new AData(new IPAddress([198, 51, 100, (byte)i]))));
        return
        [
            query.Encode(),
            FullResponse().Encode(),
            Answer(query, [.. EveryType()]).Encode(),
            Answer(query, [.. many]).Encode(),
            (Answer(query) with { Header = new DnsHeader { Id = 0x4242, IsResponse = true, IsTruncated = true }, Answers = [.. many] }).Encode(),
            new DnsMessage { Header = new DnsHeader { ResponseCode = DnsResponseCode.BadCookie }, Edns = new DnsEdns { Options = [new EdnsOption(10, new byte[16])] } }.Encode(),
        ];
    }

    private static byte[] RandomPacket(Random random)
    {
        var packet = new byte[random.Next(0, 600)];
        random.NextBytes(packet);
        // Small counts, so that the decoder gets past the header now and then.
        if (packet.Length >= 12)
        {
            for (var field = 4; field < 12; field += 2)
            {
                packet[field] = 0;
                packet[field + 1] = (byte)random.Next(0, 4);
            }
        }
        return packet;
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var packet = (byte[])original.Clone();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && packet.Length > 0; m++)
        {
            switch (random.Next(6))
            {
                case 0: // flip a bit
                    packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // cut the tail
                    packet = packet[..random.Next(packet.Length)];
                    break;
                case 2: // aim a compression pointer anywhere, or turn a byte into one
                    var at = FindPointer(packet, random) ?? random.Next(packet.Length);
                    packet[at] = (byte)(0xC0 | random.Next(0x40));
                    if (at + 1 < packet.Length) packet[at + 1] = (byte)random.Next(256);
                    break;
                case 3: // rewrite a 16-bit length or count: header counts, or any pair of octets
                    var field = random.Next(2) == 0 ? 4 + 2 * random.Next(4) : random.Next(packet.Length);
                    if (field + 1 < packet.Length)
                    {
                        var value = random.Next(4) switch { 0 => 0, 1 => 0xFFFF, 2 => random.Next(16), _ => random.Next(0x10000) };
                        packet[field] = (byte)(value >> 8);
                        packet[field + 1] = (byte)value;
                    }
                    break;
                case 4: // change a label length
                    packet[random.Next(packet.Length)] = (byte)random.Next(0, 70);
                    break;
                default: // duplicate a slice, as a broken server might
                    var start = random.Next(packet.Length);
                    var length = random.Next(Math.Min(64, packet.Length - start) + 1);
                    packet = [.. packet, .. packet.AsSpan(start, length)];
                    break;
            }
        }
        return packet;
    }

    private static int? FindPointer(byte[] packet, Random random)
    {
        var start = random.Next(packet.Length);
        for (var i = 0; i < packet.Length; i++)
        {
            var at = (start + i) % packet.Length;
            if ((packet[at] & 0xC0) == 0xC0) return at;
        }
        return null;
    }
}
