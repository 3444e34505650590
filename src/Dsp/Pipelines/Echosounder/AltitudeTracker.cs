namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>
/// <see cref="EchosounderPipeline"/>'s ping-to-ping bottom tracker: an α–β filter on the altitude, gated around its
/// prediction, with the acquire / hold / lose rules and the echo-strength reference that keeps a plume layer from
/// taking the track over (see the pipeline's remarks for the rules). It chooses among the echoes one ping found;
/// it finds none itself.
/// </summary>
/// <remarks>Kept apart from the echo search because the search is per-ping computation and this is the only
/// state that carries from ping to ping (besides caches). <see cref="Process"/> must be called once for every
/// ping, also one without echoes or rejected, since the interval between pings feeds the rate and the hold.
/// Allocates nothing.</remarks>
internal sealed class AltitudeTracker
{
    private readonly EchosounderSettings _settings;
    private bool _hasTrack;
    private double _altitude;
    private double _rate;
    private long _lastTimeNs;
    private bool _hasLastTime;
    private long _lastValidNs;
    private double _lastConfidence;
    private double _trackStrengthDb;
    private bool _hasReference;
    private double _pendingRange = double.NaN;
    private int _pendingCount;

    /// <summary>Creates the tracker without a track.</summary>
    /// <param name="settings">The pipeline's settings (already validated).</param>
    public AltitudeTracker(EchosounderSettings settings)
    {
        _settings = settings;
    }

    /// <summary>Whether a bottom is being tracked (valid or held).</summary>
    public bool HasTrack => _hasTrack;

    /// <summary>The tracked altitude, metres (meaningful while <see cref="HasTrack"/>).</summary>
    public double AltitudeM => _altitude;

    /// <summary>The tracked echo's strength after the seabed gain, dB, smoothed ping to ping.</summary>
    public double TrackStrengthDb => _trackStrengthDb;

