using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;

namespace RovDsp.Benchmarks.Pipelines;

/// <summary>
/// One echosounder ping through <see cref="EchosounderPipeline"/> on simulated pings (10 m range window, 200 kHz,
/// 1 ms LFM of 20 kHz, the mining plume developed): complex baseband at 100 kHz (1,286 samples) and real pass band at
/// 800 kHz (10,290 samples, demodulated and decimated inside the pipeline), and a 0.1 ms CW ping. Real-time factor =
/// ping period (0.1 s at 10 pings/s) / time per ping. Baseline: the simplest altimeter, a direct time-domain
/// correlation with the replica as a plain scalar loop and the arg-max of its power (no demodulation, gain, tracking).
/// The pipeline must allocate 0 B per ping.
/// </summary>
[MemoryDiagnoser]
public class EchosounderPipelineBenchmarks
{
    private const int PingsInSet = 16;
    private const long PeriodNs = 100_000_000;

    private EchosounderPing[] _baseband = [];
    private EchosounderPing[] _passband = [];
    private EchosounderPing[] _cw = [];
    private EchosounderPipeline _basebandPipeline = null!;
    private EchosounderPipeline _passbandPipeline = null!;
    private EchosounderPipeline _cwPipeline = null!;
    private float[] _replicaRe = [];
    private float[] _replicaIm = [];
    private int _next;
    private long _time;

    /// <summary>Simulates the pings (dive seconds 100–101.6, mining plume about 4 m high) and warms the pipelines.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _baseband = Simulate(new EchosounderSimulatorSettings());
        _passband = Simulate(new EchosounderSimulatorSettings { Format = EchosounderSampleFormat.RealPassband });
        _cw = Simulate(new EchosounderSimulatorSettings { Pulse = EchosounderPulse.Cw(1e-4) });
        _basebandPipeline = Warm(_baseband);
        _passbandPipeline = Warm(_passband);
        _cwPipeline = Warm(_cw);

        // Baseband LFM replica at 100 kHz for the scalar baseline: exp(j2π(−10 kHz·t + ½·(20 kHz/1 ms)·t²)).
        var n = 100;
        _replicaRe = new float[n];
        _replicaIm = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t = i / 100_000.0;
            var phase = 2 * Math.PI * (-10_000 * t + 0.5 * 2e7 * t * t);
            _replicaRe[i] = (float)Math.Cos(phase);
            _replicaIm[i] = (float)Math.Sin(phase);
        }
    }

    /// <summary>Scalar baseline: direct correlation and arg-max of |z|² on a baseband ping.</summary>
    [Benchmark(Baseline = true)]
    public int ScalarCorrelationPeak()
    {
        var ping = _baseband[_next++ % PingsInSet];
        var re = ping.Re.Span;
        var im = ping.Im.Span;
        var n = ping.SampleCount;
        var l = _replicaRe.Length;
        var best = 0;
        var bestPower = -1f;
        for (var k = 0; k + l <= n; k++)
        {
            float sr = 0, si = 0;
            for (var m = 0; m < l; m++)
            {
                // x·conj(r)
                sr += re[k + m] * _replicaRe[m] + im[k + m] * _replicaIm[m];
                si += im[k + m] * _replicaRe[m] - re[k + m] * _replicaIm[m];
            }
            var p = sr * sr + si * si;
            if (p > bestPower)
            {
                bestPower = p;
                best = k;
            }
        }
        return best;
    }

    /// <summary>Pipeline on a complex baseband LFM ping.</summary>
    [Benchmark]
    public double BasebandLfm() => Run(_basebandPipeline, _baseband);

    /// <summary>Pipeline on a real pass-band LFM ping (demodulation included).</summary>
    [Benchmark]
    public double PassbandLfm() => Run(_passbandPipeline, _passband);

    /// <summary>Pipeline on a complex baseband CW ping.</summary>
    [Benchmark]
    public double BasebandCw() => Run(_cwPipeline, _cw);

    private double Run(EchosounderPipeline pipeline, EchosounderPing[] pings)
    {
        _time += PeriodNs;
        var ping = pings[_next++ % PingsInSet] with { Stamp = new MessageStamp(_time, (uint)_next) };
        return pipeline.Process(ping).AltitudeM;
    }

    private static EchosounderPing[] Simulate(EchosounderSimulatorSettings settings)
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, 1, TimeSpan.FromSeconds(102)));
        var simulator = new EchosounderSimulator(world, settings);
        var pings = new EchosounderPing[PingsInSet];
        var i = 0;
        foreach (var sim in simulator.Pings())
        {
            if (sim.TimeS >= 100.0 && i < PingsInSet)
            {
                pings[i++] = sim.Ping;
            }
        }
        return pings;
    }

    private EchosounderPipeline Warm(EchosounderPing[] pings)
    {
        var pipeline = new EchosounderPipeline();
        for (var k = 0; k < 3 * PingsInSet; k++)
        {
            _time += PeriodNs;
            pipeline.Process(pings[k % PingsInSet] with { Stamp = new MessageStamp(_time, (uint)k) });
        }
        return pipeline;
    }
}
