namespace Coexist.Analyzers;

/// <summary>
/// Decides whether an identifier names an IP address (COEX1006). The name is split into words
/// (<c>clientIpAddress</c> → client, ip, address; <c>SRC_IP</c> → src, ip; <c>IPv4Addr</c> → ipv4, addr) and
/// the address word must be the head of the name: only words that describe the same value may follow it.
/// So <c>clientIp</c>, <c>ipAddress</c>, <c>ipFrom</c> and <c>remoteAddr</c> match, while <c>ipCount</c>,
/// <c>ipVersion</c>, <c>ipPort</c>, <c>addressCount</c>, <c>zip</c> and <c>tip</c> do not.
/// </summary>
internal static class AddressNames
{
    /// <summary>Words that are an IP address by themselves.</summary>
    public static readonly IReadOnlyCollection<string> AddressWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "ip", "ipv4", "ipaddr", "ipaddress", "ipv4addr", "ipv4address",
    };

    /// <summary>"addr" and "address" are an IP address only after one of these (or after an address word): <c>remoteAddr</c> yes, <c>baseAddress</c> no.</summary>
    public static readonly IReadOnlyCollection<string> NetworkQualifiers = new HashSet<string>(StringComparer.Ordinal)
    {
        "remote", "local", "client", "server", "source", "src", "destination", "dest", "dst", "host", "peer",
        "bind", "listen", "gateway", "gw", "router", "subnet", "network", "net", "broadcast", "multicast", "nat",
    };

    /// <summary>Words that may follow the address word and still describe the address itself (<c>ipNum</c>, <c>ipFrom</c>).</summary>
    public static readonly IReadOnlyCollection<string> SameValueSuffixes = new HashSet<string>(StringComparer.Ordinal)
    {
        "addr", "address", "v4", "int", "integer", "num", "number", "numeric", "value", "val", "raw", "bits", "long", "uint",
        "from", "to", "start", "end", "begin", "low", "high", "lower", "upper", "first", "last",
    };

    public static bool IsAddressName(string identifier)
    {
        var words = Split(identifier);
        for (var i = words.Count - 1; i >= 0; i--)
        {
            if (IsAddressWordAt(words, i))
                return words.Skip(i + 1).All(SameValueSuffixes.Contains);
        }
        return false;
    }

    private static bool IsAddressWordAt(IReadOnlyList<string> words, int index)
    {
        if (AddressWords.Contains(words[index])) return true;
        if (words[index] is not ("addr" or "address")) return false;
        for (var i = 0; i < index; i++)
        {
            if (NetworkQualifiers.Contains(words[i]) || AddressWords.Contains(words[i])) return true;
        }
        return false;
    }

    /// <summary>
    /// The lower-case words of an identifier. Boundaries are underscores and other non-alphanumerics, a capital after
    /// a lower-case letter or digit (clientIp), and the last capital of a run before lower case (IPAddress → IP, Address).
    /// "IPv4"/"IPv6" stay one word although the run rule would cut them (I, Pv4).
    /// </summary>
    public static IReadOnlyList<string> Split(string identifier)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= identifier.Length; i++)
        {
            var atEnd = i == identifier.Length;
            if (!atEnd && !char.IsLetterOrDigit(identifier[i]))
            {
                Flush(i);
                continue;
            }
            if (start >= 0 && (atEnd || StartsWord(identifier, i)))
                Flush(i);
            if (!atEnd && start < 0)
                start = i;
        }
        return words;

        void Flush(int end)
        {
            if (start >= 0 && end > start)
                words.Add(identifier.Substring(start, end - start).ToLowerInvariant());
            start = -1;
        }
    }

    private static bool StartsWord(string name, int i)
    {
        var current = name[i];
        var previous = name[i - 1];
        if (!char.IsUpper(current)) return false;
        if (char.IsLower(previous) || char.IsDigit(previous)) return true;
        // A capital run followed by lower case: the run's last capital starts the next word (HTTPServer → HTTP, Server),
        // except in "IPv4"/"IPv6", where the lower-case "v" belongs to the run.
        return char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]) && !IsVersionSuffixOfIP(name, i);
    }

    /// <summary>True at the "P" of "IPv4"/"IPv6", where no word may start.</summary>
    private static bool IsVersionSuffixOfIP(string name, int i) =>
        i >= 1 && i + 2 < name.Length
        && char.ToUpperInvariant(name[i - 1]) == 'I' && name[i] == 'P' && name[i + 1] == 'v' && name[i + 2] is '4' or '6';
}
