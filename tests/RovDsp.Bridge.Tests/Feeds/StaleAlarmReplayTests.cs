using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Service;
using RovDsp.Bridge.Tests.Broker;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Playback;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Feeds;

/// <summary>
/// The stale-feed alarms against the shipped recordings (multibeam at 0.5 frames/s, echosounder at 2.5 pings/s):
/// played through the bridge and its embedded broker at 4x, no stale alarm rises while every sensor is alive; a
/// multibeam that stops raises "Imaging sonar stale" within four of its intervals and clears when it returns.
/// </summary>
public class StaleAlarmReplayTests(ITestOutputHelper log)
{
    private sealed record AlarmSeen(string Alarm, string Transition, long T);

    private sealed record Run(List<AlarmSeen> Alarms, List<long> ObstacleFeedTimes, BridgeService Service);

    // The first pings and frames of a process are JIT-compiled: hundreds of milliseconds of wall time on a loaded
    // machine, seconds of message time at 4x. One short warm-up run per test process keeps that out of the checks.
    private static readonly Lazy<Task> WarmUp = new(async () =>
    {
        var run = await PlayAsync("nominal.mcap", 5, (_, _) => true);
        await run.Service.DisposeAsync();
    });

    /// <summary>Plays <paramref name="file"/> through a fresh bridge; <paramref name="keep"/> decides per raw message
    /// (topic, index among that topic's messages) whether the sensor "sends" it.</summary>
    private static async Task<Run> PlayAsync(string file, double toSeconds, Func<string, int, bool> keep, bool warm = false)
    {
        if (warm)
        {
            await WarmUp.Value;
        }

        var service = new BridgeService(new BridgeOptions { EmbeddedPort = 0 }, new SensorHandlerFactory());
        await service.StartAsync();
        var alarms = new ConcurrentQueue<AlarmSeen>();
        var obstacles = new ConcurrentQueue<long>();
        var watcher = new MqttLink(
            new MqttLinkOptions { Endpoint = service.Endpoint!, ClientId = "watch", Subscriptions = [("rov/rov1/alarms/events", 1), ("rov/rov1/feed/obstacles/+", 0)] },
            e =>
            {
                using var doc = JsonDocument.Parse(e.ApplicationMessage.Payload);
                var t = FeedTime.Ns(doc.RootElement);
                if (e.ApplicationMessage.Topic.EndsWith("/events", StringComparison.Ordinal))
                {
                    foreach (var ev in doc.RootElement.GetProperty("events").EnumerateArray())
                    {
                        alarms.Enqueue(new(ev.GetProperty("alarm").GetString()!, ev.GetProperty("transition").GetString()!, t));
                    }
                }
                else if (e.ApplicationMessage.Topic.Contains("multibeam", StringComparison.Ordinal))
                {
                    obstacles.Enqueue(t);
                }

                return Task.CompletedTask;
            });
        await watcher.StartAsync(TimeSpan.FromSeconds(30));
        var publisher = new MqttLink(new MqttLinkOptions { Endpoint = service.Endpoint!, ClientId = "sensors" });
        await publisher.StartAsync(TimeSpan.FromSeconds(30));
        try
        {
            using var player = RecordingPlayer.Open(RepoFiles.Recording(file), new PlaybackOptions { Speed = 4, ToSeconds = toSeconds });
            var counts = new Dictionary<string, int>();
            await player.PlayAsync(async (topic, payload, ct) =>
            {
                var index = counts.GetValueOrDefault(topic);
                counts[topic] = index + 1;
                if (keep(topic, index))
                {
                    await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray()).Build(), ct);
                }
            });
            // Let the last frames through the pipelines.
            await Task.Delay(500);
            return new Run([.. alarms], [.. obstacles], service);
        }
        finally
        {
            await publisher.DisposeAsync();
            await watcher.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("nominal.mcap")]
    [InlineData("clog.mcap")]
    [InlineData("obstacle.mcap")]
    public async Task Shipped_recordings_raise_no_stale_alarm_while_every_sensor_is_alive(string file)
    {
        // 4x, not faster: the alarm hub's clock is message time, so a worker stalled for 0.5 s of wall time on a
        // loaded machine looks like 2 s of silence at 4x (the altimeter's floor), 5 s at 10x.
        var run = await PlayAsync(file, 30, (_, _) => true, warm: true);
        try
        {
            foreach (var a in run.Alarms)
            {
                log.WriteLine($"{a.Alarm} {a.Transition} at {a.T}");
            }

            // The measured rates are the recording's (README: echosounder 2.5 pings/s, multibeam 0.5 frames/s).
            Assert.Equal(0.4, run.Service.Alarms.IntervalSeconds(AlarmFeed.Altimeter), 2);
            Assert.Equal(2.0, run.Service.Alarms.IntervalSeconds(AlarmFeed.MultibeamSonar), 2);
            Assert.True(run.ObstacleFeedTimes.Count >= 13, $"{run.ObstacleFeedTimes.Count} obstacle feeds");
            Assert.DoesNotContain(run.Alarms, a => a.Alarm.Contains("stale", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await run.Service.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_multibeam_that_stops_raises_imaging_stale_within_four_intervals_and_clears_when_it_returns()
    {
        // Frames 8..16 (16 s to 32 s into the dive) are never sent: 20 s between frames 7 and 17 of a 2 s sensor.
        var run = await PlayAsync("nominal.mcap", 45, (topic, index) => !topic.Contains("/multibeam/", StringComparison.Ordinal) || index is < 8 or > 16, warm: true);
        try
        {
            foreach (var a in run.Alarms)
            {
                log.WriteLine($"{a.Alarm} {a.Transition} at {a.T}");
            }

            var stale = run.Alarms.Where(a => a.Alarm == "Imaging sonar stale").ToList();
            Assert.Equal(["raised", "cleared"], stale.Select(a => a.Transition));
            // The outage is the longest silence between two obstacle feeds (frames are stamped at acquisition).
            var times = run.ObstacleFeedTimes.Order().ToList();
            var gapAt = Enumerable.Range(1, times.Count - 1).MaxBy(i => times[i] - times[i - 1]);
            var lastBefore = times[gapAt - 1];
            var firstAfter = times[gapAt];
            var raisedAfterS = (stale[0].T - lastBefore) / 1e9;
            var clearedAfterS = (stale[1].T - firstAfter) / 1e9;
            log.WriteLine($"raised {raisedAfterS:F2} s after the last frame, cleared {clearedAfterS:F2} s after the sensor returned");
            // 4 x 2 s; the upper margin covers scheduling stalls, which 4x playback stretches in message time.
            Assert.InRange(raisedAfterS, 8.0, 10.5);
            Assert.InRange(firstAfter - lastBefore, 19_500_000_000L, 20_500_000_000L);
            // Clear dwell 2 s once the age is back under 8/3 s.
            Assert.InRange(clearedAfterS, 2.0, 5.0);
            Assert.DoesNotContain(run.Alarms, a => a.Alarm is "Altimeter stale" or "Slurry feed stale");
        }
        finally
        {
            await run.Service.DisposeAsync();
        }
    }
}
