using Coexist.Model;

namespace Coexist.Scan.Tests;

public class CodeScannerTests
{
    [Fact]
    public async Task Scans_a_project_loaded_by_msbuild()
    {
        using var tree = new TempTree();
        var project = tree.Write("App/App.csproj", TempTree.ConsoleProject);
        tree.Write("App/Program.cs", TempTree.ListenerSource);

        var result = await CodeScanner.ScanAsync(project);

        Assert.Equal(["COEX1003", "COEX1001"], result.Findings.Select(f => f.RuleId));
        var listener = result.Findings[0];
        Assert.Equal("Program.cs", listener.Location!.File);
        Assert.Equal(4, listener.Location.Line);
        Assert.Equal(Severity.Warning, listener.Severity);
        Assert.Equal("IPAddress.Any", (string?)listener.Evidence!["snippet"]);
        Assert.DoesNotContain(result.Notices, n => n.Kind == NoticeKind.Warning);
        Assert.Equal(1, result.Statistics.Projects);
        Assert.True(result.Statistics.Lines >= 6);
    }

    [Fact]
    public async Task Scans_every_project_of_a_solution_with_paths_relative_to_it()
    {
        using var tree = new TempTree();
        tree.Write("src/Web/Web.csproj", TempTree.ConsoleProject);
        tree.Write("src/Web/Program.cs", TempTree.ListenerSource);
        tree.Write("src/Mail/Mail.csproj", TempTree.ConsoleProject.Replace("<OutputType>Exe</OutputType>", ""));
        tree.Write("src/Mail/Relay.cs", "class Relay { const string Host = \"192.168.10.25\"; }");
        await RunDotnet(tree.Root, "new sln --name Shop --format sln");
        await RunDotnet(tree.Root, "sln Shop.sln add src/Web/Web.csproj src/Mail/Mail.csproj");

        var result = await CodeScanner.ScanAsync(tree.Root);

        Assert.Contains(result.Findings, f => f.Location!.File == "src/Mail/Relay.cs" && f.RuleId == "COEX1001");
        Assert.Contains(result.Findings, f => f.Location!.File == "src/Web/Program.cs" && f.RuleId == "COEX1003");
        Assert.Equal(2, result.Statistics.Projects);
    }

    [Fact]
    public async Task A_project_that_does_not_restore_is_still_scanned_with_a_notice()
    {
        using var tree = new TempTree();
        var project = tree.Write("Broken/Broken.csproj", TempTree.ConsoleProject.Replace(
            "</Project>",
            "<ItemGroup><PackageReference Include=\"Coexist.Does.Not.Exist.Anywhere\" Version=\"9.9.9\" /></ItemGroup></Project>"));
        tree.Write("Broken/Program.cs", TempTree.ListenerSource);

        var result = await CodeScanner.ScanAsync(project);

        // Symbols still resolve against the SDK's reference assemblies, so the listener rule works too.
        Assert.Contains(result.Findings, f => f.RuleId == "COEX1003");
        Assert.Contains(result.Findings, f => f.RuleId == "COEX1001");
    }

