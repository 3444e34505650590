using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.ScanningSonar;

namespace RovDsp.Replay.Simulation.ScanningSonar;

/// <summary>
/// Simulates a Ping360-class scanning sonar on the vehicle of a <see cref="DiveWorld"/>: the head turns
/// <see cref="ScanningSonarSimulatorSettings.StepGrads"/> per step at a fixed rate, looking horizontally from the
/// vehicle's altitude, and each step returns 8-bit echo amplitudes from noise, seabed reverberation and the
/// world's obstacles, with Rayleigh speckle drawn only from <c>world.Random.Fork("ping360")</c>.
/// </summary>
/// <remarks>
/// Intensity per sample at range r (sample centre c·T·(i + 0.5)/2):
/// noise + seabed·V(atan(a/r)) + Σ obstacles, with the sonar-equation range laws of the brief: the seabed falls as
/// 30·log10 R + 2αR, an obstacle as 40·log10 R + 2αR scaled by its target strength; α from Francois–Garrison at
/// the scenario's water. V(θ) = exp(−ln2·(θ/θ½)²) is the two-way vertical beam (θ½ the −3 dB half width), so the
/// seabed appears beyond r ≈ a/tan θ½; an obstacle is weighted by V at its top's depression and by the horizontal
/// beam H(Δ) = exp(−4·ln2·(Δ/θ₃)²) with Δ the step's angle off the object's angular extent; its echo spans its near
/// face plus c·τ/2 plus up to 0.3 m of its depth, and the seabed behind it, within its extent, is shadowed.
/// The amplitude √I is multiplied by Rayleigh speckle of mean 1 and rounded into 0..255.
/// </remarks>
public sealed class ScanningSonarSimulator
{
    private readonly DiveWorld _world;
    private readonly ScanningSonarSimulatorSettings _settings;
    private readonly DeterministicRandom _random;
    private readonly double _c;
    private readonly ushort _ticks;
    private readonly double _alphaDbPerM;
    private readonly double[] _intensity;
    private readonly double[] _seabedRangeLaw;
    private readonly double[] _depressionScale;
    private long _index;

