using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Multibeam;

namespace RovDsp.Replay.Simulation.Multibeam;

/// <summary>
/// Simulates the forward-looking imaging sonar of a <see cref="DiveWorld"/>: 8-bit amplitude frames in the
/// Oculus layout (range-major, per-row device gains) with the obstacles that lie in the fan as ground truth.
/// </summary>
/// <remarks>
/// <para>Sonar equation per cell, in linear power before the device (Urick, Principles of Underwater Sound,
/// ch. 2): P = SL · G_v(ψ) · σ / R⁴ · 10^(−2αR/10), α from <see cref="Absorption.FrancoisGarrison"/> at the
/// scenario's water (about 217 dB/km at 750 kHz), G_v the two-way vertical beam pattern (Gaussian with the
/// one-way −3 dB width, a side-lobe floor) at the depression angle ψ towards the scatterer.</para>
/// <para>Seabed: flat at the vehicle's altitude h below the sonar (the world's seabed is smooth on the scale of a
/// 20 m fan); a cell at slant range R &gt; h has grazing angle ψ = asin(h/R), Lambert backscatter μ·sin²ψ and
/// insonified area R·Δθ·Δr / cos ψ; nearer than h there is only water. Obstacles: their target strength spread
/// over the beams their disc subtends (the disc's angular extent convolved with the Gaussian horizontal beam)
/// and over a few bins behind the front face (its curvature per beam), at the depression angle of the point of
/// the face (between foot and top) nearest the vertical beam's axis. Behind each obstacle the seabed is in acoustic shadow from its front face out to where the ray
/// over its top meets the seabed, g·h/(h − H), or to the end of the range when it stands taller than the sonar.</para>
/// <para>Device: amplitude gain <see cref="MultibeamSimulatorSettings.DeviceGainDb"/> and its own range gain
/// (30·log10 R + 2αR) reported per row in <see cref="MultibeamFrame.RowGains"/>; receiver noise before those
/// gains, converter noise after. Every cell's intensity is its mean times a unit exponential (fully developed
/// speckle: the sum of the diffuse echoes and the Gaussian noise is circular Gaussian), its amplitude rounded
/// to 8 bits and clipped at 255.</para>
/// <para>Randomness: frame k draws only from <c>world.Random.Fork("multibeam").Fork("frame k")</c>, so any frame
/// can be generated alone and is identical to the same frame in a full run.</para>
/// </remarks>
public sealed class MultibeamSimulator
{
    private readonly DiveWorld _world;
    private readonly DeterministicRandom _random;
    private readonly float[] _bearings;
    private readonly double[] _range;
    private readonly double[] _deviceGain;
    private readonly float[] _rowGains;
    private readonly double[] _absorption;
    private readonly double[] _seabed;
    private readonly double[] _mean;
    private readonly double _sourceLevel;
    private readonly double _receiverNoise;
    private readonly double _beamSpacing;
    private readonly double _sigmaVertical;
    private readonly double _sigmaHorizontal;
    private readonly double _sidelobe;

