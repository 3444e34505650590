using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Replay.Simulation.Slurry;

/// <summary>
/// Streams the slurry line's sensor readings of a dive, interleaved in time order, each with the truth beside it.
/// Deterministic: every sensor draws only from its own <c>world.Random.Fork("slurry/&lt;kind&gt;")</c>.
/// </summary>
/// <remarks>
/// Imperfections: Gaussian noise on every sensor; particle-strike spikes (1–2 readings) on the EM flow meter;
/// dropouts (a Poisson process per sensor, 0.2–1.5 s gaps; sequence numbers still advance, as for lost
/// messages); the gamma gauge sees the density 2.5 s late through a 0.5 s counting filter (a 3 s lag on ramps);
/// the pump's reported speed is whole rpm; in the <see cref="ScenarioKind.Clog"/> scenario one sensor
/// (<see cref="SlurrySimulatorSettings.StuckSensor"/>) repeats its last reading exactly for a while. Start-up
/// surges, ship heave and the clog come from <see cref="SlurryLineModel"/>.
/// Streaming: nothing is stored per reading, so an hour costs no more memory than a second.
/// </remarks>
public sealed class SlurrySimulator
{
    private readonly SlurrySimulatorSettings _s;
    private readonly DiveWorld _world;
    private readonly double _pipeArea;
    private readonly SensorState[] _sensors;
    private readonly double _durationS;
    private readonly long _startNs;
    private readonly double _stuckStartS, _stuckEndS;
    private double _truthT;
    private double _truthDryRate, _truthWetRate;
    private double _cumDry, _cumWet;

    /// <summary>Prepares the stream for a dive.</summary>
    /// <param name="world">The dive's ground truth.</param>
    /// <param name="settings">Operating point and sensor imperfections (defaults when null).</param>
    public SlurrySimulator(DiveWorld world, SlurrySimulatorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        _s = settings ?? new SlurrySimulatorSettings();
        Validate(_s);
        _world = world;
        _pipeArea = Math.PI * _s.PipeDiameterM * _s.PipeDiameterM / 4.0;
        Model = new SlurryLineModel(world, _s);
        _durationS = world.Scenario.Duration.TotalSeconds;
        _startNs = world.Scenario.StartTimeNs;
        var stuck = world.Scenario.Kind == ScenarioKind.Clog;
        _stuckStartS = stuck ? _s.StuckStartFraction * _durationS : double.PositiveInfinity;
        _stuckEndS = stuck ? _stuckStartS + _s.StuckDurationFraction * _durationS : double.PositiveInfinity;
        _sensors = new SensorState[_s.Sensors.Count];
        for (var i = 0; i < _sensors.Length; i++)
        {
            var spec = _s.Sensors[i];
            var random = world.Random.Fork("slurry/" + spec.Kind);
            // Sensors are not synchronised: each runs at its own phase within its period.
            var state = new SensorState(spec, random) { Phase = random.NextDouble() };
            state.NextS = state.Phase / spec.RateHz;
            state.DropoutStartS = state.NextS + random.NextExponential(_s.MeanDropoutIntervalS);
            state.DropoutEndS = state.DropoutStartS + random.NextDouble(_s.DropoutMinS, _s.DropoutMaxS);
            _sensors[i] = state;
        }
        _truthT = 0.0;
        _truthDryRate = Model.DrySolidsTph(0.0);
        _truthWetRate = Model.MixtureTph(0.0);
    }

    /// <summary>The truth model the readings are drawn from.</summary>
    public SlurryLineModel Model { get; }

    /// <summary>When the stuck sensor sticks, s (infinity outside the Clog scenario).</summary>
    public double StuckStartS => _stuckStartS;

    /// <summary>When it recovers, s.</summary>
    public double StuckEndS => _stuckEndS;

    /// <summary>Readings emitted so far.</summary>
    public long Emitted { get; private set; }

    /// <summary>Spikes injected so far.</summary>
    public long SpikesInjected { get; private set; }

    /// <summary>Readings lost to dropouts so far.</summary>
    public long Dropped { get; private set; }

