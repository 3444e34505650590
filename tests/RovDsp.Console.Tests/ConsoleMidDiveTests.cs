using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Console.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Console.Tests;

/// <summary>A pilot who opens or reloads the console in the middle of a dive (a reload, a second pilot joining): the
/// bridge replays recordings/obstacle.mcap itself (<c>--replay</c>, as scripts/run.sh runs it) and the page is opened
/// only once the dive is well under way, then reloaded. The retained status and alarm list must come with the
/// subscription, each feed's first message within its own period, and each panel must fill as that message arrives.
/// Times are the page's own (performance.now(): its connection, each topic's first message, each panel's first fill),
/// so the test's polling does not blur them.</summary>
public sealed class ConsoleMidDiveTests(ITestOutputHelper output)
{
    private const string Vehicle = "rov/rov1";

    // Slack beyond a feed's period for its first message to reach the page, and for the page to fill the panel once it
    // has (a PNG decode or a JSON parse): "a second or two" on a loaded 2-core machine.
    private const double DeliverySlackMs = 1500;
    private const double FillSlackMs = 1000;

    // Each panel the dive feeds, the topic whose message fills it, and that feed's period in obstacle.mcap
    // (`rovdsp-replay info`: echosounder 2.5 pings/s, multibeam 0.5 frames/s, scanning sonar 15 steps/s, one 360° image
    // a second; slurry ≤ 10 Hz, metrics 1 Hz: docs/topics.md). The alarm list is retained: it comes with the subscription.
    private static readonly (string Panel, string Topic, double PeriodMs)[] Panels =
    [
        ("alarms", Vehicle + "/alarms/active", 0),
        ("slurry", Vehicle + "/feed/slurry/line1", 100),
        ("altitude", Vehicle + "/feed/altitude/echo1", 400),
        ("health", Vehicle + "/metrics", 1000),
        ("scan", Vehicle + "/feed/scan/scan1", 1000),
        ("fan", Vehicle + "/feed/fan/multibeam1", 2000),
    ];

    // The obstacle lists under the sonar images, each with its own feed: every multibeam frame, and every 50-grad sector
    // of the scanning sonar (50 steps at 15 steps/s: 3.3 s).
    private static readonly (string Element, string Topic, double PeriodMs)[] Captions =
    [
        ("fan-count", Vehicle + "/feed/obstacles/multibeam1", 2000),
        ("scan-range", Vehicle + "/feed/obstacles/scan1", 3334),
    ];

    [BrowserFact]
    public async Task Page_opened_and_reloaded_mid_dive_fills_every_panel_with_the_next_feed_message()
    {
        await using var bridge = await BridgeRun.StartAsync("--replay", RepoFiles.Recording("obstacle.mcap"));
        await using var watcher = await FeedWatcher.StartAsync(bridge.BrokerPort);
        await using var browser = await BrowserSession.StartAsync();

        // 15 s into the 90 s dive every feed runs, the bridge's status and alarm list were retained long ago, and the
        // obstacle ahead has raised its alarm.
        await Task.Delay(TimeSpan.FromSeconds(15));
        // (The test's client keeps JSON topics only: the images are checked on the page.)
        foreach (var topic in new[] { "/feed/slurry/line1", "/feed/altitude/echo1", "/alarms/active" })
        {
            Assert.Contains(Vehicle + topic, watcher.Topics(Vehicle + topic));
        }

        var page = await browser.OpenAsync(bridge.Url);
        await AssertPanelsFillAsync(page, "opened mid-dive");
        await BrowserSession.ScreenshotAsync(page, nameof(Page_opened_and_reloaded_mid_dive_fills_every_panel_with_the_next_feed_message) + "-opened");

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.rovConsole && window.rovConsole.ready", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await AssertPanelsFillAsync(page, "reloaded mid-dive");
        var shot = await BrowserSession.ScreenshotAsync(page, nameof(Page_opened_and_reloaded_mid_dive_fills_every_panel_with_the_next_feed_message) + "-reloaded");
        output.WriteLine("screenshot: " + shot);

        // What the page shows is what the broker holds: the bridge's retained status and alarm list (active and returned
        // rows, as the test's own client last received them).
        Assert.Equal("online", await page.TextContentAsync("#health-status"));
        // The dive is still playing, so an alarm may change between the two reads: they must agree within 2 s.
        int rows, shown;
        for (var agree = Stopwatch.StartNew(); ; await Task.Delay(50))
        {
            var alarms = watcher.Last(Vehicle + "/alarms/active")!.Value;
            rows = alarms.GetProperty("active").GetArrayLength()
                + (alarms.TryGetProperty("returned", out var returned) ? returned.GetArrayLength() : 0);
            shown = await page.Locator("#alarm-list tr").CountAsync();
            if (rows == shown || agree.Elapsed > TimeSpan.FromSeconds(2))
            {
                break;
            }
        }

        Assert.Equal(rows, shown);
        Assert.Empty(browser.Errors);
    }

