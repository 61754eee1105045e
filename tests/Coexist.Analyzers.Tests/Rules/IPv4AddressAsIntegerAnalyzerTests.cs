using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.IPv4AddressAsIntegerAnalyzer>;

namespace Coexist.Analyzers.Tests.Rules;

public class IPv4AddressAsIntegerAnalyzerTests
{
    [Fact]
    public Task Flags_the_obsolete_Address_property_and_the_long_constructor() => Verify.VerifyAsync("""
        using System.Net;
        class C
        {
            #pragma warning disable CS0618 // IPAddress.Address is obsolete, which is the point
            long Key(IPAddress client) => [|client.Address|];
            void Set(IPAddress a) => [|a.Address|] = 0x0100007F;
            IPAddress FromRow(long stored) => [|new IPAddress(stored)|];
            IPAddress Loopback() => [|new IPAddress(0x0100007F)|];
        }
        """);

    [Fact]
    public Task Flags_integer_reads_of_GetAddressBytes() => Verify.VerifyAsync("""
        using System;
        using System.Buffers.Binary;
        using System.Net;
        using System.Runtime.InteropServices;
        class C
        {
            uint Direct(IPAddress a) => [|BitConverter.ToUInt32(a.GetAddressBytes(), 0)|];
            int Signed(IPAddress a) => [|BitConverter.ToInt32(a.GetAddressBytes())|];
            uint BigEndian(IPAddress a) => [|BinaryPrimitives.ReadUInt32BigEndian(a.GetAddressBytes())|];
            int AsSpan(IPAddress a) => [|BinaryPrimitives.ReadInt32LittleEndian(a.GetAddressBytes().AsSpan())|];
            uint Marshal(IPAddress a) => [|MemoryMarshal.Read<uint>(a.GetAddressBytes())|];

            uint ViaLocal(IPAddress a)
            {
                var bytes = a.GetAddressBytes();
                Array.Reverse(bytes);
                return [|BitConverter.ToUInt32(bytes, 0)|];
            }

            uint ViaAssignment(IPAddress a)
            {
                byte[] bytes;
                bytes = a.GetAddressBytes();
                return [|BitConverter.ToUInt32(bytes, 0)|];
            }

            bool InLambda(IPAddress[] all, uint wanted) =>
                Array.Exists(all, a => [|BitConverter.ToUInt32(a.GetAddressBytes(), 0)|] == wanted);
        }
        """);

    [Fact]
    public Task Leaves_bytes_that_do_not_come_from_an_address_alone() => Verify.VerifyAsync("""
        using System;
        using System.Buffers.Binary;
        using System.Net;
        using System.Runtime.InteropServices;
        class C
        {
            uint Header(byte[] packet) => BinaryPrimitives.ReadUInt32BigEndian(packet);
            int Length(byte[] frame) => BitConverter.ToInt32(frame, 4);
            long Wide(IPAddress a) => BitConverter.ToInt64(a.GetAddressBytes(), 0);
            byte Marshal(IPAddress a) => MemoryMarshal.Read<byte>(a.GetAddressBytes());
            IPAddress FromBytes(byte[] b) => new IPAddress(b);

            uint OtherLocal(IPAddress a, byte[] other)
            {
                var bytes = a.GetAddressBytes();
                return BitConverter.ToUInt32(other, 0);
            }

            string Name() => nameof(IPAddress.Address);
        }
        """);

    [Fact]
    public Task Leaves_members_that_test_the_address_family_to_COEX1004() => Verify.VerifyAsync("""
        using System;
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            bool InRange(IPAddress a, uint start, uint end)
            {
                if (a.AddressFamily == AddressFamily.InterNetwork)
                {
                    var bytes = a.GetAddressBytes();
                    Array.Reverse(bytes);
                    var value = BitConverter.ToUInt32(bytes, 0);
                    return value >= start && value <= end;
                }
                return false;
            }

            #pragma warning disable CS0618
            long Key(IPAddress a) => a.AddressFamily == AddressFamily.InterNetworkV6 ? 0 : a.Address;
        }
        """);

    [Fact]
    public Task Leaves_look_alike_types_in_other_namespaces_alone() => Verify.VerifyAsync("""
        namespace Mine
        {
            class IPAddress
            {
                public IPAddress(long address) => Address = address;
                public long Address { get; }
                public byte[] GetAddressBytes() => System.BitConverter.GetBytes(Address);
            }
            class C
            {
                long A(IPAddress a) => a.Address;
                IPAddress B() => new IPAddress(5);
                int D(IPAddress a) => System.BitConverter.ToInt32(a.GetAddressBytes(), 0);
            }
        }
        """);

    [Fact]
    public async Task The_message_names_the_construct_and_the_way_out()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System;
            using System.Net;
            class C
            {
                uint Direct(IPAddress a) => BitConverter.ToUInt32(a.GetAddressBytes(), 0);
            }
            """);
        var message = Assert.Single(diagnostics).GetMessage();
        Assert.StartsWith("BitConverter.ToUInt32 over GetAddressBytes() treats the address as a 32-bit IPv4 number", message);
        Assert.Contains("IPNetwork.Contains", message);
    }
}