    /// <summary>Creates the simulator.</summary>
    /// <param name="world">The dive.</param>
    /// <param name="settings">Sonar settings (defaults when null).</param>
    public MultibeamSimulator(DiveWorld world, MultibeamSimulatorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        settings ??= new MultibeamSimulatorSettings();
        if (settings.Beams < 2 || settings.Bins < 2)
        {
            throw new ArgumentException("The sonar needs at least 2 beams and 2 bins.", nameof(settings));
        }
        if (!(settings.RangeM > 0) || !(settings.FanDeg > 0 && settings.FanDeg < 180) || !(settings.FrameRateHz > 0)
            || !(settings.FrequencyHz > 0))
        {
            throw new ArgumentException("Range, fan, frame rate and frequency must be positive (fan below 180°).", nameof(settings));
        }
        _world = world;
        Settings = settings;
        _random = world.Random.Fork("multibeam");
        var beams = settings.Beams;
        var bins = settings.Bins;
        var dr = settings.BinSpacingM;
        var scenario = world.Scenario;
        AbsorptionDbPerKm = Absorption.FrancoisGarrison(settings.FrequencyHz, scenario.WaterTemperatureC,
            scenario.SalinityPsu, scenario.SeabedDepthM);

        _bearings = new float[beams];
        var fan = settings.FanDeg * Math.PI / 180;
        for (var b = 0; b < beams; b++)
        {
            _bearings[b] = (float)(-fan / 2 + fan * b / (beams - 1));
        }
        _beamSpacing = fan / (beams - 1);

        _range = new double[bins];
        _deviceGain = new double[bins];
        _rowGains = new float[bins];
        _absorption = new double[bins];
        for (var r = 0; r < bins; r++)
        {
            var range = Math.Max(r * dr, 0.5 * dr);
            _range[r] = range;
            var rowDb = TimeVaryingGain.GainDb(range, settings.DeviceSpreading, AbsorptionDbPerKm);
            _rowGains[r] = (float)Math.Pow(10, rowDb / 20);
            _deviceGain[r] = Math.Pow(10, (settings.DeviceGainDb + rowDb) / 10);
            _absorption[r] = Math.Pow(10, -2 * AbsorptionDbPerKm / 1000 * range / 10);
        }
        _seabed = new double[bins];
        _mean = new double[beams * bins];

        // Two-way Gaussian patterns: one-way power exp(−x²/(2σ²)) with FWHM w has σ = w/(2√(2 ln 2)); two-way
        // squares it, i.e. exp(−x²/σ²).
        _sigmaVertical = settings.VerticalBeamDeg * Math.PI / 180 / (2 * Math.Sqrt(2 * Math.Log(2)));
        _sigmaHorizontal = settings.HorizontalBeamDeg * Math.PI / 180 / (2 * Math.Sqrt(2 * Math.Log(2))) / Math.Sqrt(2);
        _sidelobe = Math.Pow(10, settings.VerticalSidelobeDb / 10);

        // Source level from the calibration point: seabed at 10 m seen from 3 m altitude, level pitch.
        var r10 = 10.0;
        var psi = Math.Asin(3.0 / r10);
        var sigma10 = SeabedSigma(psi, r10, dr);
        var abs10 = Math.Pow(10, -2 * AbsorptionDbPerKm / 1000 * r10 / 10);
        var gain10 = Math.Pow(10, (settings.DeviceGainDb + TimeVaryingGain.GainDb(r10, settings.DeviceSpreading, AbsorptionDbPerKm)) / 10);
        var tilt = settings.TiltDownDeg * Math.PI / 180;
        _sourceLevel = settings.SeabedCountsAt10M * settings.SeabedCountsAt10M
                       / (VerticalGain(psi, tilt) * sigma10 / Math.Pow(r10, 4) * abs10 * gain10);
        _receiverNoise = settings.ReceiverNoiseCounts * settings.ReceiverNoiseCounts / _deviceGain[bins - 1];
    }

    /// <summary>The sonar's settings.</summary>
    public MultibeamSimulatorSettings Settings { get; }

    /// <summary>Absorption at the sonar's frequency in the scenario's water, dB/km.</summary>
    public double AbsorptionDbPerKm { get; }

    /// <summary>Frames in the whole dive.</summary>
    public int FrameCount => (int)Math.Floor(_world.Scenario.Duration.TotalSeconds * Settings.FrameRateHz);

    /// <summary>Dive time of frame <paramref name="k"/>, seconds.</summary>
    public double TimeOfFrame(int k) => k / Settings.FrameRateHz;

    /// <summary>A frame with arrays sized for this sonar, for <see cref="Simulate"/> to fill.</summary>
    public MultibeamFrame CreateFrame() => new()
    {
        BeamCount = Settings.Beams,
        BinCount = Settings.Bins,
        BearingsRad = (float[])_bearings.Clone(),
        RangeResolutionM = Settings.BinSpacingM,
        StartRangeM = 0,
        SoundSpeedMps = _world.Scenario.SoundSpeedMps,
        FrequencyHz = Settings.FrequencyHz,
        GainDb = Settings.DeviceGainDb,
        RowGains = (float[])_rowGains.Clone(),
        Layout = MultibeamLayout.RangeMajor,
        SampleKind = MultibeamSampleKind.Amplitude,
        ByteSamples = new byte[Settings.Beams * Settings.Bins],
    };

