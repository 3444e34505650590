using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Pipelines;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.PulseCompression;

namespace RovDsp.Replay.Simulation.Echosounder;

/// <summary>
/// Simulates a downward-looking echosounder / altimeter on the vehicle of a <see cref="DiveWorld"/>: pings at a
/// fixed rate whose samples are what the transducer would deliver, with the true altitude beside each.
/// </summary>
/// <remarks>
/// <para>Model (diffuse scattering, Urick "Principles of Underwater Sound" ch. 8–9): the received baseband signal
/// is s(t) = Σⱼ rⱼ·p(t − τⱼ), a sum over delay cells τⱼ one sample wide of the transmitted baseband pulse p
/// (|p| = 1 over T), each cell's reflectivity rⱼ a zero-mean complex Gaussian (many random scatterers: Rayleigh
/// amplitude, uniform phase, so every ping fades independently) whose variance is the expected intensity
/// ∫ I(τ) dτ over the cell. I(τ) sums:</para>
/// <list type="bullet">
/// <item>the seabed: at slant range R = cτ/2 ≥ h the ring of area dA = 2πR·dR = πcR·dτ seen at incidence
/// cos θ = h/R, Lambert backscatter μ·cos²θ, a Gaussian two-way beam pattern b(ψ) = exp(−ln2·(2ψ/θ₃)²) with
/// ψ² = θ² + pitch² (the beam axis tilted by the vehicle's pitch, averaged over azimuth), and two-way loss
/// R⁻⁴·10^(−2αR/10) (spherical spreading and Francois–Garrison absorption α at the carrier; at nadir this is the
/// 30·log10 R + 2αR of docs/domain.md#transmission-loss). The step at τ₀ = 2h/c is smoothed by the micro-roughness (a
/// normal CDF of width 2σ/c, averaged exactly over each cell);</item>
/// <item>the second bottom echo (seabed → vehicle → seabed) on some pings: the seabed term for twice the
/// altitude times a reflection loss;</item>
/// <item>the mud plume while (and after) the collector mines: volume backscatter Sv(z) = Sv₀·f(t)·e^(−z/H) at
/// height z above the seabed up to the plume's height (fading out over its top 30 %; f grows as 1 − e^(−t/τ) while
/// mining and settles as e^(−t/τ) after), intensity Sv·Ψ·(c/2)·R⁻²·10^(−2αR/10) with Ψ = π·θ₃²/(4 ln 2)
/// the equivalent two-way beam solid angle, and the plume's extra attenuation applied to everything behind it;</item>
/// <item>false-layer episodes: a dense cloud at a fixed height between vehicle and seabed for a few seconds.</item>
/// </list>
/// <para>Noise is white with a density N₀ set so that the seabed echo at the reference altitude has
/// <see cref="EchosounderSimulatorSettings.SnrDb"/> over the noise in the pulse's band. Pass-band pings are
/// √2·Re{s(t)·e^(j2πf_c·t)} plus real noise of the same in-band density. All randomness comes from
/// <c>world.Random.Fork("echosounder")</c>: a seed gives identical samples.</para>
/// <para>The convolution Σⱼ rⱼ·p(t − τⱼ) is summed directly, in double precision, in a fixed order (cell by cell,
/// then pulse sample by sample), not by FFT: an FFT's vector kernels round differently on AVX-512, AVX2 and
/// 128-bit CPUs, and a recording must be the same bytes on every machine that regenerates it.</para>
/// </remarks>
public sealed class EchosounderSimulator
{
    private const double MinRangeM = 0.05;

    private readonly DiveWorld _world;
    private readonly EchosounderSimulatorSettings _settings;
    private readonly DeterministicRandom _random;
    private readonly FalseLayer[] _layers;
    private readonly double _soundSpeed;
    private readonly double _alphaDbPerM;
    private readonly double _sampleRate;
    private readonly double _startDelay;
    private readonly int _sampleCount;
    private readonly int _pulseLength;
    private readonly double[] _pulseRe;
    private readonly double[] _pulseIm;
    private readonly double[] _intensity;
    private readonly double[] _reflectRe;
    private readonly double[] _reflectIm;
    private readonly double[] _outRe;
    private readonly double[] _outIm;
    private readonly double _noiseVariance;
    private readonly double _beamFactor;
    private readonly double _lambert;
    private int _index;

