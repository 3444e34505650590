using RovDsp.Dsp.Acoustics;

namespace RovDsp.Replay.Simulation;

/// <summary>
/// The settings of one simulated dive. Everything the simulator produces is a function of these values alone,
/// so a dive is regenerated bit for bit from its scenario (<see cref="Seed"/> included). Defaults follow
/// docs/domain.md#site: the 2026 test reached the seabed at about 5,700 m, the water there is about 1.5 °C at
/// salinity 34.7.
/// </summary>
public sealed record DiveScenario
{
    /// <summary>The seed every random stream of the dive is forked from.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Which dive to stage.</summary>
    public ScenarioKind Kind { get; init; } = ScenarioKind.Nominal;

    /// <summary>How long the dive lasts.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wall-clock time of the dive's start, nanoseconds since the Unix epoch (default
    /// 2027-01-15T00:00:00Z, during the planned trial operations).</summary>
    public long StartTimeNs { get; init; } = 1_799_971_200L * 1_000_000_000L;

    /// <summary>Seabed depth at the track's origin, metres.</summary>
    public double SeabedDepthM { get; init; } = 5700.0;

    /// <summary>Largest regional slope of the seabed, degrees.</summary>
    public double MaxSlopeDeg { get; init; } = 3.0;

    /// <summary>RMS roughness of the seabed about its regional plane, metres.</summary>
    public double RmsRoughnessM { get; init; } = 0.25;

    /// <summary>Bottom water temperature, °C.</summary>
    public double WaterTemperatureC { get; init; } = 1.5;

    /// <summary>Bottom water salinity, PSU.</summary>
    public double SalinityPsu { get; init; } = 34.7;

    /// <summary>Vehicle speed over ground, m/s (a seabed collector crawls at a fraction of a metre a second).</summary>
    public double SpeedMps { get; init; } = 0.4;

    /// <summary>Length of one straight leg of the lawn-mower track, metres.</summary>
    public double LegLengthM { get; init; } = 120.0;

    /// <summary>Distance between neighbouring legs, metres (twice the turn radius).</summary>
    public double LineSpacingM { get; init; } = 10.0;

    /// <summary>Lowest altitude the programme flies, metres.</summary>
    public double MinAltitudeM { get; init; } = 0.5;

    /// <summary>Highest altitude the programme flies, metres.</summary>
    public double MaxAltitudeM { get; init; } = 5.0;

    /// <summary>Latitude of the site, degrees (Minamitorishima lies at about 24.3° N); sets pressure at depth.</summary>
    public double LatitudeDeg { get; init; } = 24.3;

    /// <summary>Sound speed at the seabed from the UNESCO (Chen and Millero) equation at the scenario's
    /// temperature, salinity and pressure (Saunders 1981 from depth and latitude): about 1,555 m/s at 5,700 m
    /// (docs/domain.md#sound-speed), the value the simulated echoes travel at. Temperature is converted from ITS-90 to
    /// IPTS-68.</summary>
    public double SoundSpeedMps => SoundSpeed.UnescoChenMillero(
        WaterTemperatureC * 1.00024, SalinityPsu, SoundSpeed.PressureFromDepth(SeabedDepthM, LatitudeDeg));

    /// <summary>The scenario of a kind with its defaults.</summary>
    public static DiveScenario Create(ScenarioKind kind, ulong seed, TimeSpan? duration = null) =>
        new() { Kind = kind, Seed = seed, Duration = duration ?? TimeSpan.FromMinutes(10) };
}
