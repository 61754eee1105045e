using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Rules;

public class DottedQuadPatternTests
{
    [Theory]
    [InlineData("%.%.%.%")]
    [InlineData("_%._%._%._%")]
    [InlineData("%_.%_.%_.%_")]
    [InlineData(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    [InlineData(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}$")]
    [InlineData(@"^([0-9]+[.]){3}[0-9]+$")]
    [InlineData("^[[:digit:]]+\\.[[:digit:]]+\\.[[:digit:]]+\\.[[:digit:]]+$")]
    [InlineData("[0-9]*.[0-9]*.[0-9]*.[0-9]*")]
    public void Patterns_that_only_dotted_quads_match_are_recognised(string pattern) =>
        Assert.True(DottedQuadPattern.IsMatch(pattern));

    [Theory]
    [InlineData("%.%")]
    [InlineData("%@%.%")]
    [InlineData("10.%")]
    [InlineData(@"^\d+$")]
    [InlineData(@"^[a-z]+\.example\.com$")]
    [InlineData("%.example.%")]
    [InlineData("1.2.3.4")]
    [InlineData("")]
    public void Other_patterns_and_plain_text_are_not(string pattern) =>
        Assert.False(DottedQuadPattern.IsMatch(pattern));
}
