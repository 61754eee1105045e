namespace Coexist.Cli.Tests;

public class CommandLineTests
{
    [Theory]
    [InlineData("scan")]
    [InlineData("scan", "a", "b")]
    [InlineData("scan", ".", "--format", "xml")]
    [InlineData("scan", ".", "--fail-on", "sometimes")]
    [InlineData("frobnicate")]
    [InlineData("scan", ".", "--no-such-option")]
    public async Task Bad_usage_exits_2_with_one_line_on_stderr(params string[] args)
    {
        var (exitCode, output, error) = await Cli.RunAsync(args);
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("coexist: ", line);
    }

    [Fact]
    public async Task Help_is_not_an_error()
    {
        var (exitCode, output, _) = await Cli.RunAsync("--help");
        Assert.Equal(0, exitCode);
        Assert.Contains("scan", output);
    }

    [Fact]
    public async Task A_missing_path_is_bad_input()
    {
        var (exitCode, _, error) = await Cli.RunAsync("scan", "/nonexistent/coexist");
        Assert.Equal(2, exitCode);
        Assert.Equal("coexist: /nonexistent/coexist: no such file or folder", error.Trim());
    }
}
