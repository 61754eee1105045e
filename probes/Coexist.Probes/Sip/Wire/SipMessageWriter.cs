using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>Writes a message as RFC 3261 §7 lays it out, with Content-Length always equal to the body's length.</summary>
internal static class SipMessageWriter
{
    public static byte[] Write(SipMessage message)
    {
        var text = new StringBuilder(256).Append(message.StartLine).Append("\r\n");
        var contentLength = $"{SipHeaderNames.ContentLength}: {SipText.Invariant(message.Body.Length)}\r\n";
        var wroteLength = false;
        foreach (var header in message.Headers)
        {
            if (header.Name == SipHeaderNames.ContentLength)
            {
                if (!wroteLength) text.Append(contentLength);
                wroteLength = true;
                continue;
            }
            text.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }
        if (!wroteLength) text.Append(contentLength);
        text.Append("\r\n");

        var head = Encoding.UTF8.GetByteCount(text.ToString());
        var wire = new byte[head + message.Body.Length];
        Encoding.UTF8.GetBytes(text.ToString(), wire);
        message.Body.Span.CopyTo(wire.AsSpan(head));
        return wire;
    }
}
