using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Shop.Notifications.Sip;

/// <summary>
/// Rings the customer back: sends an INVITE for the shop's call-centre line to the SIP proxy,
/// which bridges it to the customer's phone number.
/// </summary>
public sealed class ClickToCallNotifier
{
    private const int SipPort = 5060;
    // The call-centre B2BUA runs beside the shop.
    private const string LocalBridge = "127.0.0.1:5070"; // COEX1002

    private readonly string _proxy;

    public ClickToCallNotifier(string proxy) => _proxy = proxy;

    public async Task RingAsync(string phoneNumber, string reason, CancellationToken cancellationToken = default)
    {
        var (host, port) = ParseEndpoint(_proxy);
#pragma warning disable CS0618 // Dns.GetHostByName is obsolete
        var proxy = Dns.GetHostByName(host).AddressList[0]; // COEX1009 COEX1008
#pragma warning restore CS0618
        using var client = new UdpClient(SipPort); // COEX1003
        var local = GetLocalAddress();
        var callId = Guid.NewGuid().ToString("N");
        var sdp = $"v=0\r\no=shop 1 1 IN IP4 {local}\r\ns=call\r\nc=IN IP4 {local}\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
        var invite =
            $"INVITE sip:{phoneNumber}@{host} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP " + local + ":" + SipPort + ";branch=z9hG4bK" + callId[..8] + "\r\n" + // COEX1010
            $"From: <sip:shop@{host}>;tag={callId[..6]}\r\n" +
            $"To: <sip:{phoneNumber}@{host}>\r\n" +
            $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nSubject: {reason}\r\n" +
            $"Contact: <sip:shop@{local}:{SipPort}>\r\n" + // COEX1010
            $"Content-Type: application/sdp\r\nContent-Length: {Encoding.ASCII.GetByteCount(sdp)}\r\n\r\n{sdp}";
        var bytes = Encoding.ASCII.GetBytes(invite);
        await client.SendAsync(bytes, bytes.Length, new IPEndPoint(proxy, port));
        Console.WriteLine($"[sip] INVITE for {phoneNumber} sent to {proxy}, bridge {LocalBridge}");
    }

    /// <summary>Phones on the office LAN announce themselves on a multicast group.</summary>
    public static Socket JoinPhoneAnnouncements()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp); // COEX1004
        socket.Bind(new IPEndPoint(IPAddress.Any, 5353)); // COEX1003
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, // COEX1014
            new MulticastOption(IPAddress.Parse("239.255.0.1"))); // COEX1001
        return socket;
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        var parts = endpoint.Split(':'); // COEX1011
        return (parts[0], parts.Length > 1 ? int.Parse(parts[1]) : SipPort);
    }

    private static IPAddress GetLocalAddress() =>
        Dns.GetHostEntry(Dns.GetHostName()).AddressList
            .First(a => a.AddressFamily == AddressFamily.InterNetwork); // COEX1004
}
