using RovDsp.Replay.Mcap;
using RovDsp.Replay.Simulation.Echosounder;
using RovDsp.Replay.Simulation.Multibeam;
using RovDsp.Replay.Simulation.ScanningSonar;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Replay.Recording;

/// <summary>What a <see cref="DiveRecorder"/> records: each sensor's simulator settings (null leaves the sensor
/// out), the vehicle id and the MCAP writer's settings. Chunk size and compression level are fixed numbers so that
/// the same dive always gives the same bytes.</summary>
public sealed record DiveRecordingOptions
{
    /// <summary>Vehicle id in the raw topics.</summary>
    public string Vehicle { get; init; } = RecordingTopics.DefaultVehicle;

    /// <summary>Echosounder settings; null records no echosounder.</summary>
    public EchosounderSimulatorSettings? Echosounder { get; init; } = new();

    /// <summary>Imaging sonar settings; null records no imaging sonar.</summary>
    public MultibeamSimulatorSettings? Multibeam { get; init; } = new();

    /// <summary>Scanning sonar settings; null records no scanning sonar.</summary>
    public ScanningSonarSimulatorSettings? ScanningSonar { get; init; } = new();

    /// <summary>Slurry line settings; null records no slurry line.</summary>
    public SlurrySimulatorSettings? Slurry { get; init; } = new();

    /// <summary>Rate of the <c>truth/slurry</c> channel, Hz (the line's true state changes over seconds, so a few
    /// hertz describe it; the per-reading spike and stuck flags are not recorded).</summary>
    public double SlurryTruthRateHz { get; init; } = 2.0;

    /// <summary>Chunk compression.</summary>
    public McapCompression Compression { get; init; } = McapCompression.Zstd;

    /// <summary>Zstandard level (fixed, so the bytes are reproducible).</summary>
    public int ZstdLevel { get; init; } = 3;

    /// <summary>Uncompressed chunk size the writer aims at, bytes.</summary>
    public int ChunkSize { get; init; } = 1024 * 1024;

    /// <summary>Full-rate sensors as the simulators default them: 10 echosounder pings/s of complex baseband,
    /// 10 frames/s of 256 × 703 beams × bins (180 KB each), 30 scanning steps/s of 1200 samples, and the slurry
    /// line's 8 sensors.</summary>
    public static DiveRecordingOptions FullRate { get; } = new();

    /// <summary>The settings of the shipped recordings (recordings/README.md), chosen to keep a 90-second dive at a
    /// few megabytes (noisy float32 echoes and 8-bit sonar images compress only about 1.5x with zstd): echosounder
    /// at 2.5 pings/s (10 KB of complex baseband each); imaging sonar at 0.5 frames/s of 128 beams × 350 bins over
    /// the same 130° fan and 20 m (a quarter of the beam-bin cells, a twentieth of the frame rate: the collector
    /// moves 0.8 m between frames, enough to follow an obstacle ahead); scanning sonar at 15 steps/s of 600
    /// samples; the slurry line's 8 sensors at their full rates.</summary>
    public static DiveRecordingOptions Shipped { get; } = new()
    {
        Echosounder = new EchosounderSimulatorSettings { PingRateHz = 2.5 },
        Multibeam = new MultibeamSimulatorSettings { Beams = 128, Bins = 350, FrameRateHz = 0.5 },
        ScanningSonar = new ScanningSonarSimulatorSettings { Samples = 600, StepRateHz = 15.0 },
        Slurry = new SlurrySimulatorSettings(),
    };

    /// <summary>The MCAP writer settings these options imply.</summary>
    public McapWriterOptions ToWriterOptions() => new()
    {
        Compression = Compression,
        ZstdLevel = ZstdLevel,
        ChunkSize = ChunkSize,
    };
}
