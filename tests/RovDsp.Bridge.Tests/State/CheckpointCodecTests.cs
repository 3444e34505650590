using System.Text;
using RovDsp.Bridge.State;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.State;

/// <summary>The checkpoint payload: every field round-trips, and a payload of another version, with NaN or a missing
/// field, a day that does not hold its own time or an unknown alarm state is refused with a message naming it.</summary>
public class CheckpointCodecTests
{
    private const long Latest = 1_799_971_230_000_000_000L;
    private const long DayStart = 1_799_938_800_000_000_000L;
    private const long DayEnd = DayStart + 86_400_000_000_000L;

    internal static VehicleCheckpoint Sample(string vehicle = "rov1") => new(
        vehicle, new DateTimeOffset(2026, 12, 6, 21, 0, 0, TimeSpan.Zero), Latest, DayStart, DayEnd,
        [new("line1", new SlurryTotals(Latest - 3_500_000_000L, 12.345678901234567, 345.6, 3600.25, 12.5))],
        [new SavedAlarm("Sensor fault", AlarmState.AcknowledgedActive, Latest - 5), new SavedAlarm("Altimeter stale", AlarmState.ClearedUnacknowledged, Latest - 9)],
        [new("echo1", new AltitudeMemory(3.362363358991831, Latest, 0.99, -37.5))],
        [new("line1", new SlurryAlignmentSnapshot(
            [new(Latest - 3_510_000_000L, 2.125f), new(Latest - 3_500_000_000L, 2.3333333f), new(Latest - 50_000_000L, -0.1f)],
            [new(Latest - 3_600_000_000L, 1106.5f)], [], 1106.25))]);

    private static string Text(VehicleCheckpoint c) => Encoding.UTF8.GetString(CheckpointCodec.Write(c));

    private static string Refusal(string json) =>
        Assert.Throws<CheckpointFormatException>(() => CheckpointCodec.Read(Encoding.UTF8.GetBytes(json))).Message;

    [Fact]
    public void Every_field_round_trips_exactly()
    {
        var original = Sample();
        var read = CheckpointCodec.Read(CheckpointCodec.Write(original));
        Assert.Equal(original.Vehicle, read.Vehicle);
        Assert.Equal(original.SavedUtc, read.SavedUtc);
        Assert.Equal((original.LatestNs, original.DayStartNs, original.DayEndNs), (read.LatestNs, read.DayStartNs, read.DayEndNs));
        Assert.Equal(original.Slurry, read.Slurry);
        Assert.Equal(original.Alarms, read.Alarms);
        Assert.Equal(original.Altitude, read.Altitude);
        var (sensor, aligned) = Assert.Single(read.SlurryAlignment!);
        var expected = original.SlurryAlignment![0].Value;
        Assert.Equal("line1", sensor);
        Assert.Equal(expected.Velocity, aligned.Velocity);
        Assert.Equal(expected.Ultrasonic, aligned.Ultrasonic);
        Assert.Empty(aligned.Gamma);
        Assert.Equal(expected.HeldDensityKgM3, aligned.HeldDensityKgM3);
    }

    [Fact]
    public void A_version_1_checkpoint_restores_its_totals_without_carried_readings()
    {
        // Version 1 as the previous bridge wrote it: no "aligned" object (one there would be ignored, not read).
        var text = Text(Sample()).Replace("\"version\": 2", "\"version\": 1", StringComparison.Ordinal);
        var read = CheckpointCodec.Read(Encoding.UTF8.GetBytes(text));
        Assert.Equal(Sample().Slurry, read.Slurry);
        Assert.Empty(read.SlurryAlignment!);
    }

    [Fact]
    public void Carried_readings_that_are_not_time_value_pairs_are_refused()
    {
        var text = Text(Sample());
        var nan = text.Replace("2.125", "\"NaN\"", StringComparison.Ordinal);
        Assert.Contains("slurry[0].aligned.velocity[0] must be a [whole time ns, finite value] pair", Refusal(nan), StringComparison.Ordinal);
        var huge = text.Replace("2.125", "1e300", StringComparison.Ordinal);
        Assert.Contains("velocity[0] must be", Refusal(huge), StringComparison.Ordinal);
        var missing = text.Replace("\"gamma\"", "\"gammas\"", StringComparison.Ordinal);
        Assert.Contains("slurry[0].aligned.gamma must be an array", Refusal(missing), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_version_is_refused()
    {
        var text = Text(Sample()).Replace("\"version\": 2", "\"version\": 3", StringComparison.Ordinal);
        Assert.Contains("version 3 is not a version this bridge reads (1 to 2)", Refusal(text), StringComparison.Ordinal);
        Assert.Contains("version 0 is not a version", Refusal(text.Replace("\"version\": 3", "\"version\": 0", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("version is missing", Refusal("{\"vehicle\":\"rov1\"}"), StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_and_other_non_numbers_are_refused()
    {
        var text = Text(Sample());
        Assert.StartsWith("not JSON", Refusal(text.Replace("\"dryTonnes\": 12.345678901234567", "\"dryTonnes\": NaN", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("slurry[0].dryTonnes must be a number, not String",
            Refusal(text.Replace("\"dryTonnes\": 12.345678901234567", "\"dryTonnes\": \"NaN\"", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("altitude[0].altitudeM must be a finite number",
            Refusal(text.Replace("\"altitudeM\": 3.362363358991831", "\"altitudeM\": 1e400", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("altitude[0].confidence must be within 0–1",
            Refusal(text.Replace("\"confidence\": 0.99", "\"confidence\": 7", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("not JSON", Refusal(text[..(text.Length / 2)]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_day_that_does_not_hold_its_latest_time_is_refused()
    {
        var text = Text(Sample() with { LatestNs = DayEnd });
        Assert.Contains("must hold latestT", Refusal(text), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_alarm_state_is_refused()
    {
        var text = Text(Sample()).Replace("\"cleared-unacknowledged\"", "\"normal\"", StringComparison.Ordinal);
        Assert.Contains("alarms[1].state 'normal' is not", Refusal(text), StringComparison.Ordinal);
    }
}
