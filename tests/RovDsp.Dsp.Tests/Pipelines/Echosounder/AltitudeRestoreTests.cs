using RovDsp.Dsp.Pipelines.Echosounder;

namespace RovDsp.Dsp.Tests.Pipelines.Echosounder;

/// <summary>A last valid altitude restored after a restart (<see cref="EchosounderPipeline.Restore"/>) is an old track:
/// held with less confidence than it had within MaxHoldS of its time, lost after, never reported valid until a ping
/// confirms the bottom; unusable memories are refused.</summary>
public sealed class AltitudeRestoreTests
{
    private const long ValidNs = 1_799_971_200L * 1_000_000_000L;

    private static EchosounderPing Ping(double atS, params (double RangeM, double Amplitude)[] echoes) =>
        SyntheticPing.Make(EchosounderSampleFormat.ComplexBaseband, SyntheticPing.Lfm, 1500, echoes, 0.05, seed: 3,
            timestampNs: ValidNs + (long)(atS * 1e9));

    [Fact]
    public void A_restored_altitude_is_held_not_valid_then_lost_once_older_than_the_hold()
    {
        var pipeline = new EchosounderPipeline();
        pipeline.Restore(new AltitudeMemory(3.0, ValidNs, 0.9, -40));

        var held = pipeline.Process(Ping(0.5 * pipeline.Settings.MaxHoldS));
        Assert.Equal(AltitudeState.Held, held.State);
        Assert.Equal(3.0, held.AltitudeM);
        Assert.True(held.Confidence < 0.5 * 0.9, $"confidence {held.Confidence} must fade below half the restored 0.9");

        var lost = pipeline.Process(Ping(pipeline.Settings.MaxHoldS + 1));
        Assert.Equal(AltitudeState.Lost, lost.State);
        Assert.True(double.IsNaN(lost.AltitudeM));
    }

    [Fact]
    public void A_restored_altitude_older_than_the_hold_is_lost_at_the_first_ping()
    {
        var pipeline = new EchosounderPipeline();
        pipeline.Restore(new AltitudeMemory(3.0, ValidNs, 0.9, -40));
        var first = pipeline.Process(Ping(3600));
        Assert.Equal(AltitudeState.Lost, first.State);
    }

    [Fact]
    public void The_last_valid_altitude_is_what_a_checkpoint_keeps()
    {
        var pipeline = new EchosounderPipeline();
        Assert.False(pipeline.LastValid.HasValue);
        AltitudeEstimate last = default;
        for (var i = 0; i < 6; i++)
        {
            last = pipeline.Process(Ping(0.1 * i, (4.0, 1.0)));
        }

        Assert.Equal(AltitudeState.Valid, last.State);
        Assert.Equal(last.AltitudeM, pipeline.LastValid.AltitudeM);
        Assert.Equal(last.Stamp.TimestampNs, pipeline.LastValid.ValidNs);
    }

    [Fact]
    public void Unusable_memories_are_refused_with_the_reason()
    {
        var pipeline = new EchosounderPipeline();
        Assert.Contains("altitudeM", Assert.Throws<ArgumentException>(() => pipeline.Restore(new AltitudeMemory(double.NaN, ValidNs, 0.5, -40))).Message, StringComparison.Ordinal);
        Assert.Contains("confidence", Assert.Throws<ArgumentException>(() => pipeline.Restore(new AltitudeMemory(3, ValidNs, 1.5, -40))).Message, StringComparison.Ordinal);
        Assert.Contains("validT", Assert.Throws<ArgumentException>(() => pipeline.Restore(new AltitudeMemory(3, 0, 0.5, -40))).Message, StringComparison.Ordinal);
    }
}