    /// <summary>Chooses the bottom among one ping's echoes and updates the track.</summary>
    /// <param name="stamp">The ping's stamp (its timestamp gives the interval since the previous ping).</param>
    /// <param name="candidates">The ping's echoes, in range order, multiples marked; empty for a rejected ping.</param>
    /// <param name="soundSpeed">Sound speed used for the ping, m/s (reported).</param>
    /// <param name="resolution">The pulse's range resolution, metres (reported).</param>
    /// <returns>The altitude estimate carrying <paramref name="stamp"/>.</returns>
    public AltitudeEstimate Process(MessageStamp stamp, ReadOnlySpan<BottomCandidate> candidates, double soundSpeed,
        double resolution)
    {
        var dt = 0.0;
        if (_hasLastTime)
        {
            dt = Math.Clamp((stamp.TimestampNs - _lastTimeNs) * 1e-9, 0.0, 60.0);
        }
        _lastTimeNs = stamp.TimestampNs;
        _hasLastTime = true;
        var found = candidates.Length;
        var s = _settings;
        var now = stamp.TimestampNs;
        if (_hasTrack)
        {
            var predicted = _altitude + _rate * dt;
            var sinceValid = Math.Max(0.0, (now - _lastValidNs) * 1e-9);
            var gate = s.GateM + s.GateFraction * Math.Abs(predicted) + s.MaxVerticalSpeedMps * sinceValid;
            var best = -1;
            for (var i = 0; i < found; i++)
            {
                ref readonly var c = ref candidates[i];
                if (!c.IsMultiple && Math.Abs(c.RangeM - predicted) <= gate && c.StrengthDb >= _trackStrengthDb - s.MaxFadeDb
                    && (best < 0 || c.StrengthDb > candidates[best].StrengthDb))
                {
                    best = i;
                }
            }
            // A compact echo outside the gate far stronger than the tracked one, seen on AcquirePings consecutive
            // pings, takes the track over: the strongest sustained return is the seabed (this frees a track caught
            // by the near-transducer plume or a weak layer when the bottom comes back).
            var stronger = -1;
            for (var i = 0; i < found; i++)
            {
                ref readonly var c = ref candidates[i];
                if (Math.Abs(c.RangeM - predicted) > gate && Acquirable(candidates[i], _trackStrengthDb + s.SwitchMarginDb)
                    && (stronger < 0 || c.StrengthDb > candidates[stronger].StrengthDb))
                {
                    stronger = i;
                }
            }
            if (stronger >= 0)
            {
                if (Pending(candidates[stronger].RangeM) >= s.AcquirePings)
                {
                    return Acquire(stamp, candidates, stronger, soundSpeed, resolution);
                }
            }
            if (best >= 0)
            {
                ref readonly var c = ref candidates[best];
                var innovation = c.RangeM - predicted;
                _altitude = predicted + s.TrackAlpha * innovation;
                if (dt > 0)
                {
                    _rate += s.TrackBeta * innovation / dt;
                    _rate = Math.Clamp(_rate, -s.MaxVerticalSpeedMps, s.MaxVerticalSpeedMps);
                }
                var consistency = 1.0 - 0.5 * (innovation / gate) * (innovation / gate);
                _lastConfidence = SnrConfidence(c.SnrDb) * consistency;
                _trackStrengthDb += 0.2 * (c.StrengthDb - _trackStrengthDb);
                _lastValidNs = now;
                if (stronger < 0)
                {
                    _pendingCount = 0;
                    _pendingRange = double.NaN;
                }
                return new AltitudeEstimate(stamp, _altitude, _lastConfidence, c.StrengthDb, c.SnrDb, AltitudeState.Valid,
                    c.RangeM, soundSpeed, resolution);
            }

            // Nothing in the gate: hold, and see whether something else persists to re-acquire on.
            _rate = 0;
            // Re-acquiring elsewhere while holding needs an echo about as strong as the track's (a fading bottom
            // leaves the weak plume and layers behind; those must not take over).
            var other = stronger >= 0 ? -1 : FirstStrong(candidates, _trackStrengthDb - s.FirstEchoMarginDb);
            if (other >= 0 && Pending(candidates[other].RangeM) >= s.ReacquirePings)
            {
                return Acquire(stamp, candidates, other, soundSpeed, resolution);
            }
            if (sinceValid <= s.MaxHoldS)
            {
                var fade = s.MaxHoldS > 0 ? 1.0 - sinceValid / s.MaxHoldS : 0.0;
                return new AltitudeEstimate(stamp, _altitude, 0.5 * _lastConfidence * fade, double.NaN, double.NaN,
                    AltitudeState.Held, other >= 0 ? candidates[other].RangeM : double.NaN, soundSpeed, resolution);
            }
            _hasTrack = false;
            return new AltitudeEstimate(stamp, double.NaN, 0.0, double.NaN, double.NaN, AltitudeState.Lost,
                other >= 0 ? candidates[other].RangeM : double.NaN, soundSpeed, resolution);
        }

        // Once a track has existed its echo strength is the reference, relaxing by 1 dB/s without a track.
        var floor = double.NegativeInfinity;
        if (_hasReference)
        {
            floor = _trackStrengthDb - s.MaxFadeDb - Math.Max(0.0, (now - _lastValidNs) * 1e-9);
        }
        var pick = FirstStrong(candidates, floor);
        if (pick < 0)
        {
            _pendingCount = 0;
            _pendingRange = double.NaN;
            return new AltitudeEstimate(stamp, double.NaN, 0.0, double.NaN, double.NaN, AltitudeState.Lost, double.NaN,
                soundSpeed, resolution);
        }
        if (Pending(candidates[pick].RangeM) >= s.AcquirePings)
        {
            return Acquire(stamp, candidates, pick, soundSpeed, resolution);
        }
        ref readonly var p = ref candidates[pick];
        return new AltitudeEstimate(stamp, double.NaN, 0.0, p.StrengthDb, p.SnrDb, AltitudeState.Lost, p.RangeM,
            soundSpeed, resolution);
    }


