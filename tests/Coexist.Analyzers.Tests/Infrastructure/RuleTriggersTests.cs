using Microsoft.CodeAnalysis.CSharp;

namespace Coexist.Analyzers.Tests.Infrastructure;

/// <summary>
/// The first look at a file's text agrees with the token-level triggers: it passes what they pass (every rule test
/// checks that for its own sources, see AnalyzerVerifier) and, on the near misses real code is full of, settles the
/// file without a token.
/// </summary>
public class RuleTriggersTests
{
    [Theory]
    [InlineData("""class C { string S(string customer, int i) => new System.Text.StringBuilder().Append(customer).Append(':').Append(i).Append(", version 1.2.3.4").ToString(); }""")]
    [InlineData("""class C { string[] P(string s) { var separator = ':'; return s.Split(separator); } }""")]
    [InlineData("""class C { string[] P(string s) => s.Split(','); string Description => "zip"; }""")]
    [InlineData("""class C { double Ratio = 1.5; string Version = "1.2.3"; }""")]
    public void Near_misses_are_settled_by_the_text(string source)
    {
        Assert.False(RuleTriggers.TextMayReport(source));
        Assert.False(RuleTriggers.MayReport(CSharpSyntaxTree.ParseText(source).GetRoot()));
    }

    [Fact]
    public void A_comment_is_text_to_the_first_look_and_nothing_to_the_tokens()
    {
        const string source = "// production: 10.0.0.5\nclass C { }";
        Assert.True(RuleTriggers.TextMayReport(source));
        Assert.False(RuleTriggers.MayReport(CSharpSyntaxTree.ParseText(source), CancellationToken.None));
    }

    [Theory]
    [InlineData("""class C { string Host = "10.0.0.5"; }""")]
    [InlineData("""class C { string Url = $"http://{host}:{port}/"; string host = "", port = ""; }""")]
    [InlineData("""class C { string[] P(string s) => s.Split(new[] { '.', ' ' }); }""")]
    [InlineData("""class C { int P(string s) => s.IndexOf(':'); }""")]
    [InlineData("""class C { uint clientIp; }""")]
    [InlineData("""class C { long REMOTE_IP; }""")]
    [InlineData("""class C { int ServerAddr; }""")]
    [InlineData("""class C { int ÜberIPAddress; }""")]
    [InlineData("""class C { object F = System.Net.Sockets.AddressFamily.InterNetwork; }""")]
    [InlineData("""class C { string Pattern = @"\d+\.\d+\.\d+\.\d+"; }""")]
    public void Files_with_a_trigger_pass_both_looks(string source)
    {
        Assert.True(RuleTriggers.TextMayReport(source));
        Assert.True(RuleTriggers.MayReport(CSharpSyntaxTree.ParseText(source), CancellationToken.None));
    }
}
