using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Replay.Simulation.Slurry;

/// <summary>
/// The slurry line's true behaviour in a dive: a deterministic function of time built from the
/// <see cref="DiveWorld"/> (mining intervals, clogs) and the ship's heave (periods drawn once from the world's
/// "slurry/heave" fork).
/// </summary>
/// <remarks>
/// The pump starts before the first mining start, spins up with a first-order lag and keeps running (the line is
/// flushed with seawater while the collector turns). Concentration at the meters follows mining with a
/// first-order lag; each mining start adds a damped surge to velocity and pressure. A clog restriction r removes
/// the fraction r of the flow and makes the pump climb its curve: the frictional pressure grows by
/// (1 − (1 − r)²)·gain. Heave (8–12 s) rides on pressures and, weakly, on the velocity.
/// </remarks>
public sealed class SlurryLineModel
{
    private readonly SlurrySimulatorSettings _s;
    private readonly TimeInterval[] _mining;
    private readonly DiveWorld _world;
    private readonly double _v0;
    private readonly double _heaveOmega1, _heaveOmega2, _heavePhase1, _heavePhase2;

    /// <summary>Builds the model for a dive.</summary>
    /// <param name="world">The dive's ground truth.</param>
    /// <param name="settings">Operating point and behaviour.</param>
    public SlurryLineModel(DiveWorld world, SlurrySimulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(settings);
        _world = world;
        _s = settings;
        _mining = [.. world.MiningIntervals];
        _v0 = settings.RunningVelocityMps;
        var heave = world.Random.Fork("slurry/heave");
        _heaveOmega1 = 2.0 * Math.PI / heave.NextDouble(settings.HeavePeriodMinS, settings.HeavePeriodMaxS);
        _heaveOmega2 = 2.0 * Math.PI / heave.NextDouble(settings.HeavePeriodMinS, settings.HeavePeriodMaxS);
        _heavePhase1 = heave.NextDouble(0.0, 2.0 * Math.PI);
        _heavePhase2 = heave.NextDouble(0.0, 2.0 * Math.PI);
        ClogOnsetS = world.Clogs.Count > 0 ? world.Clogs[0].OnsetS : double.NaN;
    }

    /// <summary>The settings.</summary>
    public SlurrySimulatorSettings Settings => _s;

    /// <summary>Onset of the first staged clog, s (NaN when none).</summary>
    public double ClogOnsetS { get; }

    /// <summary>Pump speed as a fraction of running speed at <paramref name="t"/>.</summary>
    public double PumpFraction(double t) => t <= _s.PumpStartS ? 0.0 : 1.0 - Math.Exp(-(t - _s.PumpStartS) / _s.PumpSpinUpS);

    /// <summary>Mining state at the meters: 0 (water) to 1 (full concentration), first-order lagged.</summary>
    public double MiningFraction(double t)
    {
        var tau = _s.ConcentrationTimeConstantS;
        var m = 0.0;
        foreach (var interval in _mining)
        {
            // Long-finished intervals contribute (1 − e^−a) − (1 − e^−b) with a, b ≥ 40τ: zero in double.
            if (t - interval.EndS > 40.0 * tau)
            {
                continue;
            }
            if (t > interval.StartS)
            {
                m += 1.0 - Math.Exp(-(t - interval.StartS) / tau);
            }
            if (t > interval.EndS)
            {
                m -= 1.0 - Math.Exp(-(t - interval.EndS) / tau);
            }
        }
        return m;
    }

    /// <summary>Sum of the damped surges started by mining starts before <paramref name="t"/> (unitless, ±1 peak).</summary>
    public double Surge(double t)
    {
        var sum = 0.0;
        foreach (var interval in _mining)
        {
            var x = t - interval.StartS;
            if (x > 0 && x < 10.0 * _s.SurgeDecayS)
            {
                sum += Math.Exp(-x / _s.SurgeDecayS) * Math.Sin(2.0 * Math.PI * x / _s.SurgePeriodS);
            }
        }
        return sum;
    }

    /// <summary>Ship heave shape at <paramref name="t"/> (two swells of 8–12 s, peak ≤ 1).</summary>
    public double Heave(double t) =>
        0.7 * Math.Sin(_heaveOmega1 * t + _heavePhase1) + 0.3 * Math.Sin(_heaveOmega2 * t + _heavePhase2);

    /// <summary>The world's restriction at <paramref name="t"/>.</summary>
    public double Restriction(double t) => _world.ClogRestrictionAt(t);

