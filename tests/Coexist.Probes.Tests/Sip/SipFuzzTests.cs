using System.Diagnostics;
using System.Net;
using System.Text;
using Coexist.Probes.Sip;
using Coexist.Probes.Tests.Support;
using Xunit.Abstractions;
using static Coexist.Probes.Tests.Sip.SipTestMessages;

namespace Coexist.Probes.Tests.Sip;

/// <summary>
/// Random and mutated messages: the reader must end every one of them quickly, with a message or a
/// <see cref="SipFormatException"/> and nothing else; what reads must encode and read again to the same octets.
/// Fixed seed, so a failure replays.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class SipFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20260522;
    private const int Messages = 120_000;

    // Reading a 64 KiB message takes well under a millisecond. The slowest messages of the run are timed again
    // alone (best of several), so that a GC pause or a busy neighbour on a shared machine does not count.
    private static readonly TimeSpan MaxTimePerMessage = TimeSpan.FromMilliseconds(100);
    private const int SlowestKept = 5;
    private const int Retimings = 5;

    // The whole run takes a few seconds here; a bound far above that still catches anything quadratic.
    private static readonly TimeSpan MaxTotalTime = TimeSpan.FromSeconds(120);

    private static readonly string[] Fragments =
    [
        "INVITE", "OPTIONS", "SIP/2.0", "SIP/2.0 200 OK", "sip:", "sips:", "@", "[", "]", "::", ":", ";", ",", "<", ">", "\"", "\\",
        "=", " ", "\t", "\r\n", "\r\n ", "\r\n\r\n", "Via:", "v:", "From:", "To:", "Call-ID:", "CSeq: 1 INVITE", "Content-Length: ",
        "l:", "Max-Forwards: 70", "Contact:", "m:", "*", ";branch=z9hG4bK", ";received=", ";rport", ";tag=", "2001:db8::1", "192.0.2.1",
        "example.com", "SIP/2.0/UDP ", "SIP/2.0/TCP ", "v=0", "c=IN IP6 ", "a=candidate:", "m=audio 9 RTP/AVP 0", "9999999999", "-1", "0",
    ];

    [Fact]
    public async Task Random_and_mutated_messages_give_only_typed_errors_quickly()
    {
        var random = new Random(Seed);
        var corpus = Corpus();
        var errors = new Dictionary<SipFormatError, int>();
        int parsed = 0, sdpRead = 0, streamed = 0;
        var slowest = new List<(TimeSpan Elapsed, int Index, byte[] Wire)>();
        // JIT every path outside the timing: datagrams, SDP, the stream reader, the error paths.
        foreach (var wire in corpus)
        {
            Touch(SipMessage.ParseDatagram(wire));
            await new SipStreamReader(new MemoryStream(wire)).ReadAsync();
        }
        Touch(SipMessage.ParseDatagram(corpus[^1]).ReadSdp()!);
        Assert.Throws<SipFormatException>(() => SipMessage.ParseDatagram("\0"u8));
        var total = Stopwatch.StartNew();

        for (var i = 0; i < Messages; i++)
        {
            var wire = (i % 20) switch
            {
                0 => RandomBytes(random),
                1 => RandomText(random),
                _ => Mutate(random, corpus[random.Next(corpus.Length)]),
            };
            var started = Stopwatch.GetTimestamp();
            try
            {
                var message = SipMessage.ParseDatagram(wire);
                parsed++;
                Touch(message);
                var encoded = message.Encode();
                Assert.Equal(encoded, SipMessage.ParseDatagram(encoded).Encode());
                if (message.HasSdpBody)
                {
                    try
                    {
                        var sdp = message.ReadSdp()!;
                        sdpRead++;
                        Touch(sdp);
                        Assert.Equal(sdp.Encode(), SdpSession.Parse(sdp.Encode()).Encode());
                    }
                    catch (SipFormatException e)
                    {
                        errors[e.Error] = errors.GetValueOrDefault(e.Error) + 1;
                    }
                }
            }
            catch (SipFormatException e)
            {
                errors[e.Error] = errors.GetValueOrDefault(e.Error) + 1;
                Assert.InRange(e.Position, 0, wire.Length);
            }
            catch (Exception e)
            {
                Assert.Fail($"message {i} ({Escape(wire)}) threw {e.GetType().Name}: {e}");
            }

            // A tenth of them also go through the stream reader, which frames by Content-Length instead.
            if (i % 10 == 5)
            {
                streamed++;
                try
                {
                    using var stream = new MemoryStream(wire);
                    var reader = new SipStreamReader(stream);
                    while (await reader.ReadAsync() is { } message) Touch(message);
                }
                catch (SipFormatException e)
                {
                    errors[e.Error] = errors.GetValueOrDefault(e.Error) + 1;
                }
                catch (Exception e)
                {
                    Assert.Fail($"stream {i} ({Escape(wire)}) threw {e.GetType().Name}: {e}");
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (slowest.Count < SlowestKept || elapsed > slowest[^1].Elapsed)
            {
                slowest.Add((elapsed, i, wire));
                slowest.Sort((a, b) => b.Elapsed.CompareTo(a.Elapsed));
                if (slowest.Count > SlowestKept) slowest.RemoveAt(SlowestKept);
            }
        }
        total.Stop();

        output.WriteLine($"{Messages} messages in {total.Elapsed.TotalSeconds:0.0} s: {parsed} parsed, {sdpRead} SDP bodies read, {streamed} also streamed");
        foreach (var (elapsed, index, wire) in slowest)
        {
            var best = Enumerable.Range(0, Retimings).Min(_ => TimeParse(wire));
            output.WriteLine($"  slow: message {index} ({wire.Length} octets) took {elapsed.TotalMilliseconds:0.###} ms, {best.TotalMilliseconds:0.###} ms alone");
            Assert.True(best < MaxTimePerMessage, $"message {index} takes {best.TotalMilliseconds} ms: {Escape(wire)}");
        }
        foreach (var (error, count) in errors.OrderBy(pair => pair.Key)) output.WriteLine($"  {error}: {count}");
        Assert.True(total.Elapsed < MaxTotalTime, $"the run took {total.Elapsed}");
        // The fuzzer must reach both outcomes and most of the ways to fail, or it tests little.
        Assert.InRange(parsed, Messages / 50, Messages - Messages / 50);
        Assert.True(sdpRead > 100, $"only {sdpRead} SDP bodies read");
        Assert.True(errors.Count >= 25, $"only {errors.Count} kinds of error reached: {string.Join(", ", errors.Keys)}");
    }

    private static TimeSpan TimeParse(byte[] wire)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var message = SipMessage.ParseDatagram(wire);
            Touch(message);
            if (message.HasSdpBody) Touch(message.ReadSdp()!);
        }
        catch (SipFormatException)
        {
        }
        return Stopwatch.GetElapsedTime(started);
    }

    // Reads every typed property, as a probe would.
    private static void Touch(SipMessage message)
    {
        _ = message.StartLine;
        foreach (var via in message.Vias) _ = (via.Received, via.RPort, via.MAddr, via.HasMagicCookie, via.ToString());
        foreach (var address in message.Contacts.Concat(message.Routes).Concat(message.RecordRoutes).Append(message.From).Append(message.To))
            _ = (address.Tag, address.Uri.Host?.Kind, address.ToString());
        _ = message.EncodedLength;
    }

    private static void Touch(SdpSession sdp)
    {
        _ = (sdp.UsesAnat, sdp.Connections.Count());
        foreach (var media in sdp.Media) _ = (media.Candidates.Count, media.RtpMaps.Count, media.Rtcp, media.Direction, sdp.ConnectionFor(media));
    }

    private static byte[][] Corpus()
    {
        var v4 = new SipRequestParameters
        {
            Transport = SipTransport.Udp,
            Local = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5070),
            Target = SipUri.ForEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5060)),
            // Fixed identifiers, so that the corpus and hence the run replay exactly.
            CallId = "fuzz-call",
            FromTag = "fuzz-tag",
            Branch = "z9hG4bKfuzz",
        };
        var v6 = v4 with
        {
            Transport = SipTransport.Tcp,
            Local = new IPEndPoint(IPAddress.Parse("2001:db8::10"), 5070),
            Target = SipUri.ForEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5060), SipTransport.Tcp),
        };
        var invite6 = SipRequests.Invite(v6, SdpSession.AudioOffer(v6.Local.Address, 49170, sessionId: 1));
        var iceOffer = SdpSession.Parse(Wire("""
            v=0
            o=- 1 1 IN IP6 2001:db8::10
            s=-
            c=IN IP6 2001:db8::10
            t=0 0
            a=group:ANAT 1 2
            m=audio 49170 RTP/AVP 0
            a=mid:1
            a=rtcp:49171 IN IP6 2001:db8::10
            a=candidate:1 1 UDP 2130706431 2001:db8::10 49170 typ host
            a=candidate:2 1 UDP 1694498815 192.0.2.3 49170 typ srflx raddr 10.0.0.1 rport 9 generation 0
            m=audio 49172 RTP/AVP 0
            c=IN IP4 192.0.2.10
            a=mid:2

            """));
        return
        [
            Bytes(Rfc3261Register),
            Bytes(Rfc3261RegisterOk),
            [.. Bytes(Rfc3261InviteOk), .. new byte[131]],
            Bytes(Rfc3261Bye),
            Bytes(Rfc4475ShortTortuousInvite),
            Bytes(Rfc5118ReceivedBracketed),
            Bytes(Rfc5118ReceivedBare),
            Bytes(KamailioOptionsOk),
            SipRequests.Options(v4).Encode(),
            SipRequests.Invite(v4, SdpSession.AudioOffer(v4.Local.Address, 49170, sessionId: 1)).Encode(),
            invite6.Encode(),
            SipRequests.Cancel(invite6).Encode(),
            SipResponse.For(invite6, 183, "Session Progress", "t1", [new SipHeader("Content-Type", "application/sdp")], iceOffer.EncodeUtf8()).Encode(),
        ];
    }

    private static byte[] RandomBytes(Random random)
    {
        var wire = new byte[random.Next(0, 700)];
        random.NextBytes(wire);
        return wire;
    }

    private static byte[] RandomText(Random random)
    {
        var text = new StringBuilder();
        var pieces = random.Next(1, 120);
        for (var p = 0; p < pieces; p++) text.Append(Fragments[random.Next(Fragments.Length)]);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var wire = original.ToList();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && wire.Count > 0; m++)
        {
            switch (random.Next(12))
            {
                case 0: // truncate
                    wire = wire.Take(random.Next(wire.Count + 1)).ToList();
                    break;
                case 1: // flip a bit
                    var at = random.Next(wire.Count);
                    wire[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2: // duplicate a header line
                    var lines = Lines(wire);
                    if (lines.Count > 2)
                    {
                        var line = lines[random.Next(1, lines.Count)];
                        wire.InsertRange(line.Start, wire.GetRange(line.Start, line.Length));
                    }
                    break;
                case 3: // an absurd, negative or off-by-some Content-Length
                    wire = SetContentLength(wire, random.Next(6) switch
                    {
                        0 => "99999999999999999999",
                        1 => "2147483648",
                        2 => "-1",
                        3 => "1048577",
                        4 => random.Next(0, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => "",
                    });
                    break;
                case 4: // a NUL
                    wire.Insert(random.Next(wire.Count + 1), 0);
                    break;
                case 5: // a bare CR
                    wire.Insert(random.Next(wire.Count + 1), (byte)'\r');
                    break;
                case 6: // a bare LF
                    wire.Insert(random.Next(wire.Count + 1), (byte)'\n');
                    break;
                case 7: // drop a line
                    var all = Lines(wire);
                    if (all.Count > 1)
                    {
                        var drop = all[random.Next(all.Count)];
                        wire.RemoveRange(drop.Start, drop.Length);
                    }
                    break;
                case 8: // a separator where it may confuse
                    var separators = "<>\";,:[]@\\ \t=*?"u8;
                    wire.Insert(random.Next(wire.Count + 1), separators[random.Next(separators.Length)]);
                    break;
                case 9: // any octet
                    wire[random.Next(wire.Count)] = (byte)random.Next(256);
                    break;
                case 10: // fold a line
                    wire.InsertRange(random.Next(wire.Count + 1), "\r\n "u8.ToArray());
                    break;
                default: // swap two lines
                    var some = Lines(wire);
                    if (some.Count > 2)
                    {
                        var a = some[random.Next(some.Count)];
                        var b = some[random.Next(some.Count)];
                        if (a.Start > b.Start) (a, b) = (b, a);
                        if (a.Start + a.Length <= b.Start)
                        {
                            var first = wire.GetRange(a.Start, a.Length);
                            var second = wire.GetRange(b.Start, b.Length);
                            wire.RemoveRange(b.Start, b.Length);
                            wire.InsertRange(b.Start, first);
                            wire.RemoveRange(a.Start, a.Length);
                            wire.InsertRange(a.Start, second);
                        }
                    }
                    break;
            }
        }
        return [.. wire];
    }

    // Lines (with their CRLF) of the header section.
    private static List<(int Start, int Length)> Lines(List<byte> wire)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i + 1 < wire.Count; i++)
        {
            if (wire[i] != '\r' || wire[i + 1] != '\n') continue;
            if (i == start) break; // the empty line ends the header section
            lines.Add((start, i + 2 - start));
            start = i + 2;
        }
        return lines;
    }

    private static List<byte> SetContentLength(List<byte> wire, string value)
    {
        var text = Encoding.Latin1.GetString([.. wire]);
        var at = text.IndexOf("Content-Length: ", StringComparison.Ordinal);
        if (at < 0) return wire;
        var end = text.IndexOf('\r', at);
        if (end < 0) return wire;
        return [.. Encoding.Latin1.GetBytes(text[..(at + "Content-Length: ".Length)] + value + text[end..])];
    }

    private static string Escape(byte[] wire) =>
        wire.Length > 2000 ? $"{wire.Length} octets starting {Escape(wire[..2000])}" : string.Concat(wire.Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));
}