    /// <summary>The next reading in time order and the truth at its time; false when the dive is over.</summary>
    /// <param name="sample">The reading.</param>
    /// <param name="truth">The truth at the reading's time.</param>
    public bool TryNext(out SlurrySample sample, out SlurryTruth truth)
    {
        while (true)
        {
            var sensor = _sensors[0];
            foreach (var candidate in _sensors)
            {
                if (candidate.NextS < sensor.NextS)
                {
                    sensor = candidate;
                }
            }
            var t = sensor.NextS;
            if (t >= _durationS)
            {
                sample = default;
                truth = default;
                return false;
            }
            sensor.NextS = (++sensor.Index + sensor.Phase) / sensor.Spec.RateHz;
            var sequence = sensor.Sequence++;
            var velocity = Model.Velocity(t);
            var cv = Model.Cv(t);
            var density = _s.WaterDensityKgM3 + cv * (_s.SolidsDensityKgM3 - _s.WaterDensityKgM3);
            var q = velocity * _pipeArea * 3600.0;
            AdvanceTruth(t, _s.SolidsDensityKgM3 * cv * q / 1000.0, density * q / 1000.0);
            var value = Reading(sensor, t, velocity, density, out var spike);

            if (t >= sensor.DropoutStartS)
            {
                if (t < sensor.DropoutEndS)
                {
                    Dropped++;
                    continue;
                }
                sensor.DropoutStartS = sensor.DropoutEndS + sensor.Random.NextExponential(_s.MeanDropoutIntervalS);
                sensor.DropoutEndS = sensor.DropoutStartS + sensor.Random.NextDouble(_s.DropoutMinS, _s.DropoutMaxS);
            }

            var stuck = sensor.Spec.Kind == _s.StuckSensor && t >= _stuckStartS && t < _stuckEndS && sensor.HasLast;
            if (stuck)
            {
                value = sensor.Last;
            }
            sensor.Last = value;
            sensor.HasLast = true;
            if (spike)
            {
                SpikesInjected++;
            }
            Emitted++;
            sample = new SlurrySample(new MessageStamp(_startNs + (long)Math.Round(t * 1e9), sequence), sensor.Spec.Id,
                sensor.Spec.Kind, value);
            truth = new SlurryTruth(t, velocity, density, cv, q, _s.SolidsDensityKgM3 * cv * q / 1000.0,
                density * q / 1000.0, _cumDry, _cumWet, Model.Restriction(t), Model.ClogOnsetS,
                _world.IsMining(t), stuck, spike);
            return true;
        }
    }

    // Running trapezoid of the true flows over every reading's time (steps of a few ms).
    private void AdvanceTruth(double t, double dry, double wet)
    {
        if (t <= _truthT)
        {
            return;
        }
        var dtHours = (t - _truthT) / 3600.0;
        _cumDry += 0.5 * (dry + _truthDryRate) * dtHours;
        _cumWet += 0.5 * (wet + _truthWetRate) * dtHours;
        _truthDryRate = dry;
        _truthWetRate = wet;
        _truthT = t;
    }

