using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Coexist.Analyzers;

/// <summary>
/// The framework types the rules match against, resolved once per compilation. Rules compare
/// symbols, never names as text, so a user's own <c>IPAddress</c> class is never mistaken for
/// System.Net's. A type the compilation does not reference is null, and rules about it stay quiet.
/// </summary>
internal sealed class NetworkSymbols
{
    public INamedTypeSymbol? IPAddress { get; }
    public INamedTypeSymbol? IPEndPoint { get; }
    public INamedTypeSymbol? DnsEndPoint { get; }
    public INamedTypeSymbol? AddressFamily { get; }
    public INamedTypeSymbol? ProtocolFamily { get; }
    public INamedTypeSymbol? Socket { get; }
    public INamedTypeSymbol? TcpListener { get; }
    public INamedTypeSymbol? TcpClient { get; }
    public INamedTypeSymbol? UdpClient { get; }
    public INamedTypeSymbol? Dns { get; }
    public INamedTypeSymbol? IPHostEntry { get; }
    public INamedTypeSymbol? Version { get; }
    public INamedTypeSymbol? Oid { get; }
    public INamedTypeSymbol? KestrelServerOptions { get; }
    public INamedTypeSymbol? HostingAbstractionsWebHostBuilderExtensions { get; }
    public INamedTypeSymbol? WebApplication { get; }
    public INamedTypeSymbol? ServerAddressesFeature { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? Enumerable { get; }
    public INamedTypeSymbol? Convert { get; }

    // Integer views of address bytes (COEX1005) and multicast options (COEX1014).
    public INamedTypeSymbol? BitConverter { get; }
    public INamedTypeSymbol? BinaryPrimitives { get; }
    public INamedTypeSymbol? MemoryMarshal { get; }
    public INamedTypeSymbol? MemoryExtensions { get; }
    public INamedTypeSymbol? SocketOptionLevel { get; }
    public INamedTypeSymbol? SocketOptionName { get; }
    public INamedTypeSymbol? MulticastOption { get; }
    public INamedTypeSymbol? IPv6MulticastOption { get; }

    /// <summary>Assembly-level attributes whose string arguments are version numbers.</summary>
    public IReadOnlyList<INamedTypeSymbol> VersionAttributes { get; }

    private NetworkSymbols(Compilation compilation)
    {
        INamedTypeSymbol? Get(string name) => compilation.GetTypeByMetadataName(name);

        IPAddress = Get("System.Net.IPAddress");
        IPEndPoint = Get("System.Net.IPEndPoint");
        DnsEndPoint = Get("System.Net.DnsEndPoint");
        AddressFamily = Get("System.Net.Sockets.AddressFamily");
        ProtocolFamily = Get("System.Net.Sockets.ProtocolFamily");
        Socket = Get("System.Net.Sockets.Socket");
        TcpListener = Get("System.Net.Sockets.TcpListener");
        TcpClient = Get("System.Net.Sockets.TcpClient");
        UdpClient = Get("System.Net.Sockets.UdpClient");
        Dns = Get("System.Net.Dns");
        IPHostEntry = Get("System.Net.IPHostEntry");
        Version = Get("System.Version");
        Oid = Get("System.Security.Cryptography.Oid");
        KestrelServerOptions = Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions");
        HostingAbstractionsWebHostBuilderExtensions = Get("Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions");
        WebApplication = Get("Microsoft.AspNetCore.Builder.WebApplication");
        ServerAddressesFeature = Get("Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature");
        BitConverter = Get("System.BitConverter");
        BinaryPrimitives = Get("System.Buffers.Binary.BinaryPrimitives");
        MemoryMarshal = Get("System.Runtime.InteropServices.MemoryMarshal");
        MemoryExtensions = Get("System.MemoryExtensions");
        SocketOptionLevel = Get("System.Net.Sockets.SocketOptionLevel");
        SocketOptionName = Get("System.Net.Sockets.SocketOptionName");
        MulticastOption = Get("System.Net.Sockets.MulticastOption");
        IPv6MulticastOption = Get("System.Net.Sockets.IPv6MulticastOption");
        CancellationToken = Get("System.Threading.CancellationToken");
        Enumerable = Get("System.Linq.Enumerable");
        Convert = Get("System.Convert");

        var versionAttributes = new List<INamedTypeSymbol>();
        foreach (var name in new[]
                 {
                     "System.Reflection.AssemblyVersionAttribute",
                     "System.Reflection.AssemblyFileVersionAttribute",
                     "System.Reflection.AssemblyInformationalVersionAttribute",
                     "System.Resources.SatelliteContractVersionAttribute",
                 })
        {
            if (Get(name) is { } type) versionAttributes.Add(type);
        }
        VersionAttributes = versionAttributes;
    }

    // Lazy: the table may run its factory on several threads at once (every rule starts together), and the lookups are
    // what is worth doing once.
    private static readonly ConditionalWeakTable<Compilation, Lazy<NetworkSymbols>> PerCompilation = new();

    /// <summary>
    /// The symbols of <paramref name="compilation"/>, resolved once and shared by every rule: each lookup searches
    /// every referenced assembly (a .NET project has about 200), which done by each rule for itself made most of the
    /// rules' start-up cost.
    /// </summary>
    public static NetworkSymbols From(Compilation compilation) =>
        PerCompilation.GetValue(compilation, c => new Lazy<NetworkSymbols>(() => new NetworkSymbols(c))).Value;

    public IFieldSymbol? IPAddressField(string name) => Member<IFieldSymbol>(IPAddress, name);

    public IFieldSymbol? AddressFamilyMember(string name) => Member<IFieldSymbol>(AddressFamily, name);

    public IFieldSymbol? ProtocolFamilyMember(string name) => Member<IFieldSymbol>(ProtocolFamily, name);

    /// <summary>The named field, property or method of a type, or null when the type or member is missing.</summary>
    public static T? MemberOf<T>(INamedTypeSymbol? type, string name) where T : class, ISymbol => Member<T>(type, name);

    private static T? Member<T>(INamedTypeSymbol? type, string name) where T : class, ISymbol
    {
        if (type is null) return null;
        foreach (var member in type.GetMembers(name))
        {
            if (member is T typed) return typed;
        }
        return null;
    }
}
