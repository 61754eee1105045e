using System.Net;

namespace Shop.Web.Security;

/// <summary>Addresses as numbers, for compact storage and fast range checks.</summary>
public static class AddressNumbers
{
    public static long ToNumber(IPAddress address) =>
        (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(address.GetAddressBytes(), 0)); // COEX1005

#pragma warning disable CS0618 // IPAddress.Address is obsolete, which is part of the problem
    public static long ToNumberTheOldWay(IPAddress address) => address.Address; // COEX1005
#pragma warning restore CS0618

    public static IPAddress FromNumber(long value) => new IPAddress(value); // COEX1005
}
