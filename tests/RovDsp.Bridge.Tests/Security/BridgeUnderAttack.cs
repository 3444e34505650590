using System.Diagnostics;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>One bridge process (embedded broker, nominal.mcap replayed at 1x in a loop) and a pilot's
/// <see cref="FeedWatcher"/> on it: one for each attack of <see cref="MemoryExhaustionTests"/>.</summary>
public sealed class BridgeUnderAttack : IAsyncLifetime
{
    /// <summary>The bridge.</summary>
    public BridgeProcess Bridge { get; private set; } = null!;

    internal FeedWatcher Watcher { get; private set; } = null!;

    /// <summary>Starts the bridge and waits until every sensor of the recording has fed at least twice.</summary>
    public async Task InitializeAsync()
    {
        Bridge = BridgeProcess.Start();
        Watcher = await FeedWatcher.StartAsync(Bridge.Port, TimeSpan.FromSeconds(60));
        var deadline = Stopwatch.StartNew();
        // nominal.mcap feeds altitude, slurry, scan, fan/obstacles (images at 0.5 Hz): wait for them all.
        while (deadline.Elapsed < TimeSpan.FromSeconds(40)
               && (Watcher.Counts().Count(kv => kv.Value >= 2) < 4 || Watcher.Metric("rawReceived") == 0))
        {
            await Task.Delay(200);
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (Watcher is not null)
        {
            await Watcher.DisposeAsync();
        }

        if (Bridge is not null)
        {
            await Bridge.DisposeAsync();
        }
    }
}
