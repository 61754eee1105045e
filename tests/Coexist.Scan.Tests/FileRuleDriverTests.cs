using System.Collections.Immutable;
using Coexist.Scan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// The analyzers below are test probes, never shipped: the rules for shipped analyzers (netstandard2.0, no Workspaces,
// release tracking, concurrency settings) do not apply to them.
#pragma warning disable RS1025, RS1026, RS1036, RS1038, RS1041, RS2008

namespace Coexist.Scan.Tests;

/// <summary>
/// `coexist scan` runs the rules with its own driver (<see cref="FileRuleDriver"/>). A probe analyzer that reports
/// every node, symbol and operation it is handed must see the same under it as under Roslyn's driver, in every place
/// C# puts code; the analyzer tests check the same for every rule's cases.
/// </summary>
public class FileRuleDriverTests
{
    private const string Members = """"
        [assembly: System.Reflection.AssemblyMetadata("ip", "10.0.0.1")]
        namespace Shop.Net;

        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Alias = System.Net.IPAddress;

        public delegate void Connected(string host = "10.0.0.2", int port = 80);

        [Flags]
        public enum Family { None = 0, V4 = 1 << 0, V6 = 1 << 1, Both = V4 | V6 }

        public interface IEndpoint
        {
            string Host { get; }
            string Describe() => $"{Host}:80";
            static int DefaultPort { get; } = 80;
        }

        public abstract class Base(string address)
        {
            protected string Address { get; } = address;
            public abstract int Port { get; }
        }

        [Serializable]
        public partial class Relay(string address, int port = 25) : Base(address + ":" + port), IEndpoint
        {
            public const string Fallback = "192.0.2.1";
            private static readonly string[] Hosts = { "10.0.0.3", "10.0.0.4" }, Others = ["10.0.0.5"];
            private readonly Dictionary<string, int> _seen = new() { ["10.0.0.6"] = 1 };
            private int _count;
            public event EventHandler? Changed;
            public event EventHandler Custom { add { Changed += value; } remove => Changed -= value; }

            static Relay() { Console.WriteLine("10.0.0.7"); }
            public Relay() : this("10.0.0.8") { _count = 1; }
            ~Relay() => Console.WriteLine(_count);

            public string Host => Address;
            public override int Port => port;
            public int Count { get => _count; set { _count = value; Changed?.Invoke(this, EventArgs.Empty); } }
            public string this[int i] => Hosts[i];
            [Obsolete("use 10.0.0.9")] public string Legacy { get; init; } = "10.0.0.10";

            [return: System.Diagnostics.CodeAnalysis.NotNull]
            public string Connect([System.ComponentModel.DefaultValue("x")] string host = "10.0.0.11", int timeout = 5 * 1000)
            {
                string Local(string h) => h + ":" + Port;
                Func<string, string> lambda = static h => $"[{h}]";
                var picked = Hosts.Where(h => h.StartsWith("10.")).Select(Local).FirstOrDefault() ?? lambda(host);
                var kind = picked switch { "a" => 1, { Length: > 3 } s when s.Contains('.') => 2, _ => 3 };
                foreach (var (key, value) in _seen) picked += key + value + kind;
                try { return checked(picked + timeout); }
                catch (Exception e) when (e is OverflowException) { throw; }
                finally { _count++; }
            }

            public static Relay operator +(Relay a, Relay b) => new(a.Host + b.Host);
            public static implicit operator string(Relay r) => r.Host;

            partial void OnOpened(string host);
            public T Pick<T>(T value) where T : class => value;

            private sealed class Nested { public string Ip = Alias.Loopback.ToString(); }
            public record struct Hop(string Ip, int Ttl = 64);
        }

        public static class Shapes
        {
            public static async IAsyncEnumerable<string> HostsAsync(IAsyncEnumerable<string> source, [System.Runtime.CompilerServices.EnumeratorCancellation] System.Threading.CancellationToken token = default)
            {
                await foreach (var host in System.Threading.Tasks.TaskAsyncEnumerableExtensions.WithCancellation(source, token))
                {
                    using var timer = new System.Threading.CancellationTokenSource();
                    lock (timer) { if (host is null or "") continue; }
                    yield return $$"""{"ip": "{{host}}"}""";
                }
            }

            public static IEnumerable<int> Query(int[] octets) =>
                from o in octets where o > 0 let twice = o * 2 orderby twice descending select twice;

            public static ReadOnlySpan<byte> Utf8 => "10.0.0.12"u8;

            public static string Labels(int n)
            {
                var parse = (string text, int radix = 10) => Convert.ToInt32(text, radix);
                var tuple = (ip: "10.0.0.13", port: 80);
                again:
                if (n-- > 0) goto again;
                return nameof(Labels) + tuple.ip + parse("7") + default(int) + sizeof(int) + typeof(string).Name + (n is > 1 and < 9 ? "a" : "b");
            }
        }

        public interface IParse<TSelf> where TSelf : IParse<TSelf> { static abstract TSelf Parse(string s); }

        public sealed class Settings { public required string Ip { get; init; } public int? Port { get; set; } = null; }

        public record Route(string Gateway, string Mask = "255.255.255.0") : IComparable<Route>
        {
            public string Gateway { get; init; } = Gateway;
            public int CompareTo(Route? other) => string.CompareOrdinal(Gateway, other?.Gateway);
        }
        """";