    /// <summary>Creates the simulator.</summary>
    /// <param name="world">The dive.</param>
    /// <param name="settings">Sonar settings (defaults when null).</param>
    public ScanningSonarSimulator(DiveWorld world, ScanningSonarSimulatorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        _world = world;
        _settings = settings ?? new ScanningSonarSimulatorSettings();
        if (_settings.Samples is < 2 or > 1200)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), _settings.Samples, "Samples must be in 2..1200");
        }
        _random = world.Random.Fork("ping360");
        _c = world.Scenario.SoundSpeedMps;
        // The host picks the sample period so that the samples span the range at its sound speed (Ping360
        // protocol: 25 ns ticks).
        _ticks = (ushort)Math.Clamp(Math.Round(2.0 * _settings.RangeM / (_c * _settings.Samples * ScanningSonarStep.TickS)), 80, 40000);
        _alphaDbPerM = Absorption.FrancoisGarrison(_settings.FrequencyKHz * 1000.0, world.Scenario.WaterTemperatureC,
            world.Scenario.SalinityPsu, world.Scenario.SeabedDepthM) / 1000.0;
        _intensity = new double[_settings.Samples];
        // The seabed's range law per sample, computed once: 10^((S10 − 30·log10(r/10) − 2α(r − 10))/10).
        _seabedRangeLaw = new double[_settings.Samples];
        _depressionScale = new double[_settings.Samples];
        var half = _c * _ticks * ScanningSonarStep.TickS / 2.0;
        for (var i = 0; i < _settings.Samples; i++)
        {
            var r = Math.Max(0.5, half * (i + 0.5));
            _seabedRangeLaw[i] = Math.Pow(10.0, (_settings.SeabedDbAt10M - 30.0 * Math.Log10(r / 10.0) - 2.0 * _alphaDbPerM * (r - 10.0)) / 10.0);
            _depressionScale[i] = 1.0 / r;
        }
    }

    /// <summary>The settings.</summary>
    public ScanningSonarSimulatorSettings Settings => _settings;

    /// <summary>Sample period in ticks the simulated host chose.</summary>
    public ushort SamplePeriodTicks => _ticks;

    /// <summary>Sound speed of the dive's water, m/s.</summary>
    public double SoundSpeedMps => _c;

    /// <summary>Where an obstacle lies from the sonar: range to its centre (m) and bearing (rad, 0 ahead, clockwise).</summary>
    /// <param name="pose">The vehicle's pose.</param>
    /// <param name="obstacle">The obstacle.</param>
    public static (double RangeM, double BearingRad) ToSonarFrame(in VehiclePose pose, in ObstacleTruth obstacle)
    {
        var (ahead, starboard) = VehicleTrack.ToVehicleFrame(pose, obstacle.X, obstacle.Y);
        return (Math.Sqrt(ahead * ahead + starboard * starboard), Math.Atan2(starboard, ahead));
    }

    /// <summary>Fills <paramref name="step"/> with the next step and returns its truth.</summary>
    /// <param name="step">A step with capacity for <see cref="ScanningSonarSimulatorSettings.Samples"/>.</param>
    public ScanningSonarStepTruth Next(ScanningSonarStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var s = _settings;
        var n = s.Samples;
        var t = _index / s.StepRateHz;
        var angle = (int)((_index * s.StepGrads) % ScanningSonarPipeline.AnglesPerTurn);
        var pose = _world.Track.PoseAt(t);
        var theta = angle * (2.0 * Math.PI / ScanningSonarPipeline.AnglesPerTurn);
        var half = _c * _ticks * ScanningSonarStep.TickS / 2.0;
        var a = pose.AltitudeM;
        var vHalf = s.VerticalHalfBeamDeg * Math.PI / 180.0;
        var h3 = s.HorizontalBeamDeg * Math.PI / 180.0;

        var noise = Math.Pow(10.0, s.NoiseDb / 10.0);
        for (var i = 0; i < n; i++)
        {
            var dep = Math.Atan(a * _depressionScale[i]) / vHalf;
            _intensity[i] = noise + _seabedRangeLaw[i] * Math.Exp(-Math.Log(2.0) * dep * dep);
        }

        foreach (var o in _world.Obstacles)
        {
            var (rc, bearing) = ToSonarFrame(pose, o);
            if (rc <= o.RadiusM || rc - o.RadiusM > s.RangeM)
            {
                continue;
            }
            var extent = Math.Asin(Math.Min(1.0, o.RadiusM / rc));
            var off = Math.Abs(Math.IEEERemainder(theta - bearing, 2.0 * Math.PI));
            var delta = Math.Max(0.0, off - extent);
            var horizontal = Math.Exp(-4.0 * Math.Log(2.0) * (delta / h3) * (delta / h3));
            if (horizontal < 1e-4)
            {
                continue;
            }
            var near = rc - o.RadiusM;
            var topDep = Math.Max(0.0, Math.Atan2(a - o.HeightM, near));
            var vertical = Math.Exp(-Math.Log(2.0) * (topDep / vHalf) * (topDep / vHalf));
            var echoDb = s.TargetDbAt10MForTsMinus20 + (o.TargetStrengthDb + 20.0) - 40.0 * Math.Log10(Math.Max(near, 0.5) / 10.0)
                         - 2.0 * _alphaDbPerM * (near - 10.0);
            var echo = Math.Pow(10.0, echoDb / 10.0) * horizontal * vertical;
            var far = near + _c * s.TransmitDurationUs * 1e-6 / 2.0 + Math.Min(o.RadiusM, 0.3);
            var shadowed = delta == 0.0;
            for (var i = 0; i < n; i++)
            {
                var r = half * (i + 0.5);
                if (r >= near && r <= far)
                {
                    _intensity[i] += echo;
                }
                else if (shadowed && r > far)
                {
                    // Behind the object within its extent only noise and a little seabed remain.
                    _intensity[i] = noise + (_intensity[i] - noise) * s.ShadowFraction;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            var speckle = Math.Sqrt(2.0 / Math.PI) * Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble()));
            step.Intensities[i] = (byte)Math.Clamp(Math.Round(Math.Sqrt(_intensity[i]) * speckle), 0.0, 255.0);
        }
        step.SampleCount = n;
        step.AngleGrads = (ushort)angle;
        step.SamplePeriodTicks = _ticks;
        step.TransmitFrequencyKHz = (ushort)s.FrequencyKHz;
        step.TransmitDurationUs = (ushort)s.TransmitDurationUs;
        step.GainSetting = 1;
        step.Stamp = new MessageStamp(_world.TimestampNs(t), (uint)_index);
        _index++;
        return new ScanningSonarStepTruth(t, pose, angle, _c);
    }
}