    /// <summary>Creates the simulator for <paramref name="world"/>.</summary>
    /// <param name="world">The dive.</param>
    /// <param name="settings">Sensor and scene settings (defaults when null).</param>
    public EchosounderSimulator(DiveWorld world, EchosounderSimulatorSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        _world = world;
        _settings = settings ?? new EchosounderSimulatorSettings();
        _settings.Validate();
        _random = world.Random.Fork("echosounder");
        _soundSpeed = world.Scenario.SoundSpeedMps;
        _alphaDbPerM = Absorption.FrancoisGarrison(_settings.CarrierFrequencyHz, world.Scenario.WaterTemperatureC,
            world.Scenario.SalinityPsu, world.Scenario.SeabedDepthM) / 1000.0;
        _sampleRate = _settings.Format == EchosounderSampleFormat.RealPassband
            ? _settings.PassbandSampleRateHz
            : _settings.BasebandSampleRateHz;
        _startDelay = 2.0 * _settings.RangeStartM / _soundSpeed;
        _sampleCount = (int)Math.Ceiling(2.0 * (_settings.RangeStopM - _settings.RangeStartM) / _soundSpeed * _sampleRate);
        _pulseLength = Math.Max(1, (int)Math.Round(_settings.Pulse.DurationS * _sampleRate));
        var theta3 = _settings.BeamwidthDeg * Math.PI / 180.0;
        _beamFactor = Math.Log(2.0) * 4.0 / (theta3 * theta3);
        _lambert = Math.Pow(10.0, _settings.SeabedLambertDb / 10.0);

        (_pulseRe, _pulseIm) = BasebandPulse();
        var cells = _sampleCount + _pulseLength;
        _intensity = new double[cells];
        _reflectRe = new double[cells];
        _reflectIm = new double[cells];
        _outRe = new double[cells + _pulseLength];
        _outIm = new double[cells + _pulseLength];

        // Noise density from the reference echo: plateau power of the seabed at the reference altitude.
        Array.Clear(_intensity);
        AddSeabed(_settings.ReferenceAltitudeM, 0.0, 1.0);
        var reference = 0.0;
        var window = 0.0;
        for (var j = 0; j < cells; j++)
        {
            window += _intensity[j];
            if (j >= _pulseLength)
            {
                window -= _intensity[j - _pulseLength];
            }
            reference = Math.Max(reference, window);
        }
        var n0 = reference / (Math.Pow(10.0, _settings.SnrDb / 10.0) * _settings.Pulse.EffectiveBandwidthHz);
        _noiseVariance = n0 * _sampleRate / 2.0; // per real component (baseband) or of the real pass-band samples
        ReferenceEchoPower = reference;
        _layers = PlanLayers(_random.Fork("layers"));
    }

    /// <summary>The settings.</summary>
    public EchosounderSimulatorSettings Settings => _settings;

    /// <summary>Sound speed the echoes travel at (the scenario's UNESCO value at the seabed), m/s.</summary>
    public double SoundSpeedMps => _soundSpeed;

    /// <summary>Samples per ping.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>Sample rate of the pings, Hz.</summary>
    public double SampleRateHz => _sampleRate;

    /// <summary>Pings in the whole dive.</summary>
    public int PingCount => (int)Math.Floor(_world.Scenario.Duration.TotalSeconds * _settings.PingRateHz);

    /// <summary>Expected echo power of the seabed at the reference altitude before compression (the SNR's
    /// numerator), in sample units squared.</summary>
    public double ReferenceEchoPower { get; }

    /// <summary>Whether <see cref="Next"/> has pings left.</summary>
    public bool HasNext => _index < PingCount;

    /// <summary>All pings of the dive, in order (each call of the enumerator continues from <see cref="Next"/>).</summary>
    public IEnumerable<SimulatedEchosounderPing> Pings()
    {
        while (HasNext)
        {
            yield return Next();
        }
    }

