using System.Text;

namespace Coexist.Schema.Rules;

/// <summary>How surely a name or a comment says "IP address".</summary>
internal enum AddressHint
{
    None,
    /// <summary>address, addr, host: an IP address when the column is sized for one, a postal or host name otherwise.</summary>
    Weak,
    /// <summary>ip, ipv4, ip_address, remote_addr, client_ip: an IP address whatever the type.</summary>
    Strong,
}

/// <summary>
/// Reads column names and comments for the words that mean "IP address". The last word of a name
/// says what the column holds (<c>ip_country</c> holds a country, <c>client_ip</c> an address), so
/// that word decides, with the modifiers that still mean an address (<c>ip_from</c>, <c>ip_num</c>).
/// </summary>
internal static class AddressNames
{
    /// <summary>Words that are an IP address on their own.</summary>
    private static readonly HashSet<string> IPWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ip", "ipv4", "ip4", "ipaddr", "ipaddress", "ipaddresses", "ips", "inet", "ipv4addr", "ipv4address", "inetaddr",
        "inetaddress", "ipnum", "ipint", "iplong", "ipnumber", "ipv4num", "ipv6", "ip6", "ipv6addr", "ipv6address",
    };

    /// <summary>Words that name an address of some kind; which kind the other words say.</summary>
    private static readonly HashSet<string> AddressWords = new(StringComparer.OrdinalIgnoreCase) { "addr", "address", "adr" };

    private static readonly HashSet<string> HostWords = new(StringComparer.OrdinalIgnoreCase) { "host", "hostaddr", "hostname", "hostip" };

    /// <summary>Words before addr/address that make it a network address: remote_addr, peer_address.</summary>
    private static readonly HashSet<string> NetworkQualifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "remote", "client", "peer", "server", "src", "source", "dst", "dest", "destination", "local", "bind", "listen", "gateway",
        "gw", "nat", "public", "private", "wan", "lan", "external", "internal", "ext", "int", "origin", "relay", "mx", "smtp",
        "sip", "rtp", "media", "proxy", "host", "net", "network", "socket", "tcp", "udp", "nexthop", "router", "upstream", "backend",
    };

    /// <summary>Prefixes glued to "ip" without a separator: clientip, srcip, remoteip.</summary>
    private static readonly string[] GluedIPPrefixes =
    [
        "src", "dst", "client", "remote", "server", "local", "peer", "source", "dest", "public", "private", "last", "login",
        "origin", "nat", "gw", "gateway", "router", "host", "user", "real", "ext", "external", "internal", "wan", "lan", "mgmt",
        "bind", "listen", "sender", "caller", "visitor", "proxy", "forwarded",
    ];

    /// <summary>Last words that keep an earlier IP word's meaning: ip_from, ip_to, ip_num, ipv4_start.</summary>
    private static readonly HashSet<string> AddressModifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "from", "to", "start", "end", "begin", "low", "high", "min", "max", "first", "last", "num", "number", "int", "long",
        "value", "bin", "binary", "raw", "v4", "4", "v6", "6", "text", "str", "string", "dec", "decimal", "mask", "netmask", "net",
        "network", "range", "lo", "hi", "addr", "address", "list", "whitelist", "allowlist", "blacklist", "blocklist",
    };

    /// <summary>Words that make a name anything but an IP address: email_address, mac_addr, street_address.</summary>
    private static readonly HashSet<string> NotAddressWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "email", "mail", "e", "street", "postal", "post", "billing", "shipping", "delivery", "home", "work", "office", "mac",
        "ether", "ethernet", "hw", "hardware", "bluetooth", "wallet", "btc", "eth", "city", "zip", "postcode", "country", "web",
        "url", "uri", "memory", "mem", "pointer", "ptr", "physical", "residential", "mailing", "invoice", "contact",
    };

    /// <summary>How strongly <paramref name="name"/> (a column, parameter or variable name) says it holds an IP address.</summary>
    public static AddressHint OfName(string name)
    {
        var words = Words(name);
        if (words.Count == 0) return AddressHint.None;
        var last = words[^1];
        var earlier = words.Take(words.Count - 1).ToList();

        if (IsIPWord(last)) return AddressHint.Strong;
        if (words.Any(NotAddressWords.Contains)) return AddressHint.None;
        if (AddressWords.Contains(last))
            return earlier.Any(w => IsIPWord(w) || NetworkQualifiers.Contains(w)) ? AddressHint.Strong : AddressHint.Weak;
        if (HostWords.Contains(last)) return last.Equals("hostip", StringComparison.OrdinalIgnoreCase) ? AddressHint.Strong : AddressHint.Weak;
        if (AddressModifiers.Contains(last) && earlier.Any(IsIPWord)) return AddressHint.Strong;
        return AddressHint.None;
    }

    /// <summary>How strongly a column comment says the column holds an IP address ("client IPv4", "remote host").</summary>
    public static AddressHint OfComment(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment)) return AddressHint.None;
        var words = Words(comment);
        if (words.Any(w => w is "email" or "mac" or "postal" or "street")) return AddressHint.None;
        if (words.Any(IsIPWord) || comment.Contains("IP address", StringComparison.OrdinalIgnoreCase)) return AddressHint.Strong;
        if (words.Any(w => AddressWords.Contains(w) || HostWords.Contains(w))) return AddressHint.Weak;
        return AddressHint.None;
    }

    private static bool IsIPWord(string word)
    {
        if (IPWords.Contains(word)) return true;
        var lower = word.ToLowerInvariant();
        return lower.EndsWith("ip", StringComparison.Ordinal) && GluedIPPrefixes.Contains(lower[..^2])
            || lower.EndsWith("ipv4", StringComparison.Ordinal) && GluedIPPrefixes.Contains(lower[..^4]);
    }

    /// <summary>
    /// Splits a name into lower-case words at separators and case changes: <c>client_ip</c>,
    /// <c>ClientIp</c>, <c>IPAddress</c> and <c>IPv4Address</c> all come apart where a reader would split them.
    /// </summary>
    public static List<string> Words(string name)
    {
        // "IPv4"/"IPv6" would split as I, Pv4 by case alone.
        name = name.Replace("IPv4", "Ipv4", StringComparison.Ordinal).Replace("IPv6", "Ipv6", StringComparison.Ordinal);
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }
            if (current.Length > 0)
            {
                var previous = name[i - 1];
                var startsWord = char.IsUpper(c) && (char.IsLower(previous) || char.IsDigit(previous))
                    || char.IsUpper(c) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (startsWord) Flush();
            }
            current.Append(char.ToLowerInvariant(c));
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }
}