    /// <summary>Fills <paramref name="frame"/> with frame <paramref name="k"/> and <paramref name="truth"/> with every
    /// obstacle's place relative to the sonar (cleared first; <see cref="MultibeamObstacleTruth.InFan"/> tells which
    /// the sonar can see).</summary>
    /// <param name="k">Frame number (0 at the dive's start).</param>
    /// <param name="frame">A frame from <see cref="CreateFrame"/>.</param>
    /// <param name="truth">Receives the ground truth.</param>
    public void Simulate(int k, MultibeamFrame frame, List<MultibeamObstacleTruth> truth)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var s = Settings;
        var beams = s.Beams;
        var bins = s.Bins;
        var dr = s.BinSpacingM;
        if (frame.ByteSamples.Length < beams * bins)
        {
            throw new ArgumentException("frame was not made by CreateFrame", nameof(frame));
        }
        var t = TimeOfFrame(k);
        var pose = _world.Track.PoseAt(t);
        var h = Math.Max(pose.AltitudeM, 0.05);
        var axis = s.TiltDownDeg * Math.PI / 180 - pose.PitchRad;

        // Seabed mean per bin (before the device), the same on every beam of a flat seabed.
        for (var r = 0; r < bins; r++)
        {
            var range = _range[r];
            if (range <= h)
            {
                _seabed[r] = 0;
                continue;
            }
            var psi = Math.Asin(h / range);
            _seabed[r] = _sourceLevel * VerticalGain(psi, axis) * SeabedSigma(psi, range, dr) / Math.Pow(range, 4) * _absorption[r];
        }
        for (var b = 0; b < beams; b++)
        {
            Array.Copy(_seabed, 0, _mean, b * bins, bins);
        }

        truth.Clear();
        var obstacles = _world.Obstacles;
        for (var i = 0; i < obstacles.Count; i++)
        {
            var o = obstacles[i];
            var (ahead, starboard) = VehicleTrack.ToVehicleFrame(pose, o.X, o.Y);
            var d = Math.Sqrt(ahead * ahead + starboard * starboard);
            var bearing = Math.Atan2(starboard, ahead);
            // The part of the object's front face nearest the vertical beam's axis: between its foot (depression
            // atan(h/front)) and its top (atan((h − H)/front)), so a tall riser is seen where the beam meets it.
            var front = Math.Max(d - o.RadiusM, 0.01);
            var psiO = Math.Clamp(axis, Math.Atan2(h - o.HeightM, front), Math.Atan2(h, front));
            var zRel = front * Math.Tan(psiO);
            var rangeNear = Math.Sqrt(front * front + zRel * zRel);
            var gainV = VerticalGain(psiO, axis);
            var inFan = Math.Abs(bearing) <= s.FanDeg * Math.PI / 360 && rangeNear <= s.RangeM;
            truth.Add(new MultibeamObstacleTruth(i, o.Kind, ahead, starboard, rangeNear, bearing, 2 * o.RadiusM,
                10 * Math.Log10(gainV), inFan));
            if (d <= o.RadiusM || rangeNear > s.RangeM + 1 || Math.Abs(bearing) > s.FanDeg * Math.PI / 360 + Math.PI / 6)
            {
                continue;
            }
            AddObstacle(o, d, bearing, zRel, h, gainV);
        }

        // Device gains, noise, speckle, 8 bits (range-major like the Oculus image).
        var rng = _random.Fork("frame " + k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var output = s.OutputNoiseCounts * s.OutputNoiseCounts;
        var bytes = frame.ByteSamples;
        for (var b = 0; b < beams; b++)
        {
            var row = b * bins;
            for (var r = 0; r < bins; r++)
            {
                var mean = (_mean[row + r] + _receiverNoise) * _deviceGain[r] + output;
                var amplitude = Math.Sqrt(mean * rng.NextExponential(1.0));
                bytes[r * beams + b] = (byte)Math.Min(255.0, Math.Round(amplitude));
            }
        }
        frame.Stamp = new MessageStamp(_world.TimestampNs(t), (uint)k);
        frame.BeamCount = beams;
        frame.BinCount = bins;
        _bearings.CopyTo(frame.BearingsRad, 0);
        _rowGains.CopyTo(frame.RowGains, 0);
        frame.RangeResolutionM = dr;
        frame.StartRangeM = 0;
        frame.SoundSpeedMps = _world.Scenario.SoundSpeedMps;
        frame.FrequencyHz = s.FrequencyHz;
        frame.GainDb = s.DeviceGainDb;
        frame.Layout = MultibeamLayout.RangeMajor;
        frame.SampleKind = MultibeamSampleKind.Amplitude;
    }