    /// <summary>Simulates the next ping.</summary>
    /// <exception cref="InvalidOperationException">The dive is over.</exception>
    public SimulatedEchosounderPing Next()
    {
        if (!HasNext)
        {
            throw new InvalidOperationException("The dive has no more pings.");
        }
        var index = _index++;
        var t = index / _settings.PingRateHz;
        var pose = _world.Track.PoseAt(t);
        var h = pose.AltitudeM;
        var plumeLevel = PlumeLevel(t);
        var plumeHeight = _settings.PlumeMaxHeightM * plumeLevel;
        // Two-way extra loss through the plume to the seabed: ∫ α_p·e^(−z/H) dz over the plume below the vehicle.
        var plumeLossDb = _settings.PlumeAttenuationDbPerM * plumeLevel * _settings.PlumeScaleHeightM
                          * (1.0 - Math.Exp(-Math.Min(plumeHeight, h) / _settings.PlumeScaleHeightM));
        var plumeGain = Math.Pow(10.0, -plumeLossDb / 10.0);

        Array.Clear(_intensity);
        AddSeabed(h, pose.PitchRad, plumeGain);
        var seabedCellMax = 0.0;
        foreach (var e in _intensity)
        {
            seabedCellMax = Math.Max(seabedCellMax, e);
        }
        var secondEcho = _random.NextBool(_settings.SecondEchoProbability);
        if (secondEcho)
        {
            AddSeabed(2.0 * h, pose.PitchRad, plumeGain * plumeGain * Math.Pow(10.0, _settings.SecondEchoLossDb / 10.0));
        }
        if (plumeHeight > 0)
        {
            AddPlume(h, plumeLevel, plumeHeight);
        }
        var layerRange = double.NaN;
        foreach (var layer in _layers)
        {
            if (t >= layer.StartS && t < layer.EndS)
            {
                var top = h - layer.HeightM - layer.ThicknessM;
                var bottom = h - layer.HeightM;
                if (top > MinRangeM)
                {
                    AddSlab(top, bottom, seabedCellMax * Math.Pow(10.0, layer.LevelDb / 10.0));
                    layerRange = top;
                }
            }
        }

        // Reflectivity: complex Gaussian per cell with the cell's expected intensity.
        for (var j = 0; j < _intensity.Length; j++)
        {
            var e = _intensity[j];
            if (e > 0)
            {
                var sd = Math.Sqrt(e / 2.0);
                _reflectRe[j] = sd * _random.NextGaussian();
                _reflectIm[j] = sd * _random.NextGaussian();
            }
            else
            {
                _reflectRe[j] = 0.0;
                _reflectIm[j] = 0.0;
            }
        }
        Convolve();

        var n = _sampleCount;
        var re = new float[n];
        float[]? im = null;
        var noiseSd = Math.Sqrt(_noiseVariance);
        if (_settings.Format == EchosounderSampleFormat.ComplexBaseband)
        {
            im = new float[n];
            for (var i = 0; i < n; i++)
            {
                // Full-mode output index i + L is the convolution at sample i (cells start T before sample 0).
                re[i] = (float)(_outRe[i + _pulseLength] + noiseSd * _random.NextGaussian());
                im[i] = (float)(_outIm[i + _pulseLength] + noiseSd * _random.NextGaussian());
            }
        }
        else
        {
            var w = 2.0 * Math.PI * _settings.CarrierFrequencyHz;
            for (var i = 0; i < n; i++)
            {
                var ti = _startDelay + i / _sampleRate;
                var (sin, cos) = Math.SinCos(w * ti);
                var x = Math.Sqrt(2.0) * (_outRe[i + _pulseLength] * cos - _outIm[i + _pulseLength] * sin);
                re[i] = (float)(x + noiseSd * _random.NextGaussian());
            }
        }

        var ping = new EchosounderPing
        {
            Stamp = new MessageStamp(_world.TimestampNs(t), (uint)index),
            SampleRateHz = _sampleRate,
            CarrierFrequencyHz = _settings.CarrierFrequencyHz,
            Format = _settings.Format,
            Pulse = _settings.Pulse,
            SoundSpeedMps = _settings.ReportedSoundSpeedMps,
            SampleCount = n,
            StartDelayS = _startDelay,
            Re = re,
            Im = im ?? ReadOnlyMemory<float>.Empty,
        };
        return new SimulatedEchosounderPing(ping, t, h, plumeHeight, secondEcho, layerRange);
    }