    private const string OtherPart = """
        namespace Shop.Net;

        public partial class Relay
        {
            private string _lastIp = "172.16.0.1";
            partial void OnOpened(string host) { _lastIp = host; }
        }
        """;

    private const string Program = """
        using System;
        using Shop.Net;

        var relay = new Relay("10.1.1.1");
        Console.WriteLine(relay.Connect());
        static int Twice(int x) => x * 2;
        Console.WriteLine(Twice(relay.Count));

        namespace Shop.Net
        {
            struct Point { public int X; public Point(int x = 3) { X = x; } }
        }
        """;

    [Fact]
    public async Task Hands_rules_the_same_nodes_symbols_and_operations_as_roslyn()
    {
        var compilation = Compile(OutputKind.ConsoleApplication, Members, OtherPart, Program);
        var probe = new ProbeAnalyzer();
        var options = new AnalyzerOptions([]);
        var roslyn = await compilation.WithAnalyzers([probe], new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();

        var exceptions = new List<Exception>();
        var driver = FileRuleDriver.Create(compilation, [probe], options, (exception, _) => exceptions.Add(exception), CancellationToken.None);
        Assert.NotNull(driver);
        foreach (var tree in compilation.SyntaxTrees)
        {
            Assert.True(driver.CanAnalyze(tree, CancellationToken.None));
            var want = roslyn.Where(d => d.Location.SourceTree == tree).Select(Describe).Order(StringComparer.Ordinal).ToList();
            var got = driver.Analyze(tree, CancellationToken.None).Select(Describe).Order(StringComparer.Ordinal).ToList();
            Assert.Empty(exceptions);
            Assert.True(want.Count > 20, $"the probe saw only {want.Count} things in {tree.FilePath}");
            Assert.True(want.SequenceEqual(got), $"{tree.FilePath}: only Roslyn's driver saw\n  {string.Join("\n  ", want.Except(got))}\nonly the file driver saw\n  {string.Join("\n  ", got.Except(want))}");
        }
    }

    [Fact]
    public void A_rule_with_actions_the_driver_does_not_run_is_left_to_roslyn()
    {
        var compilation = Compile(OutputKind.DynamicallyLinkedLibrary, "class C { }");
        Assert.Null(FileRuleDriver.Create(compilation, [new TreeActionAnalyzer()], new AnalyzerOptions([]), (_, _) => { }, CancellationToken.None));
        Assert.NotNull(FileRuleDriver.Create(compilation, [new ProbeAnalyzer()], new AnalyzerOptions([]), (_, _) => { }, CancellationToken.None));
    }

    [Fact]
    public void Generated_code_is_left_to_roslyn()
    {
        var compilation = Compile(
            OutputKind.DynamicallyLinkedLibrary,
            "// <auto-generated/>\nclass Generated { string ip = \"10.0.0.1\"; }",
            "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1.0\")] partial class Half { }",
            "partial class Half { string ip = \"10.0.0.2\"; }",
            "class Plain { string ip = \"10.0.0.3\"; }",
            "class Mapped {\n#line hidden\n string ip = \"10.0.0.4\";\n#line default\n}");
        var driver = FileRuleDriver.Create(compilation, [new ProbeAnalyzer()], new AnalyzerOptions([]), (_, _) => { }, CancellationToken.None)!;
        var taken = compilation.SyntaxTrees.Select(t => driver.CanAnalyze(t, CancellationToken.None)).ToList();
        Assert.Equal([false, false, false, true, false], taken);
    }

    [Fact]
    public async Task Generated_code_is_the_file_drivers_too_when_the_rules_leave_it_out_themselves()
    {
        var compilation = Compile(
            OutputKind.DynamicallyLinkedLibrary,
            "// <auto-generated/>\nclass Generated { string ip = \"10.0.0.1\"; }",
            "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1.0\")] class Marked { string ip = \"10.0.0.2\"; }",
            "class Mapped {\n#line hidden\n string ip = \"10.0.0.4\";\n#line default\n}");
        var probe = new ProbeAnalyzer(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        var options = new AnalyzerOptions([]);
        var roslyn = await compilation.WithAnalyzers([probe], new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        var driver = FileRuleDriver.Create(compilation, [probe], options, (_, _) => { }, CancellationToken.None)!;
        foreach (var tree in compilation.SyntaxTrees)
        {
            Assert.True(driver.CanAnalyze(tree, CancellationToken.None));
            var want = roslyn.Where(d => d.Location.SourceTree == tree).Select(Describe).Order(StringComparer.Ordinal).ToList();
            Assert.Contains(want, d => d.Contains("Literal", StringComparison.Ordinal));
            Assert.Equal(want, driver.Analyze(tree, CancellationToken.None).Select(Describe).Order(StringComparer.Ordinal).ToList());
        }
    }

    [Fact]
    public void A_rule_that_throws_is_reported_and_the_others_still_run()
    {
        var compilation = Compile(OutputKind.DynamicallyLinkedLibrary, "class C { string ip = \"10.0.0.1\"; }");
        var failures = new List<(Exception, DiagnosticAnalyzer)>();
        var driver = FileRuleDriver.Create(compilation, [new ThrowingAnalyzer(), new ProbeAnalyzer()], new AnalyzerOptions([]), (e, a) => failures.Add((e, a)), CancellationToken.None)!;
        var diagnostics = driver.Analyze(compilation.SyntaxTrees[0], CancellationToken.None);
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("Literal", StringComparison.Ordinal));
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.IsType<ThrowingAnalyzer>(f.Item2));
    }

    private static string Describe(Diagnostic diagnostic) => $"{diagnostic.Location.SourceSpan} {diagnostic.GetMessage()}";

    private static CSharpCompilation Compile(OutputKind kind, params string[] sources)
    {
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: $"/src/File{i}.cs"));
        var compilation = CSharpCompilation.Create("Probe", trees, ReferencePacks.References,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation;
    }