    /// <summary>The last valid altitude and its time (none before the first valid ping).</summary>
    public AltitudeMemory Memory => _hasReference
        ? new AltitudeMemory(_altitude, _lastValidNs, _lastConfidence, _trackStrengthDb)
        : default;

    /// <summary>Takes up a last valid altitude from before a restart as a track last confirmed at its time: the next ping
    /// ages it like any other (held within MaxHoldS of that time, with fading confidence, then lost) and only an echo
    /// in the gate or a new acquisition makes the altitude valid again. The interval to the next ping is unknown, so
    /// the rate starts at zero.</summary>
    public void Restore(in AltitudeMemory memory)
    {
        Reset();
        _hasTrack = true;
        _altitude = memory.AltitudeM;
        _lastValidNs = memory.ValidNs;
        _lastConfidence = memory.Confidence;
        _trackStrengthDb = memory.StrengthDb;
        _hasReference = true;
    }

    /// <summary>Forgets the track, the strength reference and the pending pick.</summary>
    public void Reset()
    {
        _hasTrack = false;
        _altitude = 0;
        _rate = 0;
        _hasLastTime = false;
        _lastTimeNs = 0;
        _lastValidNs = 0;
        _lastConfidence = 0;
        _trackStrengthDb = 0;
        _hasReference = false;
        _pendingRange = double.NaN;
        _pendingCount = 0;
    }

    private AltitudeEstimate Acquire(MessageStamp stamp, ReadOnlySpan<BottomCandidate> candidates, int index, double soundSpeed,
        double resolution)
    {
        ref readonly var c = ref candidates[index];
        _hasTrack = true;
        _altitude = c.RangeM;
        _rate = 0;
        _lastValidNs = stamp.TimestampNs;
        _lastConfidence = SnrConfidence(c.SnrDb);
        _trackStrengthDb = c.StrengthDb;
        _hasReference = true;
        _pendingCount = 0;
        _pendingRange = double.NaN;
        return new AltitudeEstimate(stamp, _altitude, _lastConfidence, c.StrengthDb, c.SnrDb, AltitudeState.Valid,
            c.RangeM, soundSpeed, resolution);
    }

    /// <summary>Counts consecutive pings whose pick agrees with the previous one; returns the count.</summary>
    private int Pending(double range)
    {
        var gate = _settings.GateM + _settings.GateFraction * range;
        if (_pendingCount > 0 && Math.Abs(range - _pendingRange) <= gate)
        {
            _pendingCount++;
        }
        else
        {
            _pendingCount = 1;
        }
        _pendingRange = range;
        return _pendingCount;
    }

    /// <summary>The first echo (not a multiple, at least <paramref name="floorDb"/> strong) within FirstEchoMarginDb of
    /// the strongest; −1 when none.</summary>
    private int FirstStrong(ReadOnlySpan<BottomCandidate> candidates, double floorDb)
    {
        var strongest = double.NegativeInfinity;
        for (var i = 0; i < candidates.Length; i++)
        {
            if (Acquirable(candidates[i], floorDb))
            {
                strongest = Math.Max(strongest, candidates[i].StrengthDb);
            }
        }
        for (var i = 0; i < candidates.Length; i++)
        {
            if (Acquirable(candidates[i], floorDb) && candidates[i].StrengthDb >= strongest - _settings.FirstEchoMarginDb)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether echo i may start a track: not a multiple, strong enough, and compact (a thick layer or cloud
    /// is never acquired as the bottom; once tracked, a widened bottom echo is still followed through the gate).</summary>
    private bool Acquirable(in BottomCandidate c, double floorDb)
    {
        return !c.IsMultiple && c.StrengthDb >= floorDb && c.ExcessWidthM <= _settings.MaxAcquireExtentM;
    }

    private double SnrConfidence(double snrDb)
    {
        var x = Math.Clamp((snrDb - _settings.DetectionSnrDb) / _settings.ConfidenceSnrSpanDb, 0.0, 1.0);
        return 0.25 + 0.75 * x;
    }
}
