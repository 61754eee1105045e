using Coexist.Reports.Rendering;
using Microsoft.Playwright;

namespace Coexist.Reports.Tests;

/// <summary>
/// The HTML report in a real browser: Debian's chromium driven by Playwright (LAB-NOTES.md, "Browser test of the
/// HTML report"). The screenshot is saved as TestResults/report.png under the test's output folder.
/// </summary>
public class BrowserTests
{
    public const string Chromium = "/usr/bin/chromium";

    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "TestResults", "report.png");

    [ChromiumFact]
    public async Task The_report_loads_with_no_console_errors_no_requests_and_hostile_text_as_text()
    {
        var folder = Directory.CreateTempSubdirectory("coexist-report-");
        try
        {
            var file = Path.Combine(folder.FullName, "report.html");
            await File.WriteAllTextAsync(file, ReportRenderer.Render(Example.Plan(), ReportFormat.Html));
            var url = new Uri(file).AbsoluteUri;

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
                Timeout = 60_000,
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            var problems = new List<string>();
            var requests = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning") problems.Add($"{message.Type}: {message.Text}");
            };
            page.PageError += (_, error) => problems.Add($"page error: {error}");
            page.Request += (_, request) => requests.Add(request.Url);
            page.Dialog += async (_, dialog) =>
            {
                problems.Add($"dialog: {dialog.Message}");
                await dialog.DismissAsync();
            };

            var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 30_000 });
            Assert.NotNull(response);

            Assert.Empty(problems);
            // The document itself is the one request; anything else would be a fetch the report must not make.
            Assert.All(requests, r => Assert.True(r == url || r.StartsWith("data:", StringComparison.Ordinal), $"unexpected request {r}"));
            Assert.Equal(1, await page.Locator("table#readiness").CountAsync());
            Assert.Equal(4, await page.Locator("table#readiness tbody tr").CountAsync());
            Assert.Equal(2, await page.Locator("svg.chart").CountAsync());
            Assert.True(await page.Locator("svg.chart rect").CountAsync() > 4);

            // The hostile banner is in the page as text, and it ran nothing.
            Assert.Null(await page.EvaluateAsync<bool?>("() => window.__coexistPwned ?? null"));
            Assert.Equal(0, await page.Locator("script").CountAsync());
            Assert.Equal(0, await page.Locator("img").CountAsync());
            // Evidence tables sit in closed <details>: textContent reads them, innerText would not.
            var text = await page.Locator("body").TextContentAsync() ?? "";
            Assert.Contains("<script>window.__coexistPwned = true;</script>", text);
            Assert.Contains("</td></tr><script>alert(1)</script>", text);

            Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath, FullPage = false });
            Assert.True(new FileInfo(ScreenshotPath).Length > 10_000, "the screenshot is (nearly) empty");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>Runs when Debian's chromium is installed, else skips saying so.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(BrowserTests.Chromium))
            Skip = $"{BrowserTests.Chromium} is missing (apt-get install chromium); the HTML report was not tested in a browser";
    }
}
