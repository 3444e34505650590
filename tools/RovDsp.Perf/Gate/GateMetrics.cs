using RovDsp.Benchmarks.Fft;
using RovDsp.Benchmarks.Filters;
using RovDsp.Benchmarks.Pipelines;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;
using RovDsp.Replay.Simulation.Multibeam;
using RovDsp.Replay.Simulation.ScanningSonar;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Perf.Gate;

/// <summary>
/// Every metric the gate can measure, by key. The subjects are the benchmark classes' own methods (same
/// simulated inputs as the BenchmarkDotNet suite), called in process; sabotage wraps only our code, never a
/// baseline. Real-time factor = stream period of one call / median seconds per call.
/// </summary>
public sealed class GateMetrics
{
    // Stream time covered by one call of each pipeline subject (see the benchmark classes' summaries).
    private const double EchosounderPeriodS = 0.1;       // 10 pings/s (docs/domain.md: 5–20)
    private const double MultibeamPeriodS = 0.1;           // 10 frames/s (docs/domain.md: 5–40)
    private const double ScanningPeriodS = 1.0 / 30;     // 30 steps/s (docs/domain.md: 10–50)
    private const double SideScanPeriodS = 1.0 / 15;     // 15 lines/s (docs/domain.md: 10–25)
    private const double SlurryPeriodS = 1.0;            // one call = 1 s of 8 sensors at 100 Hz
    private const double AlarmPeriodS = 10.0;            // one call = 1000 evaluations at 100 Hz

    private static readonly string[] s_names =
    [
        "fft.complex4096.ratio", "fft.real4096.ratio", "fft.complex1024.fftw.ratio", "fft.real4096.fftw.ratio", "fir64.ratio",
        "echosounder.baseband.alloc", "echosounder.passband.alloc", "echosounder.passband.rtf",
        "multibeam.alloc", "multibeam.rtf", "scanning.alloc", "scanning.rtf", "sidescan.alloc", "sidescan.rtf",
        "slurry.alloc", "slurry.rtf", "alarms.alloc", "alarms.rtf",
        "codec.echosounder.decode.alloc", "codec.multibeam.decode.alloc", "codec.scanning.decode.alloc",
        "codec.sidescan.decode.alloc", "codec.slurry.decode.alloc",
        "bridge.ping.handled.p99.ratio", "bridge.slurry.handled.p99.ratio", "bridge.ping.e2e.p99.ratio",
    ];

    private readonly Measurement _measure;
    private readonly Sabotage _sabotage;
    private readonly Lazy<EchosounderPipelineBenchmarks> _echo = new(() => Setup(new EchosounderPipelineBenchmarks(), b => b.Setup()));
    private readonly Lazy<MultibeamPipelineBenchmarks> _multibeam = new(() => Setup(new MultibeamPipelineBenchmarks(), b => b.Setup()));
    private readonly Lazy<ScanningSonarPipelineBenchmarks> _scanning = new(() => Setup(new ScanningSonarPipelineBenchmarks(), b => b.Setup()));
    private readonly Lazy<SideScanPipelineBenchmarks> _sidescan = new(() => Setup(new SideScanPipelineBenchmarks(), b => b.Setup()));
    private readonly Lazy<SlurryLinePipelineBenchmarks> _slurry = new(() => Setup(new SlurryLinePipelineBenchmarks(), b => b.Setup()));
    private readonly Lazy<AlarmEngineBenchmarks> _alarms = new(() => Setup(new AlarmEngineBenchmarks(), b => b.Setup()));
    private readonly Lazy<BridgeLatencyGate> _bridge;

    /// <summary>Creates the metric set over a harness, with an optional sabotage of the measured subjects.</summary>
    public GateMetrics(Measurement measure, Sabotage sabotage)
    {
        _measure = measure;
        _sabotage = sabotage;
        // One measurement (5 runs of the bridge) serves all three bridge budgets.
        _bridge = new(() => BridgeLatencyGate.Measure(sabotage == Sabotage.Latency));
    }

    /// <summary>All metric keys.</summary>
    public static IReadOnlyList<string> Names => s_names;

