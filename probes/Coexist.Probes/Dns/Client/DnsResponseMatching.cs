namespace Coexist.Probes.Dns;

/// <summary>Sorting what arrived on a socket: the answer, someone else's message, or a broken answer.</summary>
internal static class DnsResponseMatching
{
    public enum Verdict
    {
        Answer,
        Unrelated,
        Malformed,
    }

    public static (Verdict Verdict, DnsMessage? Response, DnsFormatException? Error) Classify(ReadOnlySpan<byte> wire, DnsMessage query)
    {
        // Without a whole ID the datagram cannot be tied to the query, so it is someone else's (RFC 5452 §9.1).
        if (wire.Length < 2) return (Verdict.Unrelated, null, null);
        try
        {
            return (Verdict.Answer, DnsMessage.DecodeResponse(wire, query), null);
        }
        catch (DnsFormatException e) when (e.Error is DnsFormatError.IdMismatch or DnsFormatError.QuestionMismatch or DnsFormatError.NotAResponse)
        {
            return (Verdict.Unrelated, null, e);
        }
        catch (DnsFormatException e)
        {
            return (Verdict.Malformed, null, e);
        }
    }
}