    private float Reading(SensorState sensor, double t, double velocity, double density, out bool spike)
    {
        spike = false;
        var r = sensor.Random;
        double value;
        switch (sensor.Spec.Kind)
        {
            case SlurrySensorKind.FlowVelocity:
                value = velocity + r.NextGaussian(0.0, _s.FlowNoiseMps);
                if (sensor.SpikeLeft > 0)
                {
                    sensor.SpikeLeft--;
                    value += sensor.SpikeValue;
                    spike = true;
                }
                else if (r.NextBool(_s.FlowSpikeProbability))
                {
                    sensor.SpikeValue = (r.NextBool(0.5) ? 1.0 : -1.0) * r.NextDouble(_s.FlowSpikeMinMps, _s.FlowSpikeMaxMps);
                    sensor.SpikeLeft = r.NextInt(2);
                    value += sensor.SpikeValue;
                    spike = true;
                }
                break;
            case SlurrySensorKind.DensityGamma:
                var seen = Model.Density(t - _s.GammaDelayS);
                if (!sensor.HasFilter)
                {
                    sensor.Filter = seen;
                    sensor.HasFilter = true;
                }
                else
                {
                    sensor.Filter += (1.0 - Math.Exp(-(t - sensor.FilterT) / _s.GammaTimeConstantS)) * (seen - sensor.Filter);
                }
                sensor.FilterT = t;
                value = sensor.Filter + r.NextGaussian(0.0, _s.GammaNoiseKgM3);
                break;
            case SlurrySensorKind.DensityUltrasonic:
                value = density + r.NextGaussian(0.0, _s.UltrasonicNoiseKgM3);
                break;
            case SlurrySensorKind.PressureBottom:
                value = Model.BottomPressure(t) + r.NextGaussian(0.0, _s.BottomNoiseKPa);
                break;
            case SlurrySensorKind.PressureTop:
                value = Model.TopPressure(t) + r.NextGaussian(0.0, _s.TopNoiseKPa);
                break;
            case SlurrySensorKind.DifferentialPressure:
                value = Model.DifferentialPressure(t) + r.NextGaussian(0.0, _s.DifferentialNoiseKPa);
                break;
            case SlurrySensorKind.PumpSpeed:
                value = Math.Round(Model.PumpSpeed(t));
                break;
            default:
                value = Model.PumpCurrent(t) + r.NextGaussian(0.0, _s.CurrentNoiseA);
                break;
        }
        return (float)value;
    }

    private static void Validate(SlurrySimulatorSettings s)
    {
        static void Require(bool ok, string name)
        {
            if (!ok)
            {
                throw new ArgumentException($"{name} is out of range.", name);
            }
        }
        Require(s.Sensors is { Count: > 0 } && s.Sensors.All(x => x is not null && x.RateHz > 0 && double.IsFinite(x.RateHz)),
            nameof(s.Sensors));
        Require(s.PipeDiameterM > 0, nameof(s.PipeDiameterM));
        Require(s.WaterDensityKgM3 > 0, nameof(s.WaterDensityKgM3));
        Require(s.SolidsDensityKgM3 > s.WaterDensityKgM3, nameof(s.SolidsDensityKgM3));
        Require(s.MiningCv is > 0 and < 1, nameof(s.MiningCv));
        Require(s.DryTonnesPerDay > 0, nameof(s.DryTonnesPerDay));
        Require(s.PumpSpinUpS > 0, nameof(s.PumpSpinUpS));
        Require(s.ConcentrationTimeConstantS > 0, nameof(s.ConcentrationTimeConstantS));
        Require(s.SurgeDecayS > 0 && s.SurgePeriodS > 0, nameof(s.SurgeDecayS));
        Require(s.HeavePeriodMinS > 0 && s.HeavePeriodMaxS >= s.HeavePeriodMinS, nameof(s.HeavePeriodMaxS));
        Require(s.GammaDelayS >= 0 && s.GammaTimeConstantS > 0, nameof(s.GammaTimeConstantS));
        Require(s.FlowSpikeProbability is >= 0 and <= 1, nameof(s.FlowSpikeProbability));
        Require(s.MeanDropoutIntervalS > 0 && s.DropoutMinS >= 0 && s.DropoutMaxS >= s.DropoutMinS, nameof(s.DropoutMaxS));
        Require(s.StuckStartFraction is >= 0 and <= 1 && s.StuckDurationFraction >= 0, nameof(s.StuckStartFraction));
    }

    private sealed class SensorState(SlurrySensorSpec spec, DeterministicRandom random)
    {
        public SlurrySensorSpec Spec { get; } = spec;
        public DeterministicRandom Random { get; } = random;
        public double NextS { get; set; }
        public long Index { get; set; }
        public double Phase { get; set; }
        public uint Sequence { get; set; }
        public double DropoutStartS { get; set; }
        public double DropoutEndS { get; set; }
        public int SpikeLeft { get; set; }
        public double SpikeValue { get; set; }
        public bool HasFilter { get; set; }
        public double Filter { get; set; }
        public double FilterT { get; set; }
        public float Last { get; set; }
        public bool HasLast { get; set; }
    }
}
