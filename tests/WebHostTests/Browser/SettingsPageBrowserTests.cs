using Fluents.Settings.WebHostTests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace Fluents.Settings.WebHostTests.Browser;

/// <summary>
/// The product docs' story, walked in a real browser (headless Chromium through Selenium WebDriver) against the web host on
/// a real port: three environments, the refused raise, a hidden one, an invitation that expires, is renewed and accepted.
/// A screenshot of every step goes to <see cref="ScreenshotFolder"/>.
/// </summary>
public sealed class SettingsPageBrowserTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Where the screenshots go (emptied at the start of each run); CI keeps them.</summary>
    public static readonly string ScreenshotFolder = Path.Combine(Path.GetTempPath(), "fluents-webhost-screenshots");

    private readonly WebHostFactory _host = new(seedEnvironments: false, kestrel: true);
    private int _step;

    [ChromiumFact]
    public void TheDocsStory_EnvironmentsRefusalHiddenInvitationExpiredRenewedAccepted()
    {
        Assert.True(Chromium.IsInstalled, Chromium.Missing); // under CI=true the test runs without it, and says why it fails
        if (Directory.Exists(ScreenshotFolder)) Directory.Delete(ScreenshotFolder, recursive: true);
        Directory.CreateDirectory(ScreenshotFolder);
        output.WriteLine($"screenshots: {ScreenshotFolder}");
        _host.StartServer();
        var site = _host.ServerAddress;
        using var driver = StartChromium();
        IWebElement Find(string css) => driver.FindElement(By.CssSelector(css));
        void Go(string path) => driver.Navigate().GoToUrl(new Uri(site, path));

        // A fresh account: `default` holds the whole plan of 40 (R7).
        Go("/demo/sign-in");
        Submit(driver, Find("[data-testid='sign-in-ada@example.com']"));
        Assert.Equal("40", Find("[data-testid='allocated']").Text);
        Screenshot(driver, "signed-in-fresh-account");

        // The docs' three environments: production 20, staging 10, research 10.
        Type(Find("[data-testid='name-default']"), "production");
        Type(Find("[data-testid='limit-default']"), "20");
        Submit(driver, Find("[data-testid='save-default']"));
        Assert.Equal("20", Find("[data-testid='unallocated']").Text);
        Screenshot(driver, "default-renamed-production-20");
        foreach (var name in new[] { "staging", "research" })
        {
            Type(Find("#create-name"), name);
            Type(Find("#create-limit"), "10");
            Submit(driver, Find("#create-submit"));
            Assert.Matches("^flk_[0-9A-Za-z]{28}$", Find("#new-key-value").Text);
            Assert.Contains(name, Find("[data-testid='new-key']").Text, StringComparison.Ordinal);
            Screenshot(driver, $"created-{name}-key-shown-once");
        }
        Assert.Equal("0", Find("[data-testid='unallocated']").Text);

        // Raising research to 11 is refused, next to research's limit, with the library's message (R10).
        Type(Find("[data-testid='limit-research']"), "11");
        Submit(driver, Find("[data-testid='save-research']"));
        var refusal = Find("[data-testid='error-limit-research']").Text;
        Assert.Contains("at most 10", refusal, StringComparison.Ordinal);
        Assert.Contains("0 of the plan's 40 concurrent calls are unallocated", refusal, StringComparison.Ordinal);
        Screenshot(driver, "research-11-refused");

        // Hidden: staging leaves the selector and stays in the table (R4).
        Go("/settings/environments");
        Submit(driver, Find("[data-testid='toggle-hidden-staging']"));
        Assert.Equal("Hidden", Find("[data-testid='hidden-staging']").Text);
        Assert.Equal(["production", "research"], driver.FindElements(By.CssSelector("#selector option")).Select(option => option.Text).Order());
        Screenshot(driver, "staging-hidden");

        // An invitation, expired by the clock, renewed, accepted.
        Go("/settings/users");
        Type(Find("#invite-email"), "alan@example.com");
        Submit(driver, Find("#invite-submit"));
        Assert.Equal("Pending", Find("[data-testid='status-alan@example.com']").Text);
        Screenshot(driver, "invited-alan");
        _host.Clock.Advance(Duration.FromDays(7));
        Go("/settings/users");
        Assert.Equal("Expired", Find("[data-testid='status-alan@example.com']").Text);
        Screenshot(driver, "invitation-expired");
        Submit(driver, Find("[data-testid='renew-alan@example.com']"));
        Assert.Equal("Pending", Find("[data-testid='status-alan@example.com']").Text);
        Screenshot(driver, "invitation-renewed");

        Go("/demo/mailbox");
        Screenshot(driver, "demo-mailbox");
        Submit(driver, Find("tr[data-mail='alan@example.com'] a")); // newest first: the renewed invitation's link
        Type(Find("#accept-name"), "Alan Turing");
        Type(Find("#accept-email"), "alan@example.com");
        Screenshot(driver, "accept-page");
        Submit(driver, Find("#accept-submit"));
        Assert.Contains("Alan Turing", Find("[data-testid='viewer']").Text, StringComparison.Ordinal);
        Assert.NotNull(Find("[data-testid='read-only']"));
        Screenshot(driver, "alan-signed-in-read-only");
        Go("/settings/users");
        Assert.Contains("Alan Turing", Find("[data-testid='users']").Text, StringComparison.Ordinal);
        Screenshot(driver, "users-with-alan");
    }

    public void Dispose() => _host.Dispose();

    private static ChromeDriver StartChromium()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Chromium.Driver)!, Path.GetFileName(Chromium.Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium.Browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1100", "--lang=en-US");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
        return driver;
    }

    // Clicks and waits until the browser has left the page (the old document goes stale), so that nothing is read from it.
    private static void Submit(ChromeDriver driver, IWebElement button)
    {
        var page = driver.FindElement(By.TagName("html"));
        button.Click();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                _ = page.Enabled;
            }
            catch (StaleElementReferenceException)
            {
                return;
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException("The page did not change after the click.");
    }

    private static void Type(IWebElement input, string text)
    {
        input.Clear();
        input.SendKeys(text);
    }

    private void Screenshot(ChromeDriver driver, string name)
    {
        var file = Path.Combine(ScreenshotFolder, $"{++_step:00}-{name}.png");
        driver.GetScreenshot().SaveAsFile(file);
        output.WriteLine(file);
    }
}
