using System.Numerics.Tensors;
using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.PulseCompression;
using RovDsp.Dsp.Statistics;

namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>
/// Altitude above the seabed from echosounder / altimeter pings, tracked ping to ping.
/// </summary>
/// <remarks>
/// <para>Per ping: pass-band samples are demodulated to complex baseband and decimated
/// (<see cref="RovDsp.Dsp.Analytic.QuadratureDemodulator"/>); the baseband is pulse-compressed against the
/// transmitted replica (<see cref="MatchedFilter"/>, replicas cached per pulse description); the compressed power
/// |z|² is smoothed over one range-resolution cell (1/B) and its noise floor taken as the median over the searched
/// ranges. Echoes are leading edges whose smoothed power exceeds the floor by <see cref="EchosounderSettings.DetectionSnrDb"/>
/// and rises by <see cref="EchosounderSettings.EdgeRiseDb"/> above the mean of the window just before them (a
/// one-sided, leading-window CFAR: the mud plume's diffuse, slowly rising volume return raises its own background
/// and is not detected, the seabed's step is). Each echo's range is its half-power point between that background
/// and its peak, interpolated between samples, at range c·t/2 with t the two-way time from the start of
/// transmission. Its strength is read after the seabed time-varying gain 30·log10 R + 2αR
/// (docs/domain.md#transmission-loss; α from Francois–Garrison at the carrier), so echoes at different ranges compare
/// as seabed returns.</para>
/// <para>Choice: an echo at twice the range of an earlier echo, or of the track, is the second bottom echo and
/// never the bottom. With a track, the strongest echo inside the gate (± GateM + GateFraction·h +
/// MaxVerticalSpeed·Δt around the α–β prediction) is accepted; a strong layer outside the gate (a passing plume
/// cloud) is ignored. Without a track, the first echo within FirstEchoMarginDb of the strongest is the bottom,
/// and AcquirePings consistent picks (re)start the track. Without an acceptable pick the last altitude is held
/// (Held) for MaxHoldS, then the track is Lost (altitude NaN).</para>
/// <para>Allocation: buffers are sized for <see cref="EchosounderSettings.MaxSampleCount"/> at construction; a new
/// pulse description (format, rate, carrier, pulse, and ping length rounded up to a power of two) builds its replica
/// and FFT plans once and is cached (least recently used dropped beyond ReplicaCacheSize); the gain table is recomputed in place when the sound speed, start delay or
/// rate changes. Steady state allocates nothing. Bad pings (NaN/Inf samples, sizes, rates) are counted and treated
/// as pings without a bottom. Not thread-safe.</para>
/// </remarks>
public sealed class EchosounderPipeline
{
    private const int MaxCandidates = 16;

    private readonly EchosounderSettings _settings;
    private readonly double _defaultSoundSpeed;
    private readonly EchosounderReplica?[] _cache;
    private readonly float[] _bbRe;
    private readonly float[] _bbIm;
    private readonly float[] _mfRe;
    private readonly float[] _mfIm;
    private readonly float[] _power;
    private readonly float[] _smooth;
    private readonly float[] _sorted;
    private readonly float[] _gain;
    private readonly double[] _cumulative;
    private readonly BottomCandidate[] _candidates = new BottomCandidate[MaxCandidates];
    private long _useCounter;
    private double _sidelobeSpanS;

    // Gain table key.
    private double _gainSoundSpeed = double.NaN;
    private double _gainStart = double.NaN;
    private double _gainRate = double.NaN;
    private double _gainAbsorption = double.NaN;
    private int _gainCount = -1;

    private readonly AltitudeTracker _tracker;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="settings">Settings (defaults when null).</param>
    /// <exception cref="ArgumentException">A setting is out of range (named in the exception).</exception>
    public EchosounderPipeline(EchosounderSettings? settings = null)
    {
        _settings = settings ?? new EchosounderSettings();
        _settings.Validate();
        _defaultSoundSpeed = _settings.DefaultSoundSpeedMps;
        _cache = new EchosounderReplica?[_settings.ReplicaCacheSize];
        var n = _settings.MaxSampleCount + 1;
        _bbRe = new float[n];
        _bbIm = new float[n];
        _mfRe = new float[2 * n];
        _mfIm = new float[2 * n];
        _power = new float[n];
        _smooth = new float[n];
        _sorted = new float[n];
        _gain = new float[n];
        _cumulative = new double[n + 1];
        _tracker = new AltitudeTracker(_settings);
    }

