using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.IPv4EraResolverApiAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.IPv4EraResolverApiAnalyzer, Coexist.Analyzers.CodeFixes.Rules.IPv4EraResolverApiFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class IPv4EraResolverApiAnalyzerTests
{
    [Fact]
    public Task Flags_every_ipv4_era_resolver_method() => Verify.VerifyAsync("""
        using System;
        using System.Net;
        using static System.Net.Dns;
        #pragma warning disable CS0618 // obsolete, which is the point
        class C
        {
            void Resolve(string host, IPAddress address, AsyncCallback done)
            {
                IPHostEntry a = [|Dns.GetHostByName(host)|];
                IPHostEntry b = [|Dns.Resolve(host)|];
                IPHostEntry c = [|Dns.GetHostByAddress(address)|];
                IPHostEntry d = [|Dns.GetHostByAddress("192.0.2.1")|];
                IAsyncResult e = [|Dns.BeginGetHostByName(host, done, null)|];
                IPHostEntry f = [|Dns.EndGetHostByName(e)|];
                IAsyncResult g = [|Dns.BeginResolve(host, done, null)|];
                IPHostEntry h = [|Dns.EndResolve(g)|];
                IPHostEntry i = [|GetHostByName(host)|];
                IPAddress[] j = [|Dns.Resolve(host)|].AddressList;
            }
        }
        """);

    [Fact]
    public Task Leaves_current_resolver_methods_and_look_alikes_alone() => Verify.VerifyAsync("""
        using System.Net;
        using System.Threading.Tasks;
        namespace Legacy
        {
            static class Dns
            {
                public static IPHostEntry GetHostByName(string host) => new IPHostEntry();
                public static IPHostEntry Resolve(string host) => new IPHostEntry();
            }
        }
        class C
        {
            async Task Resolve(string host)
            {
                var a = System.Net.Dns.GetHostEntry(host);
                var b = System.Net.Dns.GetHostAddresses(host);
                var c = await System.Net.Dns.GetHostEntryAsync(host);
                var d = Legacy.Dns.GetHostByName(host);
                var e = Legacy.Dns.Resolve(host);
            }
        }
        """);

    [Fact]
    public async Task The_message_names_the_replacement()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System.Net;
            #pragma warning disable CS0618
            class C
            {
                IPHostEntry Entry(string host) => Dns.Resolve(host);
                IPAddress[] Addresses(string host) => Dns.GetHostByName(host).AddressList;
            }
            """);
        Assert.Equal(
            [
                "Dns.Resolve is obsolete and on .NET Framework resolves IPv4 addresses only; use Dns.GetHostEntry",
                "Dns.GetHostByName is obsolete and on .NET Framework resolves IPv4 addresses only; use Dns.GetHostAddresses",
            ],
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.GetMessage()));
    }

    [Fact]
    public Task Fixes_with_GetHostEntry_and_GetHostAddresses_where_only_addresses_are_read() => Fix.VerifyFixAsync("""
        using System;
        using System.Net;
        #pragma warning disable CS0618
        class C
        {
            void Resolve(string host, IPAddress address)
            {
                IPHostEntry entry = [|Dns.GetHostByName(host)|];
                string name = [|Dns.Resolve(host)|].HostName;
                IPAddress[] all = [|Dns.GetHostByName(host)|].AddressList;
                IPAddress[] again = ([|Dns.Resolve(host)|]).AddressList;
                IPHostEntry reverse = [|Dns.GetHostByAddress(address)|];
            }
        }
        """, """
        using System;
        using System.Net;
        #pragma warning disable CS0618
        class C
        {
            void Resolve(string host, IPAddress address)
            {
                IPHostEntry entry = Dns.GetHostEntry(host);
                string name = Dns.GetHostEntry(host).HostName;
                IPAddress[] all = Dns.GetHostAddresses(host);
                IPAddress[] again = Dns.GetHostAddresses(host);
                IPHostEntry reverse = Dns.GetHostEntry(address);
            }
        }
        """);

    [Fact]
    public Task Fix_all_rewrites_begin_and_end_pairs_together() => Fix.VerifyFixAllAsync("""
        using System;
        using System.Net;
        using static System.Net.Dns;
        #pragma warning disable CS0618
        class C
        {
            IPHostEntry Old(string host)
            {
                IAsyncResult first = [|Dns.BeginGetHostByName(host, null, null)|];
                IPHostEntry a = [|Dns.EndGetHostByName(first)|];
                IAsyncResult second = [|BeginResolve(host, null, null)|];
                return [|EndResolve(second)|];
            }
        }
        """, """
        using System;
        using System.Net;
        using static System.Net.Dns;
        #pragma warning disable CS0618
        class C
        {
            IPHostEntry Old(string host)
            {
                IAsyncResult first = Dns.BeginGetHostEntry(host, null, null);
                IPHostEntry a = Dns.EndGetHostEntry(first);
                IAsyncResult second = BeginGetHostEntry(host, null, null);
                return EndGetHostEntry(second);
            }
        }
        """);

    /// <summary>Why the fix prefers GetHostAddresses: GetHostByName returns an address literal as it is, GetHostAddresses too.</summary>
    [Fact]
    public void GetHostAddresses_keeps_an_address_literal_as_GetHostByName_did()
    {
#pragma warning disable CS0618
        var old = System.Net.Dns.GetHostByName("192.0.2.1").AddressList;
#pragma warning restore CS0618
        var current = System.Net.Dns.GetHostAddresses("192.0.2.1");
        Assert.Equal(old, current);
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8::1"), Assert.Single(System.Net.Dns.GetHostAddresses("2001:db8::1")));
    }
}
