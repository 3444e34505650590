using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Replay.Tests.Slurry;

/// <summary>Streams one simulated dive through the slurry pipeline and keeps what the accuracy tests judge.</summary>
internal sealed class SlurryDiveRun
{
    public SlurryDiveRun(ScenarioKind kind, ulong seed, TimeSpan duration, SlurryLineSettings? settings = null)
    {
        World = DiveWorld.Create(DiveScenario.Create(kind, seed, duration));
        Simulator = new SlurrySimulator(World);
        Pipeline = new SlurryLinePipeline(settings);
        var startNs = World.Scenario.StartTimeNs;
        var wasWarning = false;
        var spikeWindowEndS = double.NegativeInfinity;
        while (Simulator.TryNext(out var sample, out var truth))
        {
            ref readonly var state = ref Pipeline.Process(sample);
            var t = (sample.Stamp.TimestampNs - startNs) / 1e9;
            if (state.ClogWarning && !wasWarning)
            {
                Raises.Add(t);
            }
            if (!state.ClogWarning && wasWarning)
            {
                Clears.Add(t);
            }
            wasWarning = state.ClogWarning;
            if (double.IsNaN(StuckDetectedS) && truth.SensorStuck
                && (state.Health[SlurrySensorKind.DensityUltrasonic] & SlurrySensorFault.Stuck) != 0)
            {
                StuckDetectedS = t;
            }
            if (truth.IsSpike)
            {
                // Judge the conditioned velocity once the Hampel decision about the spike has been made.
                spikeWindowEndS = t + 0.2;
            }
            if (sample.Kind == SlurrySensorKind.FlowVelocity && t <= spikeWindowEndS && t > 10.0)
            {
                // The conditioned value describes the reading HalfWindow samples earlier: compare with the truth then.
                var truthThen = Simulator.Model.Velocity(t - Pipeline.Settings.HampelHalfWindow / 100.0);
                MaxSpikeResidual = Math.Max(MaxSpikeResidual, Math.Abs(state.VelocityMps - truthThen));
            }
            if (sample.Kind == SlurrySensorKind.FlowVelocity)
            {
                MaxVelocityAbs = Math.Max(MaxVelocityAbs, Math.Abs(sample.Value));
            }
        }
        Final = Pipeline.State;
        AsOfS = (Final.TonnesAsOfNs - startNs) / 1e9;
        (TrueDry, TrueWet) = Simulator.Model.Tonnes(0.0, AsOfS);
    }

    public DiveWorld World { get; }

    public SlurrySimulator Simulator { get; }

    public SlurryLinePipeline Pipeline { get; }

    public SlurryLineState Final { get; }

    public double AsOfS { get; }

    public double TrueDry { get; }

    public double TrueWet { get; }

    public List<double> Raises { get; } = [];

    public List<double> Clears { get; } = [];

    public double StuckDetectedS { get; private set; } = double.NaN;

    public double MaxSpikeResidual { get; private set; }

    public double MaxVelocityAbs { get; private set; }

    public double DryErrorPercent => 100.0 * (Final.DryTonnesToday - TrueDry) / TrueDry;

    public double WetErrorPercent => 100.0 * (Final.WetTonnesToday - TrueWet) / TrueWet;

    public override string ToString() =>
        $"dry {Final.DryTonnesToday:F4}/{TrueDry:F4} t ({DryErrorPercent:+0.000;-0.000}%), wet {Final.WetTonnesToday:F3}/{TrueWet:F3} t "
        + $"({WetErrorPercent:+0.000;-0.000}%), raises [{string.Join(", ", Raises.Select(r => r.ToString("F1")))}], "
        + $"clears [{string.Join(", ", Clears.Select(r => r.ToString("F1")))}], stuck at {StuckDetectedS:F2}, "
        + $"spike residual {MaxSpikeResidual:F4}, spikes {Simulator.SpikesInjected}, replaced "
        + $"{Pipeline.GetCounters(SlurrySensorKind.FlowVelocity).SpikesReplaced}";
}
