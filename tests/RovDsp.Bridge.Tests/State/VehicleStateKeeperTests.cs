using RovDsp.Bridge.State;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Processing.Metrics;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.Tests.State;

/// <summary>The keeper's failure modes: a checkpoint of another vehicle or a corrupt one is refused with its reason,
/// counted, reported and set aside, and the bridge starts from zero; a checkpoint that cannot be written is counted and
/// reported and the next good one says so; nothing is written before this run's first message.</summary>
public sealed class VehicleStateKeeperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-keeper-").FullName;
    private readonly List<string> _log = [];
    private readonly ErrorReporter _errors = new(100);
    private readonly AlarmHub _alarms = new(new TopicScheme("rov1"));

    private VehicleStateKeeper Keeper(string? dir = null) =>
        new(new StateOptions { Directory = dir ?? _dir, DayStartUtcOffset = TimeSpan.FromHours(9), Log = _log.Add }, "rov1", _errors, _alarms);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_checkpoint_of_another_vehicle_is_refused_counted_and_set_aside()
    {
        var keeper = Keeper();
        File.WriteAllBytes(keeper.FilePath, CheckpointCodec.Write(CheckpointCodecTests.Sample("rov2")));
        var said = keeper.Restore();

        Assert.Contains("it belongs to vehicle 'rov2', not 'rov1'", said, StringComparison.Ordinal);
        Assert.Equal(1, keeper.ReadFailures);
        Assert.Null(keeper.Restored);
        Assert.Equal(1, _errors.Counts.Single(c => c.Key == "checkpoint-refused").Value);
        Assert.False(File.Exists(keeper.FilePath));
        Assert.True(File.Exists(keeper.FilePath + ".rejected"));
        Assert.Single(_log, l => l.Contains("rov2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_checkpoint_is_refused_and_the_day_starts_from_zero()
    {
        var keeper = Keeper();
        File.WriteAllText(keeper.FilePath, "{\"version\":1,\"vehicle\":\"rov1\",\"savedUtc\":");
        Assert.Contains("not JSON", keeper.Restore(), StringComparison.Ordinal);
        Assert.Equal(1, keeper.ReadFailures);
        Assert.Null(keeper.Restored);
    }

    [Fact]
    public void A_good_checkpoint_is_restored_and_the_alarms_wait_for_the_first_message()
    {
        var keeper = Keeper();
        File.WriteAllBytes(keeper.FilePath, CheckpointCodec.Write(CheckpointCodecTests.Sample()));
        Assert.Contains("slurry line1 12.346 t dry / 345.600 t wet, 2 alarm(s), 1 altitude(s)", keeper.Restore(), StringComparison.Ordinal);
        Assert.NotNull(keeper.Restored);
        Assert.Equal(AlarmState.Normal, _alarms.StateOf("Sensor fault"));
        Assert.Equal(2, _alarms.Saved().Count);
    }

    private sealed class NoSink : IFeedSink
    {
        public ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, string contentType, uint expirySeconds, bool retain,
            CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private SlurryHandler Slurry() => new("line1",
        new HandlerContext(new TopicScheme("rov1"), new NoSink(), _errors, new LatencyRecorder(), new LatencyRecorder(), _alarms),
        new SlurryLineSettings());

    [Fact]
    public void Carried_readings_go_to_their_line_and_ones_that_do_not_fit_are_refused_counted_and_said_with_the_totals_kept()
    {
        var sample = CheckpointCodecTests.Sample();
        var keeper = Keeper();
        File.WriteAllBytes(keeper.FilePath, CheckpointCodec.Write(sample));
        keeper.Restore();
        var good = Slurry();
        keeper.Adopt("line1", good);
        Assert.Equal(0, keeper.ReadFailures);
        var (totals, aligned) = good.Capture();
        Assert.Equal(sample.Slurry[0].Value, totals);
        Assert.Equal(sample.SlurryAlignment![0].Value.Velocity, aligned!.Velocity);

        var carried = sample.SlurryAlignment[0].Value;
        var backwards = sample with { SlurryAlignment = [new("line1", carried with { Velocity = [.. carried.Velocity.Reverse()] })] };
        var other = Keeper();
        File.WriteAllBytes(other.FilePath, CheckpointCodec.Write(backwards));
        other.Restore();
        var refused = Slurry();
        other.Adopt("line1", refused);
        Assert.Equal(1, other.ReadFailures);
        Assert.Equal(1, _errors.Counts.Single(c => c.Key == "checkpoint-refused").Value);
        Assert.Single(_log, l => l.Contains("carried readings of sensor 'line1' refused (its totals are restored without them)", StringComparison.Ordinal)
            && l.Contains("must not go back", StringComparison.Ordinal));
        Assert.Equal((sample.Slurry[0].Value, (SlurryAlignmentSnapshot?)null), refused.Capture());
    }

    [Fact]
    public async Task Nothing_is_written_before_the_first_message_and_a_failed_write_is_counted_and_said()
    {
        // The state directory's place is taken by a file: the checkpoint cannot be written there.
        var blocked = Path.Combine(_dir, "not-a-directory");
        File.WriteAllText(blocked, "");
        var keeper = Keeper(blocked);
        Assert.False(keeper.Checkpoint());
        Assert.Equal(0, keeper.WriteFailures);

        await _alarms.SlurryAsync(1_799_971_200_000_000_000L, false, 0, CancellationToken.None);
        Assert.False(keeper.Checkpoint());
        Assert.Equal(1, keeper.WriteFailures);
        Assert.Equal(1, _errors.Counts.Single(c => c.Key == "checkpoint-failed").Value);
        Assert.Single(_log, l => l.Contains("not written", StringComparison.Ordinal));

        File.Delete(blocked);
        Assert.True(keeper.Checkpoint());
        Assert.Equal(1, keeper.Written);
        Assert.Contains(_log, l => l.Contains("written again", StringComparison.Ordinal));
        var read = CheckpointCodec.Read(File.ReadAllBytes(keeper.FilePath));
        Assert.Equal("rov1", read.Vehicle);
        Assert.Equal(1_799_938_800_000_000_000L, read.DayStartNs);
    }
}