    /// <summary>The settings.</summary>
    public EchosounderSettings Settings => _settings;

    /// <summary>The sound speed used when a ping carries no measured value, m/s.</summary>
    public double DefaultSoundSpeedMps => _defaultSoundSpeed;

    /// <summary>Pings processed since construction or <see cref="Reset"/>.</summary>
    public long PingCount { get; private set; }

    /// <summary>Pings rejected for malformed fields (rate, sizes, pulse, format), since construction or Reset.</summary>
    public long RejectedPingCount { get; private set; }

    /// <summary>Pings rejected because a sample was NaN or infinite, since construction or Reset.</summary>
    public long NonFinitePingCount { get; private set; }

    /// <summary>Echoes found in the last ping (before the choice), for diagnostics.</summary>
    public int LastCandidateCount { get; private set; }

    /// <summary>Processes one ping.</summary>
    /// <param name="ping">The ping.</param>
    /// <returns>The altitude estimate carrying the ping's stamp.</returns>
    public AltitudeEstimate Process(in EchosounderPing ping)
    {
        PingCount++;
        var soundSpeed = ping.SoundSpeedMps is >= 1300 and <= 1800 ? ping.SoundSpeedMps : _defaultSoundSpeed;
        var resolution = ping.Pulse.IsValid ? ping.Pulse.RangeResolutionM(soundSpeed) : double.NaN;
        LastCandidateCount = 0;
        if (!IsWellFormed(ping))
        {
            RejectedPingCount++;
            return _tracker.Process(ping.Stamp, ReadOnlySpan<BottomCandidate>.Empty, soundSpeed, resolution);
        }
        var re = ping.Re.Span[..ping.SampleCount];
        var im = ping.Format == EchosounderSampleFormat.ComplexBaseband ? ping.Im.Span[..ping.SampleCount] : default;
        // Max and Min propagate NaN; an infinity shows as a non-finite extreme.
        if (!IsFinite(re) || (ping.Format == EchosounderSampleFormat.ComplexBaseband && !IsFinite(im)))
        {
            NonFinitePingCount++;
            return _tracker.Process(ping.Stamp, ReadOnlySpan<BottomCandidate>.Empty, soundSpeed, resolution);
        }

        var replica = GetReplica(ping);
        var count = Compress(replica, re, im);
        var fsb = replica.BasebandRateHz;
        var power = _power.AsSpan(0, count);
        var smooth = _smooth.AsSpan(0, count);

        // Smooth over one resolution cell (odd width, centred, so a step keeps its place).
        var width = replica.SmoothingWidth;
        EchoEdge.Smooth(power, smooth, _cumulative.AsSpan(0, count + 1), width);

        UpdateGain(count, fsb, ping.StartDelayS, soundSpeed, replica.AbsorptionDbPerKm);

        // Searched samples: ranges MinAltitudeM..MaxAltitudeM.
        var first = (int)Math.Ceiling((2.0 * _settings.MinAltitudeM / soundSpeed - ping.StartDelayS) * fsb);
        var last = (int)Math.Floor((2.0 * _settings.MaxAltitudeM / soundSpeed - ping.StartDelayS) * fsb);
        first = Math.Max(first, 0);
        last = Math.Min(last, count - 1);
        var found = 0;
        if (last - first >= 4)
        {
            found = FindEchoes(smooth, first, last, width, fsb, ping.StartDelayS, soundSpeed, resolution, replica);
        }
        LastCandidateCount = found;
        return _tracker.Process(ping.Stamp, _candidates.AsSpan(0, found), soundSpeed, resolution);
    }

    /// <summary>The tracker's last valid altitude and its message time (none before the first valid ping).</summary>
    public AltitudeMemory LastValid => _tracker.Memory;

