using Microsoft.Playwright;

namespace RovDsp.Console.Tests.Support;

/// <summary>Debian's headless chromium driven by Playwright for .NET (its own browser download cannot work here, so
/// it is pointed at /usr/bin/chromium). Collects every page's console errors and uncaught exceptions, and saves
/// screenshots in the test output (TestResults/console-screenshots).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Debian's chromium.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Console errors and page exceptions seen so far, on every page.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Where screenshots go.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Bridge.Tests.Support.RepoFiles.Root, "TestResults", "console-screenshots");

    /// <summary>Why browser tests cannot run here, or null.</summary>
    public static string? Missing()
    {
        if (!File.Exists(Chromium))
        {
            return "chromium is not installed (Debian package chromium: `apt-get install chromium`; scripts/test.sh installs it, and CI=true requires it)";
        }

        var vendor = Path.Combine(AppContext.BaseDirectory, "console", "node_modules");
        foreach (var package in new[] { "mqtt", "uplot" })
        {
            if (!Directory.Exists(Path.Combine(vendor, package, "dist")))
            {
                return $"the console's npm package '{package}' was not installed when the bridge was built (npm ci in web/console; scripts/test.sh does it when npm is on PATH)";
            }
        }

        return null;
    }

    /// <summary>Starts chromium.</summary>
    public static async Task<BrowserSession> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in CI containers: chromium's sandbox needs user namespaces; no GPU on a server.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>Opens <paramref name="url"/> in a new page and waits until the page has started its MQTT client.</summary>
    public async Task<IPage> OpenAsync(Uri url)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1150 } });
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console error: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("page error: " + error);
            }
        };
        await page.GotoAsync(url.ToString());
        await page.WaitForFunctionAsync("() => window.rovConsole && window.rovConsole.ready", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        return page;
    }

    /// <summary>Opens <paramref name="url"/> and waits until the page shows the bridge's retained status as online: the page
    /// is then connected and subscribed, so a test that plays a dive next times the page, not its start-up. (The page says
    /// it is ready once it has started connecting; on a loaded machine the connection can take longer than the one-second
    /// alarm bound it would otherwise be charged to.)</summary>
    public async Task<IPage> OpenLiveAsync(Uri url)
    {
        var page = await OpenAsync(url);
        const string Live = "() => document.getElementById('connection').textContent === 'connected' && document.getElementById('health-status').textContent.startsWith('online')";
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); !await page.EvaluateAsync<bool>(Live); await Task.Delay(50))
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(15))
            {
                var shown = await page.EvaluateAsync<string>("() => document.getElementById('connection').textContent + ', bridge ' + document.getElementById('health-status').textContent");
                throw new TimeoutException($"the page did not go live within 15 s: {shown}");
            }
        }

        return page;
    }

    /// <summary>Saves a screenshot of <paramref name="page"/> as <paramref name="name"/>.png in <see cref="ScreenshotFolder"/>
    /// and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
