using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.HandMadeIPv4ParsingAnalyzer>;

namespace Coexist.Analyzers.Tests.Rules;

public class HandMadeIPv4ParsingAnalyzerTests
{
    [Fact]
    public Task Flags_dotted_quad_regular_expressions() => Verify.VerifyAsync(""""
        using System.ComponentModel.DataAnnotations;
        using System.Text.RegularExpressions;
        partial class C
        {
            static readonly Regex Address = new Regex([|@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$"|], RegexOptions.Compiled);
            static readonly Regex Spaced = new([|@"(\d+ \.){3} \d+"|], RegexOptions.IgnorePatternWhitespace);

            bool Valid(string text) => Regex.IsMatch(text, [|@"^(\d+\.){3}\d+$"|]);
            string Masked(string line) => Regex.Replace(line, [|"[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+"|], "x.x.x.x", RegexOptions.None);
            Match Client(string line) => Regex.Match(line, pattern: [|"""client=(\d+\.\d+\.\d+\.\d+)"""|]);

            [GeneratedRegex([|@"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"|])]
            private static partial Regex Octets();
            private static partial Regex Octets() => Address;

            [RegularExpression([|@"^\d{1,3}(\.\d{1,3}){3}$"|])]
            public string ClientIp { get; set; } = "";
        }
        """");

    [Fact]
    public Task Leaves_other_patterns_versions_and_look_alikes_alone() => Verify.VerifyAsync("""
        using System.Text.RegularExpressions;
        namespace Mine { class Regex(string pattern) { public static bool IsMatch(string input, string pattern) => false; } }
        class C
        {
            static readonly Regex Semver = new Regex(@"^\d+\.\d+\.\d+$");
            static readonly Regex Version = new Regex(@"^\d+\.\d+\.\d+\.\d+$");
            static readonly Regex Host = new Regex(@"^[a-z0-9.-]+$");
            static readonly Regex Either = new Regex(@"^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+$");
            static readonly Mine.Regex Own = new Mine.Regex(@"^\d+\.\d+\.\d+\.\d+$");
            bool AssemblyVersion(string version) => Regex.IsMatch(version, @"^\d+\.\d+\.\d+\.\d+$");
            bool Own2(string text) => Mine.Regex.IsMatch(text, @"^\d+\.\d+\.\d+\.\d+$");
            bool Dynamic(string text, string pattern) => Regex.IsMatch(text, pattern);
            bool Anything(string text) => Regex.IsMatch(text, @".*");
        }
        """);

    [Fact]
    public Task Flags_split_on_dots_counted_to_four_or_parsed_as_bytes() => Verify.VerifyAsync("""
        using System;
        using System.Linq;
        class C
        {
            bool LooksLikeAddress(string text) => [|text.Split('.')|].Length == 4;
            bool NotAddress(string text) => [|text.Split(".")|].Length != 4;
            bool Counted(string text) => [|text.Split('.', StringSplitOptions.RemoveEmptyEntries)|].Count() == 4;
            bool Pattern(string text) => [|text.Split(new[] { '.' })|].Length is 4;

            byte[] Octets(string ip) => [|ip.Split('.')|].Select(byte.Parse).ToArray();
            byte[] Lambda(string ip) => [|ip.Split('.')|].Select(p => byte.Parse(p)).ToArray();
            byte[] Converted(string ip) => Array.ConvertAll([|ip.Split('.')|], byte.Parse);

            uint ToNumber(string ip)
            {
                var parts = [|ip.Split('.')|];
                if (parts.Length != 4) throw new FormatException();
                return (uint)(byte.Parse(parts[0]) << 24 | byte.Parse(parts[1]) << 16 | byte.Parse(parts[2]) << 8 | byte.Parse(parts[3]));
            }

            bool Valid(string ip)
            {
                var octets = [|ip.Split('.')|];
                foreach (var octet in octets)
                {
                    if (!byte.TryParse(octet, out _)) return false;
                }
                return true;
            }

            byte First(string ip) => Convert.ToByte([|ip.Split('.')|][0]);
        }
        """);

    [Fact]
    public Task Leaves_other_dotted_splits_alone() => Verify.VerifyAsync("""
        using System;
        using System.Linq;
        class C
        {
            bool FourPartVersion(string version) => version.Split('.').Length == 4;
            int[] VersionParts(string assemblyVersion) => assemblyVersion.Split('.').Select(int.Parse).ToArray();
            string Tld(string host) => host.Split('.').Last();
            bool ThreeLabels(string host) => host.Split('.').Length == 3;
            bool Colons(string text) => text.Split(':').Length == 4;
            int Numbers(string text) => text.Split('.').Select(int.Parse).Sum();
            bool Several(string text) => text.Split('.', ',').Length == 4;
            bool Reassigned(string text)
            {
                var parts = text.Split('.');
                parts = new string[0];
                return parts.Length == 4;
            }
        }
        """);

    [Fact]
    public async Task The_message_says_what_to_use()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            class C { bool Quad(string ip) => ip.Split('.').Length == 4; }
            """);
        Assert.Equal(
            "'ip.Split('.')' accepts IPv4 dotted quads only, so IPv6 addresses are rejected; parse with IPAddress.TryParse",
            Assert.Single(diagnostics).GetMessage());
    }
}