    /// <summary>Time of the start of cell j (cells begin one pulse length before sample 0).</summary>
    private double CellTime(int j) => _startDelay + (j - _pulseLength) / _sampleRate;

    private void AddSeabed(double altitude, double pitch, double gain)
    {
        var c = _soundSpeed;
        var dt = 1.0 / _sampleRate;
        var tau0 = 2.0 * altitude / c;
        var sigma = 2.0 * _settings.MicroRoughnessM / c;
        var firstCell = (int)Math.Floor((tau0 - 5.0 * sigma - _startDelay) * _sampleRate) + _pulseLength - 1;
        for (var j = Math.Max(firstCell, 0); j < _intensity.Length; j++)
        {
            var a = CellTime(j);
            var b = a + dt;
            var step = CellAverageStep(a - tau0, b - tau0, sigma);
            if (step <= 0)
            {
                continue;
            }
            var tau = Math.Max(a + 0.5 * dt, tau0);
            var r = c * tau / 2.0;
            var cosTheta = Math.Min(1.0, altitude / r);
            var theta = Math.Acos(cosTheta);
            var beam = Math.Exp(-_beamFactor * (theta * theta + pitch * pitch));
            if (beam < 1e-12 && tau > tau0 + 10 * sigma)
            {
                break;
            }
            var density = Math.PI * c * r * _lambert * cosTheta * cosTheta * beam / (r * r * r * r)
                          * Math.Pow(10.0, -2.0 * _alphaDbPerM * r / 10.0);
            _intensity[j] += gain * density * step * dt;
        }
    }

    private void AddPlume(double altitude, double level, double height)
    {
        var c = _soundSpeed;
        var dt = 1.0 / _sampleRate;
        var sv0 = Math.Pow(10.0, _settings.PlumeSvDb / 10.0) * level;
        // Ψ = ∫b dΩ ≈ ∫2πψ·exp(−kψ²)dψ = π/k with k = 4 ln2/θ₃² (small-angle).
        var psi = Math.PI / _beamFactor;
        for (var j = 0; j < _intensity.Length; j++)
        {
            var r = c * (CellTime(j) + 0.5 * dt) / 2.0;
            if (r < MinRangeM)
            {
                continue;
            }
            var z = altitude - r;
            if (z < 0)
            {
                break;
            }
            if (z > height)
            {
                continue;
            }
            // Turbulent plume tops are diffuse: the density fades out over the top 30 % of the height.
            var top = Math.Min(1.0, (height - z) / (0.3 * height));
            var sv = sv0 * Math.Exp(-z / _settings.PlumeScaleHeightM) * top;
            _intensity[j] += sv * psi * (c / 2.0) / (r * r) * Math.Pow(10.0, -2.0 * _alphaDbPerM * r / 10.0) * dt;
        }
    }

    private void AddSlab(double near, double far, double cellIntensity)
    {
        var dt = 1.0 / _sampleRate;
        for (var j = 0; j < _intensity.Length; j++)
        {
            var r = _soundSpeed * (CellTime(j) + 0.5 * dt) / 2.0;
            if (r >= near && r < far)
            {
                _intensity[j] += cellIntensity;
            }
        }
    }

    /// <summary>Plume development 0–1 at <paramref name="tS"/>: 1 − e^(−t/τ_g) since mining started (continuing from
    /// the level left by earlier mining), settling as e^(−t/τ_s) after it stops.</summary>
    private double PlumeLevel(double tS)
    {
        var level = 0.0;
        var clock = 0.0;
        foreach (var interval in _world.MiningIntervals)
        {
            if (interval.StartS > tS)
            {
                break;
            }
            level *= Math.Exp(-(interval.StartS - clock) / _settings.PlumeSettlingS);
            var end = Math.Min(interval.EndS, tS);
            level = 1.0 - (1.0 - level) * Math.Exp(-(end - interval.StartS) / _settings.PlumeGrowthS);
            clock = end;
        }
        level *= Math.Exp(-(tS - clock) / _settings.PlumeSettlingS);
        return level;
    }

