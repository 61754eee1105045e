using Coexist.Analyzers.Rules;
using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.MapToIPv4WithoutGuardAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.MapToIPv4WithoutGuardAnalyzer, Coexist.Analyzers.CodeFixes.Rules.MapToIPv4WithoutGuardFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class MapToIPv4WithoutGuardAnalyzerTests
{
    [Fact]
    public Task Flags_unguarded_calls() => Verify.VerifyAsync("""
        using System.Net;
        using Microsoft.AspNetCore.Http;
        class C
        {
            IPAddress field = IPAddress.IPv6Loopback;

            string Client(HttpContext context) => context.Connection.RemoteIpAddress?[|.MapToIPv4()|].ToString() ?? "";
            string Log(IPAddress a) => [|a.MapToIPv4()|].ToString();
            IPAddress Field() => [|field.MapToIPv4()|];
            IPAddress Call() => [|Get().MapToIPv4()|];
            IPAddress Get() => field;

            IPAddress WrongReceiver(IPAddress a, IPAddress b) => a.IsIPv4MappedToIPv6 ? [|b.MapToIPv4()|] : b;
            IPAddress WrongBranch(IPAddress a) => a.IsIPv4MappedToIPv6 ? a : [|a.MapToIPv4()|];
            IPAddress WrongTest(IPAddress a) => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? [|a.MapToIPv4()|] : a;

            IPAddress GuardAfterwards(IPAddress a)
            {
                var mapped = [|a.MapToIPv4()|];
                if (!a.IsIPv4MappedToIPv6) return a;
                return mapped;
            }

            IPAddress OrIsNotAGuard(IPAddress a, bool flag) => a.IsIPv4MappedToIPv6 || flag ? [|a.MapToIPv4()|] : a;
        }
        """);

    [Fact]
    public Task Leaves_guarded_calls_alone() => Verify.VerifyAsync("""
        using System.Net;
        using Microsoft.AspNetCore.Http;
        class C
        {
            IPAddress field = IPAddress.IPv6Loopback;

            IPAddress Conditional(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
            IPAddress Negated(IPAddress a) => !a.IsIPv4MappedToIPv6 ? a : a.MapToIPv4();
            IPAddress Compared(IPAddress a) => a.IsIPv4MappedToIPv6 == true ? a.MapToIPv4() : a;
            IPAddress ComparedFalse(IPAddress a) => a.IsIPv4MappedToIPv6 == false ? a : a.MapToIPv4();
            IPAddress Pattern(IPAddress a) => a.IsIPv4MappedToIPv6 is true ? a.MapToIPv4() : a;
            IPAddress Property(IPAddress a) => a is { IsIPv4MappedToIPv6: true } ? a.MapToIPv4() : a;
            IPAddress? Declared(IPAddress? a) => a is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : a;
            IPAddress Field() => field.IsIPv4MappedToIPv6 ? field.MapToIPv4() : field;
            bool And(IPAddress a, IPAddress b) => a.IsIPv4MappedToIPv6 && a.MapToIPv4().Equals(b);
            bool Or(IPAddress a, IPAddress b) => !a.IsIPv4MappedToIPv6 || a.MapToIPv4().Equals(b);
            bool Combined(IPAddress a, bool log) => (log && a.IsIPv4MappedToIPv6) ? a.MapToIPv4().Equals(a) : false;

            string Chain(HttpContext context)
            {
                if (context.Connection.RemoteIpAddress is { } remote && remote.IsIPv4MappedToIPv6)
                    return remote.MapToIPv4().ToString();
                if (context.Connection.RemoteIpAddress!.IsIPv4MappedToIPv6)
                    return context.Connection.RemoteIpAddress.MapToIPv4().ToString();
                if (context.Connection.RemoteIpAddress?.IsIPv4MappedToIPv6 == true)
                    return context.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "";
                return "";
            }

            IPAddress Statement(IPAddress a)
            {
                if (a.IsIPv4MappedToIPv6)
                {
                    a = a.MapToIPv4();
                }
                return a;
            }

            IPAddress EarlyReturn(IPAddress a)
            {
                if (!a.IsIPv4MappedToIPv6) return a;
                System.Console.WriteLine("mapped");
                return a.MapToIPv4();
            }

            void EarlyThrowAndContinue(IPAddress[] all)
            {
                foreach (var a in all)
                {
                    if (!a.IsIPv4MappedToIPv6) continue;
                    System.Console.WriteLine(a.MapToIPv4());
                }
            }

            IPAddress EarlyThrow(IPAddress a)
            {
                if (a.IsIPv4MappedToIPv6 == false)
                {
                    throw new System.ArgumentException("mapped addresses only");
                }
                return a.MapToIPv4();
            }
        }
        """);

    [Fact]
    public Task Leaves_look_alike_types_in_other_namespaces_alone() => Verify.VerifyAsync("""
        namespace Mine
        {
            class IPAddress { public IPAddress MapToIPv4() => this; }
            class C { IPAddress A(IPAddress a) => a.MapToIPv4(); }
        }
        """);

    [Fact]
    public async Task The_message_names_the_receiver_and_the_guard()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System.Net;
            class C
            {
                string Log(IPAddress remote) => remote.MapToIPv4().ToString();
                IPAddress Call() => Get().MapToIPv4();
                IPAddress Get() => IPAddress.IPv6Loopback;
            }
            """);
        var ordered = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, ordered.Count);
        Assert.Contains("remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote", ordered[0].GetMessage());
        Assert.Equal(MapToIPv4WithoutGuardAnalyzer.FixGuardWithConditional, ordered[0].Properties[MapToIPv4WithoutGuardAnalyzer.FixKey]);
        Assert.False(ordered[1].Properties.ContainsKey(MapToIPv4WithoutGuardAnalyzer.FixKey), "Get() would be called three times");
    }

    [Fact]
    public Task Fixes_with_a_conditional_that_maps_only_mapped_addresses() => Fix.VerifyFixAsync("""
        using System.Net;
        using Microsoft.AspNetCore.Http;
        class C
        {
            IPAddress Map(IPAddress a) => [|a.MapToIPv4()|];
            string Log(IPAddress remote) => [|remote.MapToIPv4()|].ToString();
            string Client(HttpContext context) => [|context.Connection.RemoteIpAddress!.MapToIPv4()|].ToString();
            IPAddress Call() => [|Get().MapToIPv4()|];
            IPAddress Get() => IPAddress.IPv6Loopback;
        }
        """, """
        using System.Net;
        using Microsoft.AspNetCore.Http;
        class C
        {
            IPAddress Map(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
            string Log(IPAddress remote) => (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
            string Client(HttpContext context) => (context.Connection.RemoteIpAddress!.IsIPv4MappedToIPv6 ? context.Connection.RemoteIpAddress!.MapToIPv4() : context.Connection.RemoteIpAddress!).ToString();
            IPAddress Call() => [|Get().MapToIPv4()|];
            IPAddress Get() => IPAddress.IPv6Loopback;
        }
        """);

    [Fact]
    public Task Fix_all_guards_every_call_in_the_document() => Fix.VerifyFixAllAsync("""
        using System.Net;
        class C
        {
            void Log(IPAddress a, IPAddress b)
            {
                var x = [|a.MapToIPv4()|];
                var y = [|b.MapToIPv4()|];
                System.Console.WriteLine([|a.MapToIPv4()|]);
            }
        }
        """, """
        using System.Net;
        class C
        {
            void Log(IPAddress a, IPAddress b)
            {
                var x = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
                var y = b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b;
                System.Console.WriteLine(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a);
            }
        }
        """);
}
