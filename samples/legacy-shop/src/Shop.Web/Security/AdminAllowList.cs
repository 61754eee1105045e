using System.Net;
using System.Text.RegularExpressions;

namespace Shop.Web.Security;

/// <summary>Networks allowed into /admin, written as "a.b.c.d/len" separated by commas.</summary>
public sealed partial class AdminAllowList
{
    private readonly List<(uint Network, uint Mask)> _networks = [];

    public AdminAllowList(string networks)
    {
        foreach (var entry in networks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = entry.IndexOf('/');
            var address = slash < 0 ? entry : entry[..slash];
            var length = slash < 0 ? 32 : int.Parse(entry[(slash + 1)..]);
            if (!DottedQuad().IsMatch(address))
                throw new FormatException($"not an address: {address}");
            var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
            _networks.Add((ParseQuad(address) & mask, mask));
        }
    }

    public bool Allows(IPAddress client)
    {
        if (IPAddress.IsLoopback(client)) return true;
        var value = AddressNumbers.ToNumber(client);
        return _networks.Any(n => ((uint)value & n.Mask) == n.Network);
    }

    private static uint ParseQuad(string text)
    {
        var parts = text.Split('.'); // COEX1012
        if (parts.Length != 4) throw new FormatException($"not an address: {text}");
        return parts.Aggregate(0u, (value, part) => (value << 8) | byte.Parse(part));
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")] // COEX1012
    private static partial Regex DottedQuad();
}