    /// <summary>Reports every syntax node, declared symbol and operation a driver hands it.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ProbeAnalyzer(GeneratedCodeAnalysisFlags generatedCode = GeneratedCodeAnalysisFlags.None) : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Seen = new("PROBE", "seen", "{0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly ImmutableArray<SyntaxKind> NodeKinds = Enum.GetValues<SyntaxKind>()
            .Where(k => SyntaxFacts.IsTypeDeclaration(k) || k.ToString().EndsWith("Expression", StringComparison.Ordinal)
                        || k.ToString().EndsWith("Statement", StringComparison.Ordinal) || k.ToString().EndsWith("Declaration", StringComparison.Ordinal)
                        || k is SyntaxKind.Attribute or SyntaxKind.Parameter or SyntaxKind.EqualsValueClause or SyntaxKind.UsingDirective or SyntaxKind.CompilationUnit)
            .Distinct()
            .ToImmutableArray();

        private static readonly ImmutableArray<OperationKind> OperationKinds = Enum.GetValues<OperationKind>().Where(k => k != OperationKind.None).Distinct().ToImmutableArray();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Seen];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(generatedCode);
            context.EnableConcurrentExecution();
            context.RegisterSymbolAction(
                c => c.ReportDiagnostic(Diagnostic.Create(Seen, c.Symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None, $"symbol {c.Symbol.Kind} {c.Symbol.ToDisplayString()}")),
                SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Field, SymbolKind.Property, SymbolKind.Event);
            context.RegisterOperationAction(c => c.ReportDiagnostic(Diagnostic.Create(Seen, c.Operation.Syntax.GetLocation(), $"operation {c.Operation.Kind}")), OperationKinds);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterSyntaxNodeAction(c => c.ReportDiagnostic(Diagnostic.Create(Seen, c.Node.GetLocation(), $"node {c.Node.Kind()}")), NodeKinds);
                start.RegisterOperationBlockStartAction(block =>
                    block.RegisterOperationAction(c => c.ReportDiagnostic(Diagnostic.Create(Seen, c.Operation.Syntax.GetLocation(), $"block operation {c.Operation.Kind}")), OperationKinds));
            });
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class TreeActionAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];
        public override void Initialize(AnalysisContext context) => context.RegisterSyntaxTreeAction(_ => { });
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];
        public override void Initialize(AnalysisContext context) =>
            context.RegisterOperationAction(_ => throw new InvalidOperationException("boom"), OperationKind.Literal);
    }
}