    /// <summary>Takes up a last valid altitude from before a restart as an old track: the next ping ages it from its
    /// time (held with fading confidence within <see cref="EchosounderSettings.MaxHoldS"/>, then lost), so it is never
    /// reported valid until a ping confirms the bottom.</summary>
    /// <exception cref="ArgumentException">The memory is not restorable (<see cref="AltitudeMemory.Problem"/>).</exception>
    public void Restore(in AltitudeMemory memory)
    {
        if (memory.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(memory));
        }

        _tracker.Restore(memory);
    }

    /// <summary>Forgets the track, the counters and the cached gain table (replicas are kept: they depend only on
    /// the pulse description).</summary>
    public void Reset()
    {
        PingCount = 0;
        RejectedPingCount = 0;
        NonFinitePingCount = 0;
        LastCandidateCount = 0;
        _tracker.Reset();
        _gainCount = -1;
    }

    private bool IsWellFormed(in EchosounderPing ping)
    {
        var fs = ping.SampleRateHz;
        if (!(fs > 0) || !double.IsFinite(fs) || !double.IsFinite(ping.CarrierFrequencyHz) || ping.CarrierFrequencyHz < 0)
        {
            return false;
        }
        if (!ping.Pulse.IsValid || ping.Pulse.DurationS * fs > _settings.MaxSampleCount)
        {
            return false;
        }
        if (!(ping.StartDelayS >= 0) || !double.IsFinite(ping.StartDelayS))
        {
            return false;
        }
        if (ping.SampleCount < 8 || ping.SampleCount > _settings.MaxSampleCount || ping.Re.Length < ping.SampleCount)
        {
            return false;
        }
        return ping.Format switch
        {
            EchosounderSampleFormat.RealPassband => ping.CarrierFrequencyHz > 0 && ping.CarrierFrequencyHz < fs / 2,
            EchosounderSampleFormat.ComplexBaseband => ping.Im.Length >= ping.SampleCount,
            _ => false,
        };
    }

    private static bool IsFinite(ReadOnlySpan<float> x) =>
        float.IsFinite(TensorPrimitives.Max(x)) && float.IsFinite(TensorPrimitives.Min(x));

    private EchosounderReplica GetReplica(in EchosounderPing ping)
    {
        _useCounter++;
        var oldest = 0;
        for (var i = 0; i < _cache.Length; i++)
        {
            var entry = _cache[i];
            if (entry is null)
            {
                oldest = i;
                break;
            }
            if (entry.Matches(ping, _settings.MaxSampleCount))
            {
                entry.LastUse = _useCounter;
                return entry;
            }
            if (entry.LastUse < _cache[oldest]!.LastUse)
            {
                oldest = i;
            }
        }
        var created = new EchosounderReplica(ping, _settings) { LastUse = _useCounter };
        _cache[oldest] = created;
        return created;
    }

    /// <summary>Demodulates if needed, compresses, writes |z|² of echo-start lags 0..n−1 to _power; returns n.</summary>
    private int Compress(EchosounderReplica replica, ReadOnlySpan<float> re, ReadOnlySpan<float> im)
    {
        ReadOnlySpan<float> bbRe;
        ReadOnlySpan<float> bbIm;
        if (replica.Demodulator is { } demodulator)
        {
            demodulator.Reset();
            var produced = demodulator.Process(re, _bbRe, _bbIm);
            bbRe = _bbRe.AsSpan(0, produced);
            bbIm = _bbIm.AsSpan(0, produced);
        }
        else
        {
            bbRe = re;
            bbIm = im;
        }
        var n = bbRe.Length;
        var filter = replica.Filter;
        filter.Process(bbRe, bbIm, _mfRe, _mfIm, CorrelationMode.Full);
        // Full-mode index k + L − 1 is the lag at which the replica starts at baseband sample k.
        var offset = replica.ReplicaLength - 1;
        var zr = _mfRe.AsSpan(offset, n);
        var zi = _mfIm.AsSpan(offset, n);
        var power = _power.AsSpan(0, n);
        TensorPrimitives.Multiply(zr, zr, power);
        TensorPrimitives.MultiplyAdd(zi, zi, power, power);
        return n;
    }

    /// <summary>
    /// Seabed time-varying gain in power, 10^((30·log10 R + 2αR)/10) with R = c·t/2 (docs/domain.md#transmission-loss;
    /// TimeVaryingGain's formula), kept until the rate, start delay, sound speed or length changes.
    /// </summary>
    private void UpdateGain(int count, double rate, double start, double soundSpeed, double absorption)
    {
        if (count <= _gainCount && rate == _gainRate && start == _gainStart
            && Math.Abs(soundSpeed - _gainSoundSpeed) < 0.05 && absorption == _gainAbsorption)
        {
            return;
        }
        for (var k = 0; k < count; k++)
        {
            var r = Math.Max(soundSpeed * (start + k / rate) / 2.0, 0.05);
            _gain[k] = (float)Math.Pow(10.0, TimeVaryingGain.GainDb(r, 30.0, absorption) / 10.0);
        }
        _gainCount = count;
        _gainRate = rate;
        _gainStart = start;
        _gainSoundSpeed = soundSpeed;
        _gainAbsorption = absorption;
    }

    private int FindEchoes(ReadOnlySpan<float> smooth, int first, int last, int width, double rate, double start,
        double soundSpeed, double resolution, EchosounderReplica replica)
    {
        var pulse = replica.Pulse;
        var bandwidth = pulse.EffectiveBandwidthHz;
        var isLfm = pulse.Shape == EchosounderPulseShape.LinearFm;
        _sidelobeSpanS = pulse.DurationS;
        // Noise floor: the median of the smoothed power over the searched ranges (echoes occupy few cells).
        var span = last - first + 1;
        var sorted = _sorted.AsSpan(0, span);
        var searched = smooth.Slice(first, span);
        searched.CopyTo(sorted);
        double noise;
        float largest;
        if (TensorPrimitives.IsNaNAny<float>(sorted))
        {
            // The sort's order (NaN first) defines the median here; a selection has none to offer.
            sorted.Sort();
            noise = sorted[span / 2];
            largest = sorted[^1];
        }
        else
        {
            // A selection, not a sort: the same element (the upper median) in O(n); per ping this was the
            // echosounder's largest cost.
            noise = Selection.UpperMedian(sorted);
            largest = TensorPrimitives.Max(searched);
        }
        if (!(noise > 0))
        {
            noise = Math.Max(largest * 1e-6, float.Epsilon);
            if (!(largest > 0))
            {
                return 0;
            }
        }
        var snrFactor = Math.Pow(10.0, _settings.DetectionSnrDb / 10.0);
        var riseFactor = Math.Pow(10.0, _settings.EdgeRiseDb / 10.0);
        var guard = Math.Max(2, width);
        var window = Math.Max(4, (int)Math.Round(2.0 * _settings.BackgroundWindowM / soundSpeed * rate));
        var reach = 3 * width + 2;
        var detection = noise * snrFactor;
        var found = 0;
        var k = first;
        while (k <= last && found < MaxCandidates)
        {
            if (smooth[k] < detection)
            {
                k++;
                continue;
            }
            var background = Background(k, guard, window, noise);
            if (smooth[k] < background * riseFactor)
            {
                k++;
                continue;
            }
            // Climb to the echo's peak: the highest value within a few resolution cells, repeated while a higher one
            // lies ahead, so a strong echo's range sidelobes (−13 dB for an unweighted LFM, decaying slowly) that
            // cross the threshold first lead to its main lobe instead of becoming echoes of their own.
            var peak = k;
            var from = k;
            while (true)
            {
                var end = Math.Min(from + reach, smooth.Length - 1);
                var next = peak;
                for (var j = from + 1; j <= end; j++)
                {
                    if (smooth[j] > smooth[next])
                    {
                        next = j;
                    }
                }
                if (next == peak)
                {
                    break;
                }
                peak = next;
                from = next;
            }
            double peakValue = smooth[peak];
            var halfLevel = background + 0.5 * (peakValue - background);
            var position = EchoEdge.LeadingEdge(smooth, peak, Math.Max(0, k - guard), halfLevel);
            var trailing = EchoEdge.TrailingEdge(smooth, peak, halfLevel);
            ref var c = ref _candidates[found++];
            c.RangeM = soundSpeed * (start + position / rate + replica.EdgeLeadS) / 2.0;
            c.SnrDb = 10.0 * Math.Log10(peakValue / noise);
            c.StrengthDb = 10.0 * Math.Log10(Math.Max(peakValue * _gain[peak] / (replica.ReplicaEnergy * replica.ReplicaEnergy), 1e-30));
            c.ExcessWidthM = soundSpeed * Math.Max(0.0, (trailing - position) / rate - replica.PointWidthS) / 2.0;
            c.IsMultiple = false;
            k = peak + guard + 1;
        }

        found = DropRangeSidelobes(found, soundSpeed, bandwidth, isLfm);

        // The second bottom echo (seabed → vehicle → seabed) sits at twice an earlier echo's range. After the
        // seabed gain it is no stronger than the first echo (the vehicle's reflection loses energy; 30·log10 R
        // compensates the longer path), so only an echo at most MultipleMarginDb above the earlier one counts: a
        // weak earlier echo (a plume edge) never turns the real bottom into a "multiple".
        var margin = _settings.MultipleMarginDb;
        for (var j = 0; j < found; j++)
        {
            ref var cj = ref _candidates[j];
            var tolerance = 2.0 * resolution + 0.03 * cj.RangeM;
            for (var i = 0; i < j; i++)
            {
                if (Math.Abs(cj.RangeM - 2.0 * _candidates[i].RangeM) <= tolerance
                    && cj.StrengthDb <= _candidates[i].StrengthDb + margin)
                {
                    cj.IsMultiple = true;
                }
            }
            if (_tracker.HasTrack && Math.Abs(cj.RangeM - 2.0 * _tracker.AltitudeM) <= tolerance
                && cj.StrengthDb <= _tracker.TrackStrengthDb + margin)
            {
                cj.IsMultiple = true;
            }
        }
        return found;
    }

    /// <summary>
    /// Removes echoes that are range sidelobes of a stronger one. The compressed LFM pulse's sidelobes at a delay
    /// offset Δt fall off as 1/(π·B·Δt) in amplitude (the sinc envelope of the ambiguity function's zero-Doppler
    /// cut, Levanon and Mozeson, "Radar Signals", 2004, §4.2) and extend over ±T; an echo within T of a stronger
    /// one and below that envelope + 6 dB is taken for a sidelobe. CW pulses compress to a triangle without
    /// sidelobes, so nothing is removed for them.
    /// </summary>
    private int DropRangeSidelobes(int found, double soundSpeed, double bandwidth, bool isLfm)
    {
        if (!isLfm || found < 2)
        {
            return found;
        }
        var kept = 0;
        for (var i = 0; i < found; i++)
        {
            var sidelobe = false;
            for (var j = 0; j < found && !sidelobe; j++)
            {
                if (j == i || _candidates[j].SnrDb <= _candidates[i].SnrDb)
                {
                    continue;
                }
                var dt = 2.0 * Math.Abs(_candidates[i].RangeM - _candidates[j].RangeM) / soundSpeed;
                if (dt >= _sidelobeSpanS)
                {
                    continue;
                }
                var envelopeDb = -20.0 * Math.Log10(Math.Max(Math.PI * bandwidth * dt, 1.0));
                sidelobe = _candidates[i].SnrDb - _candidates[j].SnrDb < envelopeDb + 6.0;
            }
            if (!sidelobe)
            {
                _candidates[kept++] = _candidates[i];
            }
        }
        return kept;
    }

    private double Background(int k, int guard, int window, double noise)
    {
        var hi = k - guard;
        var lo = Math.Max(0, hi - window);
        if (hi - lo < Math.Min(window / 2, 2 * guard))
        {
            return noise;
        }
        var mean = (_cumulative[hi] - _cumulative[lo]) / (hi - lo);
        return Math.Max(mean, noise);
    }
}