    /// <summary>Adds one obstacle's echo to the mean image and cuts its shadow out of the seabed.</summary>
    private void AddObstacle(in ObstacleTruth o, double d, double bearing, double zRel, double h, double gainV)
    {
        var s = Settings;
        var bins = s.Bins;
        var dr = s.BinSpacingM;
        var halfAngle = Math.Asin(Math.Min(1.0, o.RadiusM / d));
        var reach = halfAngle + 4 * _sigmaHorizontal;
        var first = Math.Max(0, (int)Math.Floor((bearing - reach - _bearings[0]) / _beamSpacing));
        var last = Math.Min(s.Beams - 1, (int)Math.Ceiling((bearing + reach - _bearings[0]) / _beamSpacing));
        if (first > last)
        {
            return;
        }
        // Share of the target strength per beam: the disc's extent [β−φ, β+φ] under the two-way Gaussian beam.
        var total = 0.0;
        for (var b = first; b <= last; b++)
        {
            total += BeamShare(_bearings[b] - bearing, halfAngle);
        }
        if (!(total > 0))
        {
            return;
        }
        var ts = Math.Pow(10, o.TargetStrengthDb / 10);
        var depth = Math.Max(2 * dr, Math.Min(0.5 * o.RadiusM, 0.4));
        var depthBins = (int)Math.Ceiling(depth / dr);
        for (var b = first; b <= last; b++)
        {
            var off = _bearings[b] - bearing;
            var share = BeamShare(off, halfAngle) / total;
            var lateral = d * Math.Sin(off);
            var along = d * Math.Cos(off);
            var inside = Math.Abs(lateral) < o.RadiusM;
            var groundFront = inside ? along - Math.Sqrt(o.RadiusM * o.RadiusM - lateral * lateral) : along;
            groundFront = Math.Max(groundFront, 0.01);
            var slantFront = Math.Sqrt(groundFront * groundFront + zRel * zRel);
            var r0 = (int)Math.Round(slantFront / dr);
            var perBin = ts * share / depthBins;
            var row = b * bins;
            for (var j = 0; j < depthBins; j++)
            {
                var r = r0 + j;
                if (r < 0 || r >= bins)
                {
                    continue;
                }
                var range = _range[r];
                _mean[row + r] += _sourceLevel * gainV * perBin / Math.Pow(range, 4) * _absorption[r];
            }
            if (!inside)
            {
                continue;
            }
            // Shadow on the seabed from the front face to where the ray over the top lands.
            var groundEnd = h > o.HeightM ? (along + Math.Sqrt(o.RadiusM * o.RadiusM - lateral * lateral)) * h / (h - o.HeightM) : double.PositiveInfinity;
            var rStart = (int)Math.Ceiling(Math.Sqrt(groundFront * groundFront + h * h) / dr);
            var rEnd = double.IsPositiveInfinity(groundEnd) ? bins : (int)Math.Min(bins, Math.Floor(Math.Sqrt(groundEnd * groundEnd + h * h) / dr) + 1);
            for (var r = Math.Max(rStart, r0 + depthBins); r < rEnd; r++)
            {
                _mean[row + r] = Math.Max(0, _mean[row + r] - _seabed[r]);
            }
        }
    }

    /// <summary>Share of a disc spanning ±<paramref name="halfAngle"/> about an offset <paramref name="off"/> from the
    /// beam's axis under the two-way Gaussian pattern: Φ((off+φ)/σ) − Φ((off−φ)/σ).</summary>
    private double BeamShare(double off, double halfAngle)
    {
        var sigma = _sigmaHorizontal;
        return NormalCdf((off + halfAngle) / sigma) - NormalCdf((off - halfAngle) / sigma);
    }

    /// <summary>Two-way vertical pattern at depression ψ with the axis at <paramref name="axis"/>, floored at the
    /// side-lobe level.</summary>
    private double VerticalGain(double psi, double axis)
    {
        var x = (psi - axis) / _sigmaVertical;
        return Math.Max(Math.Exp(-x * x), _sidelobe);
    }

    /// <summary>Seabed scattering cross-section of one cell: Lambert μ·sin²ψ times the area R·Δθ·Δr / cos ψ.</summary>
    private double SeabedSigma(double psi, double range, double dr)
    {
        var mu = Math.Pow(10, Settings.LambertDb / 10);
        var sin = Math.Sin(psi);
        return mu * sin * sin * range * _beamSpacing * dr / Math.Max(Math.Cos(psi), 0.05);
    }

    /// <summary>Standard normal CDF through erfc (Numerical Recipes' Chebyshev erfc, relative error &lt; 1.2e-7).</summary>
    private static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var ans = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