    /// <summary>True velocity, m/s.</summary>
    public double Velocity(double t)
    {
        var n = PumpFraction(t);
        return _v0 * n * (1.0 - Restriction(t)) * (1.0 + _s.SurgeVelocityFraction * Surge(t)) + _s.HeaveVelocityMps * n * Heave(t);
    }

    /// <summary>True volumetric concentration at the meters.</summary>
    public double Cv(double t) => _s.MiningCv * MiningFraction(t);

    /// <summary>True mixture density at the meters, kg/m³.</summary>
    public double Density(double t) => _s.WaterDensityKgM3 + Cv(t) * (_s.SolidsDensityKgM3 - _s.WaterDensityKgM3);

    /// <summary>True differential pressure across the cell's span, kPa: the mixture's excess head plus friction.</summary>
    public double DifferentialPressure(double t)
    {
        var n = PumpFraction(t);
        var r = Restriction(t);
        var open = 1.0 - r;
        var friction = _s.FrictionalKPa * n * n * (1.0 + _s.ClogPressureGain * (1.0 - open * open));
        var head = (Density(t) - _s.WaterDensityKgM3) * SlurryLineSettings.Gravity * _s.DifferentialSpanM / 1000.0;
        return head + friction + _s.SurgePressureKPa * Surge(t) + _s.HeaveDifferentialKPa * Heave(t);
    }

    /// <summary>True riser-bottom pressure, kPa.</summary>
    public double BottomPressure(double t)
    {
        var n = PumpFraction(t);
        return _s.WaterDensityKgM3 * SlurryLineSettings.Gravity * _s.RiserFootDepthM / 1000.0 + _s.PumpHeadKPa * n * n
            + _s.SurgePressureKPa * Surge(t) + _s.HeaveBottomKPa * Heave(t);
    }

    /// <summary>True riser-top pressure, kPa.</summary>
    public double TopPressure(double t)
    {
        var n = PumpFraction(t);
        return 101.325 + _s.TopPressureKPa * n * n + _s.HeaveTopKPa * Heave(t);
    }

    /// <summary>Pump speed, rpm.</summary>
    public double PumpSpeed(double t) => _s.PumpSpeedRpm * PumpFraction(t);

    /// <summary>Pump current, A (cube of speed, heavier mixture, less flow through a restriction).</summary>
    public double PumpCurrent(double t)
    {
        var n = PumpFraction(t);
        return _s.PumpCurrentA * n * n * n * (Density(t) / _s.MiningDensityKgM3) * (0.7 + 0.3 * (1.0 - Restriction(t)));
    }

    /// <summary>True dry-solids flow, t/h.</summary>
    public double DrySolidsTph(double t) => _s.SolidsDensityKgM3 * Cv(t) * FlowM3PerHour(t) / 1000.0;

    /// <summary>True mixture flow, t/h.</summary>
    public double MixtureTph(double t) => Density(t) * FlowM3PerHour(t) / 1000.0;

    /// <summary>True volumetric flow, m³/h.</summary>
    public double FlowM3PerHour(double t) => Velocity(t) * Math.PI * _s.PipeDiameterM * _s.PipeDiameterM / 4.0 * 3600.0;

    /// <summary>True dry and wet tonnes lifted between <paramref name="t0"/> and <paramref name="t1"/> (composite
    /// Simpson rule with steps of at most <paramref name="maxStepS"/>; the integrand is smooth, so 10 ms steps
    /// are exact to far below a kilogram).</summary>
    public (double Dry, double Wet) Tonnes(double t0, double t1, double maxStepS = 0.01)
    {
        if (!(t1 > t0))
        {
            return (0.0, 0.0);
        }
        var n = Math.Max(2, (int)Math.Ceiling((t1 - t0) / maxStepS));
        n += n & 1;
        var h = (t1 - t0) / n;
        double dry = 0, wet = 0;
        for (var i = 0; i <= n; i++)
        {
            var w = i == 0 || i == n ? 1.0 : (i & 1) == 1 ? 4.0 : 2.0;
            var t = t0 + i * h;
            var q = FlowM3PerHour(t);
            dry += w * _s.SolidsDensityKgM3 * Cv(t) * q;
            wet += w * Density(t) * q;
        }
        // Sums are kg/h·(weights); × h/3 gives kg·h/s·…: convert rates (kg/h) over seconds to tonnes.
        return (dry * h / 3.0 / 3600.0 / 1000.0, wet * h / 3.0 / 3600.0 / 1000.0);
    }
}
