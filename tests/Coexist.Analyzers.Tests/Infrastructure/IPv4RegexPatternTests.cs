using System.Text.RegularExpressions;

namespace Coexist.Analyzers.Tests.Infrastructure;

public class IPv4RegexPatternTests
{
    /// <summary>Each pattern with a text it accepts: the same text with an IPv6 address in place is rejected, which is the bug.</summary>
    [Theory]
    [InlineData(@"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", "192.0.2.1")]
    [InlineData(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$", "192.0.2.1")]
    [InlineData(@"(\d+\.){3}\d+", "192.0.2.1")]
    [InlineData(@"^(?:\d{1,3}\.){3}\d{1,3}$", "192.0.2.1")]
    [InlineData(@"\d+(\.\d+){3}", "192.0.2.1")]
    [InlineData(@"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+", "192.0.2.1")]
    [InlineData(@"[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}", "192.0.2.1")]
    [InlineData(@"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b", "192.0.2.1")]
    [InlineData(@"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)\.?\b){4}$", "192.0.2.1")]
    [InlineData(@"^Client (?<ip>\d+\.\d+\.\d+\.\d+) connected$", "Client 192.0.2.1 connected")]
    [InlineData(@"from=\[(\d{1,3}(?:\.\d{1,3}){3})\]", "relay from=[192.0.2.1]")]
    [InlineData(@"\d{1,3}.\d{1,3}.\d{1,3}.\d{1,3}", "192.0.2.1")]
    [InlineData(@"(?i)HOST=(\d+\.\d+\.\d+\.\d+)", "host=192.0.2.1")]
    [InlineData(@"[\d]{1,3}\.[\d]{1,3}\.[\d]{1,3}\.[\d]{1,3}", "192.0.2.1")]
    [InlineData(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d+)?$", "192.0.2.1:8080")]
    public void Recognizes_dotted_quad_patterns(string pattern, string accepted)
    {
        Assert.True(IPv4RegexPattern.MatchesDottedQuad(pattern), pattern);
        Assert.Matches(new Regex(pattern), accepted);
        Assert.DoesNotMatch(new Regex(pattern), accepted.Replace("192.0.2.1", "2001:db8::1"));
    }

    [Theory]
    [InlineData(@"\d+\.\d+\.\d+")]
    [InlineData(@"^\d+(\.\d+)*$")]
    [InlineData(@"^\d+(\.\d+)+$")]
    [InlineData(@"\d+\.\d+\.\d+\.\d+\.\d+")]
    [InlineData(@"^[a-z0-9.-]+$")]
    [InlineData(@"^[\d.]+$")]
    [InlineData(@"\w+\.\w+\.\w+\.\w+")]
    [InlineData(@"^\d{4}-\d{2}-\d{2}$")]
    [InlineData(@".*\..*\..*\..*")]
    [InlineData(@"^[0-9a-fA-F:.]+$")]
    [InlineData(@"^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$")]
    [InlineData(@"(\d+\.){2,3}\d+")]
    [InlineData(@"^[^.]+\.[^.]+\.[^.]+\.[^.]+$")]
    [InlineData(@"(unclosed")]
    [InlineData(@"")]
    public void Leaves_other_patterns_alone(string pattern) =>
        Assert.False(IPv4RegexPattern.MatchesDottedQuad(pattern), pattern);

    [Fact]
    public void Reads_free_spacing_patterns_only_when_told()
    {
        const string spaced = @"\d+ \. \d+ \. \d+ \. \d+   # four octets";
        Assert.True(IPv4RegexPattern.MatchesDottedQuad(spaced, ignorePatternWhitespace: true));
        Assert.False(IPv4RegexPattern.MatchesDottedQuad(spaced));
        Assert.True(IPv4RegexPattern.MatchesDottedQuad("(?x)" + spaced));
    }
}