    /// <summary>True when <paramref name="metric"/> is a key of <see cref="Names"/>.</summary>
    public static bool IsKnown(string metric) => Array.IndexOf(s_names, metric) >= 0;

    /// <summary>
    /// Why <paramref name="metric"/> cannot be measured on this machine (the gate prints it and counts the budget
    /// as skipped), or null when it can: the FFTW ratios need Debian's libfftw3f.so.3, which scripts/test.sh installs.
    /// </summary>
    public static string? SkipReason(string metric) =>
        metric.Contains(".fftw.", StringComparison.Ordinal) && !Fftw.IsAvailable ? Fftw.MissingReason : null;

    /// <summary>Measures one metric.</summary>
    public double Measure(string metric) => metric switch
    {
        "fft.complex4096.ratio" => ComplexFftRatio(),
        "fft.real4096.ratio" => RealFftRatio(),
        "fft.complex1024.fftw.ratio" => ComplexFftVsFftw(1024),
        "fft.real4096.fftw.ratio" => RealFftVsFftw(4096),
        "fir64.ratio" => FirRatio(),
        "echosounder.baseband.alloc" => Alloc(() => _echo.Value.BasebandLfm()),
        "echosounder.passband.alloc" => Alloc(() => _echo.Value.PassbandLfm()),
        "echosounder.passband.rtf" => Rtf(() => _echo.Value.PassbandLfm(), EchosounderPeriodS),
        "multibeam.alloc" => Alloc(() => _multibeam.Value.Pipeline()),
        "multibeam.rtf" => Rtf(() => _multibeam.Value.Pipeline(), MultibeamPeriodS),
        "scanning.alloc" => Alloc(() => _scanning.Value.ProcessStep()),
        "scanning.rtf" => Rtf(() => _scanning.Value.ProcessStep(), ScanningPeriodS),
        "sidescan.alloc" => Alloc(() => _sidescan.Value.ProcessLine()),
        "sidescan.rtf" => Rtf(() => _sidescan.Value.ProcessLine(), SideScanPeriodS),
        "slurry.alloc" => Alloc(() => _slurry.Value.ProcessOneSecond()),
        "slurry.rtf" => Rtf(() => _slurry.Value.ProcessOneSecond(), SlurryPeriodS),
        "alarms.alloc" => Alloc(() => _alarms.Value.Evaluate()),
        "alarms.rtf" => Rtf(() => _alarms.Value.Evaluate(), AlarmPeriodS),
        "codec.echosounder.decode.alloc" => EchosounderDecodeAlloc(),
        "codec.multibeam.decode.alloc" => MultibeamDecodeAlloc(),
        "codec.scanning.decode.alloc" => ScanningDecodeAlloc(),
        "codec.sidescan.decode.alloc" => SideScanDecodeAlloc(),
        "codec.slurry.decode.alloc" => SlurryDecodeAlloc(),
        "bridge.ping.handled.p99.ratio" => _bridge.Value.PingHandledRatio,
        "bridge.slurry.handled.p99.ratio" => _bridge.Value.SlurryHandledRatio,
        "bridge.ping.e2e.p99.ratio" => _bridge.Value.PingEndToEndRatio,
        _ => throw new ArgumentException($"unknown metric '{metric}'", nameof(metric)),
    };

    private static T Setup<T>(T bench, Action<T> setup)
    {
        setup(bench);
        return bench;
    }

    private double Alloc(Action subject)
    {
        var wrapped = SabotageWrapper.Wrap(subject, _sabotage);
        return Measurement.AllocatedBytesPerCall(wrapped);
    }

    private double Rtf(Action subject, double periodS)
    {
        var wrapped = SabotageWrapper.Wrap(subject, _sabotage);
        return periodS / _measure.SecondsPerCall(wrapped);
    }

    private double Ratio(Action ours, Action baseline) => _measure.Ratio(SabotageWrapper.Wrap(ours, _sabotage), baseline);

    private double ComplexFftRatio()
    {
        var b = new ComplexFftBenchmarks { N = 4096 };
        b.Setup();
        return Ratio(b.RovDspForward, b.MathNet);
    }