    private FalseLayer[] PlanLayers(DeterministicRandom random)
    {
        var list = new List<FalseLayer>();
        if (_settings.FalseLayerRatePerMinute <= 0)
        {
            return [];
        }
        var duration = _world.Scenario.Duration.TotalSeconds;
        var t = random.NextExponential(60.0 / _settings.FalseLayerRatePerMinute);
        while (t < duration)
        {
            var length = random.NextDouble(_settings.FalseLayerMinS, _settings.FalseLayerMaxS);
            var h = _world.Track.AltitudeAt(t);
            list.Add(new FalseLayer(t, t + length, random.NextDouble(0.3, 0.6) * h, random.NextDouble(0.1, 0.3),
                random.NextDouble(-6.0, _settings.FalseLayerMaxDb)));
            t += length + random.NextExponential(60.0 / _settings.FalseLayerRatePerMinute);
        }
        return list.ToArray();
    }

    /// <summary>
    /// out[j + m] = Σ r[j]·p[m] over the cells j with an echo (most are empty above the seabed), in a fixed order
    /// with plain double multiplies and adds, so every CPU computes the same bits (see the class remarks).
    /// </summary>
    private void Convolve()
    {
        Array.Clear(_outRe);
        Array.Clear(_outIm);
        var length = _pulseLength;
        for (var j = 0; j < _reflectRe.Length; j++)
        {
            double rr = _reflectRe[j], ri = _reflectIm[j];
            if (rr == 0.0 && ri == 0.0)
            {
                continue;
            }
            var outRe = _outRe.AsSpan(j, length);
            var outIm = _outIm.AsSpan(j, length);
            for (var m = 0; m < length; m++)
            {
                double pr = _pulseRe[m], pi = _pulseIm[m];
                outRe[m] += rr * pr - ri * pi;
                outIm[m] += rr * pi + ri * pr;
            }
        }
    }

    private (double[] Re, double[] Im) BasebandPulse()
    {
        var pulse = _settings.Pulse;
        var times = Chirp.SampleTimes(_pulseLength, _sampleRate);
        if (pulse.Shape == EchosounderPulseShape.LinearFm)
        {
            return Chirp.GenerateComplex(times, pulse.StartFrequencyHz - _settings.CarrierFrequencyHz, pulse.DurationS,
                pulse.EndFrequencyHz - _settings.CarrierFrequencyHz);
        }
        var re = new double[_pulseLength];
        Array.Fill(re, 1.0);
        return (re, new double[_pulseLength]);
    }

    /// <summary>
    /// Mean over [a, b] (seconds from the step) of Φ(x/σ), the seabed's step smoothed by roughness:
    /// ∫Φ(x)dx = x·Φ(x) + φ(x). With σ = 0 it is the fraction of the cell past the step.
    /// </summary>
    private static double CellAverageStep(double a, double b, double sigma)
    {
        if (sigma <= 0)
        {
            return b <= 0 ? 0.0 : a >= 0 ? 1.0 : b / (b - a);
        }
        var xa = a / sigma;
        var xb = b / sigma;
        if (xb < -8)
        {
            return 0.0;
        }
        if (xa > 8)
        {
            return 1.0;
        }
        return (Integral(xb) - Integral(xa)) / (xb - xa);

        static double Integral(double x) => x * NormalCdf(x) + Math.Exp(-0.5 * x * x) / Math.Sqrt(2.0 * Math.PI);
    }

    /// <summary>Standard normal CDF via erfc (Abramowitz and Stegun 7.1.26, |error| &lt; 1.5e-7).</summary>
    private static double NormalCdf(double x)
    {
        var z = Math.Abs(x) / Math.Sqrt(2.0);
        var t = 1.0 / (1.0 + 0.3275911 * z);
        var erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                   * Math.Exp(-z * z);
        return x >= 0 ? 1.0 - 0.5 * erfc : 0.5 * erfc;
    }

    private readonly record struct FalseLayer(double StartS, double EndS, double HeightM, double ThicknessM, double LevelDb);
}
