using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Echosounder;

namespace RovDsp.Replay.Tests.Echosounder;

/// <summary>Runs a simulated dive through the echosounder pipeline and gathers error statistics against truth.</summary>
internal sealed class EchosounderDiveRun
{
    private EchosounderDiveRun()
    {
    }

    public int Pings { get; private set; }

    public int Valid { get; private set; }

    public int Held { get; private set; }

    public int Lost { get; private set; }

    /// <summary>Errors (estimate − truth) of the Valid outputs, metres.</summary>
    public List<double> Errors { get; } = [];

    /// <summary>Relative errors (estimate / truth − 1) of the Valid outputs.</summary>
    public List<double> RelativeErrors { get; } = [];

    /// <summary>Truth altitudes of the Valid outputs.</summary>
    public List<double> Truths { get; } = [];

    /// <summary>Mean relative error of the Valid outputs.</summary>
    public double RelativeBias => RelativeErrors.Count == 0 ? double.NaN : RelativeErrors.Average();

    /// <summary>Bias scaled to an altitude: the relative bias times <paramref name="altitudeM"/>.</summary>
    public double BiasAt(double altitudeM) => RelativeBias * altitudeM;

    /// <summary>Errors of the Valid outputs' raw picks, metres.</summary>
    public List<double> RawErrors { get; } = [];

    public double MeanConfidenceValid { get; private set; }

    /// <summary>Valid outputs further than <see cref="WildM"/> from the truth.</summary>
    public int Wild { get; private set; }

    /// <summary>Highest confidence among the wild Valid outputs.</summary>
    public double MaxConfidenceWild { get; private set; }

    public const double WildM = 0.25;

    public double MeanConfidenceAll { get; private set; }

    public int PlumePings { get; private set; }

    public int LayerPings { get; private set; }

    public int SecondEchoPings { get; private set; }

    public double SoundSpeedUsed { get; private set; }

    public double FractionValid => (double)Valid / Pings;

    public double Rms => Math.Sqrt(Errors.Sum(e => e * e) / Math.Max(1, Errors.Count));

    public double Bias => Errors.Count == 0 ? double.NaN : Errors.Average();

    public double RawRms => Math.Sqrt(RawErrors.Sum(e => e * e) / Math.Max(1, RawErrors.Count));

    public double MaxAbs => Errors.Count == 0 ? 0 : Errors.Max(Math.Abs);

    public double Percentile(double p)
    {
        if (Errors.Count == 0)
        {
            return 0;
        }
        var sorted = Errors.Select(Math.Abs).Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public static EchosounderDiveRun Run(ulong seed, double minutes, EchosounderSimulatorSettings simulatorSettings,
        EchosounderSettings? pipelineSettings = null)
    {
        var world = DiveWorld.Create(DiveScenario.Create(ScenarioKind.Nominal, seed, TimeSpan.FromMinutes(minutes)));
        var simulator = new EchosounderSimulator(world, simulatorSettings);
        var pipeline = new EchosounderPipeline(pipelineSettings);
        var run = new EchosounderDiveRun();
        double confidenceValid = 0, confidenceAll = 0;
        foreach (var sim in simulator.Pings())
        {
            var estimate = pipeline.Process(sim.Ping);
            run.Pings++;
            confidenceAll += estimate.Confidence;
            run.SoundSpeedUsed = estimate.SoundSpeedMps;
            if (sim.PlumeHeightM > 0.5)
            {
                run.PlumePings++;
            }
            if (!double.IsNaN(sim.FalseLayerRangeM))
            {
                run.LayerPings++;
            }
            if (sim.HasSecondEcho)
            {
                run.SecondEchoPings++;
            }
            switch (estimate.State)
            {
                case AltitudeState.Valid:
                    run.Valid++;
                    confidenceValid += estimate.Confidence;
                    run.Errors.Add(estimate.AltitudeM - sim.TrueAltitudeM);
                    run.RawErrors.Add(estimate.RawPickM - sim.TrueAltitudeM);
                    run.RelativeErrors.Add(estimate.AltitudeM / sim.TrueAltitudeM - 1.0);
                    run.Truths.Add(sim.TrueAltitudeM);
                    if (Math.Abs(estimate.AltitudeM - sim.TrueAltitudeM) > WildM)
                    {
                        run.Wild++;
                        run.MaxConfidenceWild = Math.Max(run.MaxConfidenceWild, estimate.Confidence);
                    }
                    break;
                case AltitudeState.Held:
                    run.Held++;
                    break;
                default:
                    run.Lost++;
                    break;
            }
        }
        run.MeanConfidenceValid = run.Valid == 0 ? 0 : confidenceValid / run.Valid;
        run.MeanConfidenceAll = confidenceAll / run.Pings;
        return run;
    }

    public override string ToString() =>
        $"pings {Pings} valid {FractionValid:P1} held {Held} lost {Lost} | RMS {Rms * 100:F2} cm bias {Bias * 100:F2} cm " +
        $"p99 {Percentile(0.99) * 100:F2} cm max {MaxAbs * 100:F1} cm raw RMS {RawRms * 100:F2} cm | wild {Wild} (max conf {MaxConfidenceWild:F2}) | conf valid " +
        $"{MeanConfidenceValid:F2} all {MeanConfidenceAll:F2} | plume {PlumePings} layer {LayerPings} 2nd {SecondEchoPings} c {SoundSpeedUsed:F1}";
}