    private double RealFftRatio()
    {
        var b = new RealFftBenchmarks { N = 4096 };
        b.Setup();
        return Ratio(b.RovDspForward, b.MathNet);
    }

    private double ComplexFftVsFftw(int n)
    {
        var b = new ComplexFftBenchmarks { N = n };
        b.Setup();
        try
        {
            return Ratio(b.RovDspForward, b.Fftw);
        }
        finally
        {
            b.Cleanup();
        }
    }

    private double RealFftVsFftw(int n)
    {
        var b = new RealFftBenchmarks { N = n };
        b.Setup();
        try
        {
            return Ratio(b.RovDspForward, b.FftwForward);
        }
        finally
        {
            b.Cleanup();
        }
    }

    private double FirRatio()
    {
        var b = new FirFilterBenchmarks { Taps = 64 };
        b.Setup();
        return Ratio(b.Vectorized, b.ScalarLoop);
    }

    private double EchosounderDecodeAlloc()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 1, TimeSpan.FromSeconds(2)));
        EchosounderPing? ping = null;
        foreach (var sim in new EchosounderSimulator(world).Pings())
        {
            ping = sim.Ping;
            break;
        }
        var p = ping ?? throw new InvalidOperationException("the echosounder simulator produced no ping");
        var payload = new byte[EchosounderPingCodec.GetEncodedLength(p)];
        EchosounderPingCodec.Encode(p, payload);
        var codec = new EchosounderPingCodec();
        return Alloc(() => Check(codec.TryDecode(payload, out _)));
    }

    private double MultibeamDecodeAlloc()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromSeconds(30)));
        var sim = new MultibeamSimulator(world);
        var frame = sim.CreateFrame();
        sim.Simulate(10, frame, new List<MultibeamObstacleTruth>());
        var payload = new byte[MultibeamFrameCodec.GetEncodedLength(frame)];
        MultibeamFrameCodec.Encode(frame, payload);
        var codec = new MultibeamFrameCodec();
        return Alloc(() => Check(codec.TryDecode(payload, out _)));
    }

    private double ScanningDecodeAlloc()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Obstacle, 1, TimeSpan.FromSeconds(30)));
        var step = new ScanningSonarStep();
        new ScanningSonarSimulator(world).Next(step);
        var payload = new byte[ScanningSonarStepCodec.GetEncodedLength(step)];
        ScanningSonarStepCodec.Encode(step, payload);
        var codec = new ScanningSonarStepCodec();
        return Alloc(() => Check(codec.TryDecode(payload, out _)));
    }

    private double SideScanDecodeAlloc()
    {
        var port = new ushort[1024];
        var starboard = new ushort[1024];
        for (var i = 0; i < port.Length; i++)
        {
            port[i] = (ushort)(i * 37 % 9000);
            starboard[i] = (ushort)(i * 53 % 9000);
        }
        var line = new SideScanLine(1024) { SampleIntervalS = 4e-5, SoundSpeedMps = 1500, FrequencyHz = 600e3, AltitudeM = 6 };
        line.SetSamples(port, starboard);
        var payload = new byte[SideScanLineCodec.GetEncodedLength(line)];
        SideScanLineCodec.Encode(line, payload);
        var codec = new SideScanLineCodec();
        return Alloc(() => Check(codec.TryDecode(payload, out _)));
    }

    private double SlurryDecodeAlloc()
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 1, TimeSpan.FromSeconds(5)));
        if (!new SlurrySimulator(world).TryNext(out var sample, out _))
        {
            throw new InvalidOperationException("the slurry simulator produced no sample");
        }
        var payload = new byte[SlurrySampleCodec.EncodedLength];
        SlurrySampleCodec.Encode(sample, payload);
        return Alloc(() => Check(SlurrySampleCodec.TryDecode(payload, out _)));
    }

    // A decode that fails would measure the error path, not the decoder: stop the gate instead.
    private static void Check(WireError error)
    {
        if (error != WireError.None)
        {
            throw new InvalidOperationException($"gate codec subject failed to decode: {error}");
        }
    }
}