    private async Task AssertPanelsFillAsync(IPage page, string what)
    {
        // Every panel and caption fills, whatever the times: page load, connection, then at most the scanning sonar's
        // 3.3 s sector and the slack.
        var allFilled = "() => " + string.Join(" && ", Panels.Select(p => $"window.rovConsole.panels['{p.Panel}'].first !== null")
            .Concat(Captions.Select(c => $"'{c.Topic}' in window.rovConsole.state.firstAt")));
        try
        {
            await page.WaitForFunctionAsync(allFilled, null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            var shot = await BrowserSession.ScreenshotAsync(page, "mid-dive-not-filled-" + what.Replace(' ', '-'));
            Assert.Fail($"{what}: not every panel filled within 10 s of the page loading; connection '{await page.TextContentAsync("#connection")}'; "
                + $"{await TimesAsync(page)}; screenshot {shot}");
        }

        var times = await TimesAsync(page);
        output.WriteLine($"{what}: {times}");
        using var doc = JsonDocument.Parse(times);
        var connectedAt = doc.RootElement.GetProperty("connectedAt").GetDouble();
        var firstAt = doc.RootElement.GetProperty("firstAt");
        var filledAt = doc.RootElement.GetProperty("filledAt");
        var status = firstAt.TryGetProperty(Vehicle + "/status", out var s) ? s.GetDouble() - connectedAt : double.NaN;
        Assert.True(status <= DeliverySlackMs, $"{what}: the retained status came {status:F0} ms after the connection; {times}");
        foreach (var (panel, topic, periodMs) in Panels)
        {
            var arrived = firstAt.TryGetProperty(topic, out var a) ? a.GetDouble() - connectedAt : double.NaN;
            Assert.True(arrived <= periodMs + DeliverySlackMs,
                string.Create(CultureInfo.InvariantCulture, $"{what}: the first {topic} came {arrived:F0} ms after the connection (its period {periodMs} ms); {times}"));
            var filled = filledAt.GetProperty(panel).GetDouble() - a.GetDouble();
            Assert.True(filled is >= 0 and <= FillSlackMs,
                string.Create(CultureInfo.InvariantCulture, $"{what}: panel {panel} filled {filled:F0} ms after its first {topic}; {times}"));
        }

        foreach (var (element, topic, periodMs) in Captions)
        {
            var arrived = firstAt.TryGetProperty(topic, out var a) ? a.GetDouble() - connectedAt : double.NaN;
            Assert.True(arrived <= periodMs + DeliverySlackMs,
                string.Create(CultureInfo.InvariantCulture, $"{what}: the first {topic} came {arrived:F0} ms after the connection (its period {periodMs} ms); {times}"));
            Assert.NotEqual("–", await page.TextContentAsync("#" + element));
        }

        // The values are there, not only the panels' states.
        Assert.Equal("online", await page.TextContentAsync("#health-status"));
        foreach (var id in new[] { "altitude-value", "slurry-flow", "health-proc-p99" })
        {
            Assert.NotEqual("–", await page.TextContentAsync("#" + id));
        }
    }

    // The page's times, ms on its own clock: its first connection, each topic's first message, each panel's first fill.
    private static Task<string> TimesAsync(IPage page) => page.EvaluateAsync<string>(
        """
        () => JSON.stringify({
          connectedAt: window.rovConsole.state.connectedAt,
          firstAt: window.rovConsole.state.firstAt,
          filledAt: Object.fromEntries(Object.entries(window.rovConsole.panels).map(([k, p]) => [k, p.first])),
        })
        """);
}