    [Fact]
    public async Task A_project_msbuild_cannot_read_falls_back_to_its_files()
    {
        using var tree = new TempTree();
        var project = tree.Write("Bad/Bad.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        tree.Write("Bad/Program.cs", TempTree.ListenerSource);

        var result = await CodeScanner.ScanAsync(project);

        Assert.Contains(result.Notices, n => n.Path == "Bad.csproj" && n.Message.Contains("did not load with MSBuild", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.RuleId == "COEX1003" && f.Location!.File == "Program.cs");
    }

    [Fact]
    public async Task Bad_files_get_a_notice_each_and_the_scan_goes_on()
    {
        using var tree = new TempTree();
        var project = tree.Write("App/App.csproj", TempTree.ConsoleProject);
        tree.Write("App/Program.cs", TempTree.ListenerSource);
        tree.Write("App/Broken.cs", "class Broken { void M( { var ip = \"10.1.1.1\"; }");
        tree.WriteBytes("App/Blob.cs", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xFF, 0xFF]);
        // 11 MB of generated-looking code, over the default 10 MB limit.
        tree.Write("App/Generated.cs", "class Generated {\n" + string.Concat(Enumerable.Repeat("    const string A = \"10.9.9.9\";\n", 330_000)) + "}\n");

        var result = await CodeScanner.ScanAsync(project);

        Assert.Contains(result.Notices, n => n.Path == "Broken.cs" && n.Message.StartsWith("does not parse at line 1", StringComparison.Ordinal));
        Assert.Contains(result.Notices, n => n.Path == "Blob.cs" && n.Message.Contains("binary", StringComparison.Ordinal));
        Assert.Contains(result.Notices, n => n.Path == "Generated.cs" && n.Message.Contains("over the 10 MB limit", StringComparison.Ordinal));
        // What parsed of the broken file is still analyzed, and the good file is untouched by its neighbours.
        Assert.Contains(result.Findings, f => f.Location!.File == "Broken.cs" && f.RuleId == "COEX1001");
        Assert.Contains(result.Findings, f => f.Location!.File == "Program.cs" && f.RuleId == "COEX1003");
        Assert.DoesNotContain(result.Findings, f => f.Location!.File == "Generated.cs");
    }

    [Fact]
    public async Task A_folder_without_projects_is_scanned_as_loose_files()
    {
        using var tree = new TempTree();
        tree.Write("snippets/Net.cs", "using System.Net; class Net { IPAddress A() => IPAddress.Parse(\"172.16.0.9\"); }");
        tree.Write("snippets/bin/Skipped.cs", "class Skipped { string a = \"10.0.0.1\"; }");

        var result = await CodeScanner.ScanAsync(tree.Root);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("snippets/Net.cs", finding.Location!.File);
    }

    [Fact]
    public async Task Generated_files_are_neither_reported_nor_bound()
    {
        using var tree = new TempTree();
        tree.Write("src/Plain.cs", "class Plain { string a = \"10.0.0.1\"; }");
        tree.Write("src/Client.g.cs", "class Client { string a = \"10.0.0.2\"; }");
        tree.Write("src/Reference.cs", "// <auto-generated/>\nclass Reference { string a = \"10.0.0.3\"; }");
        tree.Write("src/Marked.cs", "[System.CodeDom.Compiler.GeneratedCode(\"svcutil\", \"1.0\")] class Marked { string a = \"10.0.0.4\"; }");

        var result = await CodeScanner.ScanAsync(tree.Root);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("src/Plain.cs", finding.Location!.File);
        Assert.Equal(2, result.Statistics.BoundFiles); // Plain.cs and Marked.cs, whose [GeneratedCode] is in a plain file
    }

    [Fact]
    public void No_source_file_is_left_open_after_compiling_it()
    {
        // A handle left to the finalizer per file runs out of descriptors on a large estate (ulimit -n is often 1024).
        using var tree = new TempTree();
        const int Files = 300;
        var files = Enumerable.Range(0, Files).Select(i => tree.Write($"snippets/File{i}.cs", $"class C{i} {{ string a = \"10.0.0.{i % 250}\"; }}")).ToList();

        // No collection, so no finalizer, may close for the compiler what it left open.
        Assert.True(GC.TryStartNoGCRegion(64 * 1024 * 1024));
        AnalysisUnit unit;
        string[] open;
        try
        {
            unit = FallbackCompiler.Compile("snippets", files, implicitUsings: false, web: false, maxFileBytes: 1 << 20, [], tree.Root);
            open = Directory.EnumerateFiles("/proc/self/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .Where(target => target is not null && target.StartsWith(tree.Root, StringComparison.Ordinal))
                .Select(target => target!)
                .ToArray();
        }
        finally
        {
            if (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }

        Assert.Equal(Files, unit.SourceTrees.Count);
        Assert.Empty(open);
    }

    [Fact]
    public async Task Editorconfig_severities_apply_as_in_a_build()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.COEX1001.severity = none\ndotnet_diagnostic.COEX1003.severity = error\n");
        var project = tree.Write("App/App.csproj", TempTree.ConsoleProject);
        tree.Write("App/Program.cs", TempTree.ListenerSource);

        foreach (var noMSBuild in new[] { false, true })
        {
            var result = await CodeScanner.ScanAsync(project, new ScanOptions { NoMSBuild = noMSBuild });
            var finding = Assert.Single(result.Findings);
            Assert.Equal("COEX1003", finding.RuleId);
            Assert.Equal(Severity.Error, finding.Severity);
        }
    }

    [Fact]
    public async Task Pragmas_suppress_findings()
    {
        using var tree = new TempTree();
        var project = tree.Write("App/App.csproj", TempTree.ConsoleProject);
        tree.Write("App/Program.cs", "#pragma warning disable COEX1001\nConsole.WriteLine(\"10.0.0.1\");\n#pragma warning restore COEX1001\nConsole.WriteLine(\"10.0.0.2\");\n");

        var result = await CodeScanner.ScanAsync(project);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(4, finding.Location!.Line);
    }

    [Fact]
    public async Task SuppressMessage_attributes_suppress_findings_locally_and_globally()
    {
        using var tree = new TempTree();
        var project = tree.Write("App/App.csproj", TempTree.ConsoleProject);
        tree.Write("App/GlobalSuppressions.cs",
            "[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(\"Coexist\", \"COEX1001\", Scope = \"member\", Target = \"~M:Relay.Legacy\")]\n");
        tree.Write("App/Relay.cs", """
            using System.Diagnostics.CodeAnalysis;
            static class Relay
            {
                [SuppressMessage("Coexist", "COEX1001", Justification = "lab address")]
                public static string Lab() => "10.0.0.1";
                public static string Legacy() => "10.0.0.2";
                public static string Kept() => "10.0.0.3";
            }
            """);
        tree.Write("App/Program.cs", "Console.WriteLine(Relay.Lab() + Relay.Legacy() + Relay.Kept());\n");

        var result = await CodeScanner.ScanAsync(project);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("COEX1001", 7), (finding.RuleId, finding.Location!.Line));
    }

    [Fact]
    public async Task Missing_input_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ScanInputException>(() => CodeScanner.ScanAsync("/nonexistent/coexist/path"));
        Assert.Contains("no such file or folder", error.Message);
        using var tree = new TempTree();
        var text = tree.Write("notes.txt", "hello");
        Assert.Contains("not a .sln", (await Assert.ThrowsAsync<ScanInputException>(() => CodeScanner.ScanAsync(text))).Message);
    }

    internal static async Task RunDotnet(string directory, string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {arguments} failed: {output}");
    }
}
