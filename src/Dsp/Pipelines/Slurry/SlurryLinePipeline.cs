namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// The slurry line: interleaved flow, density, pressure and pump readings in, one <see cref="SlurryLineState"/>
/// out per reading. Each sensor is checked (NaN/Inf, range, order, stuck, dropout), despiked (Hampel) and
/// smoothed (Butterworth SOS) at its own rate; the flow is delayed to meet the lagging densitometer and turned into
/// volumetric flow, concentration, mixture and dry-solids mass flow (docs/domain.md#slurry-line: Q = v·π·D²/4,
/// Cv = (ρm − ρw)/(ρs − ρw), dry solids = ρs·Cv·Q), integrated over message time into the day's tonnes; a
/// clog/settling detector (<see cref="ClogDetector"/>) watches velocity against Durand's deposition velocity.
/// </summary>
/// <remarks>Nothing is allocated per reading: every buffer is sized at construction from the sensor table.</remarks>
public sealed class SlurryLinePipeline
{
    private const long NanosPerSecond = 1_000_000_000L;
    private const long NanosPerDay = 86_400L * NanosPerSecond;
    internal const int KindCount = 8;

    private readonly SlurrySensorChannel[] _channels;
    private readonly SlurrySensorChannel?[] _byKind = new SlurrySensorChannel?[KindCount];
    private readonly SlurrySensorChannel _flow;
    private readonly TimedValueRing _velocityRing;
    private readonly TimedValueRing? _ultrasonicRing;
    private readonly TimedValueRing? _gammaRing;
    private readonly ClogDetector _clog;
    private readonly long _gammaLagNs;
    private readonly long _alignNs;
    private readonly long _maxHoldNs;
    private readonly long _dayOffsetNs;
    private readonly double _pipeArea;
    private readonly double _rhoW, _rhoS;
    private readonly double _spanHead;

    private SlurryLineState _state;
    private long _velocityCursor, _ultrasonicCursor, _gammaCursor;
    private bool _integrating;
    private long _integratedToNs;
    private long _day;
    private double _countedSecondsToday;
    private double _heldDensity;
    private long _tickEndNs;
    private double _sumVelocity, _sumPressure;
    private int _countVelocity, _countPressure;
    private long _unknownSamples;
    private SlurryTotals _restored;
    private long _restoredApplied;
    private SlurryAlignmentSnapshot? _pendingAlignment;
    private readonly long _flowPeriodNs;
    private long _carriedLastNs = long.MinValue, _carriedEndNs = long.MinValue;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="settings">Settings (defaults when null); validated here.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public SlurryLinePipeline(SlurryLineSettings? settings = null)
    {
        Settings = settings ?? new SlurryLineSettings();
        Settings.Validate();
        var s = Settings;
        _channels = new SlurrySensorChannel[s.Sensors.Count];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = new SlurrySensorChannel(s.Sensors[i], s);
            _byKind[(int)s.Sensors[i].Kind] = _channels[i];
        }
        _flow = _byKind[(int)SlurrySensorKind.FlowVelocity]!;
        _flowPeriodNs = Math.Max(1, (long)(NanosPerSecond / _flow.Spec.RateHz));
        _gammaLagNs = (long)(s.GammaLagS * NanosPerSecond);
        _maxHoldNs = (long)(s.MaxHoldS * NanosPerSecond);
        _dayOffsetNs = s.DayStartUtcOffset.Ticks * 100L;
        _pipeArea = Math.PI * s.PipeDiameterM * s.PipeDiameterM / 4.0;
        _rhoW = s.WaterDensityKgM3;
        _rhoS = s.SolidsDensityKgM3;
        _spanHead = SlurryLineSettings.Gravity * s.DifferentialSpanM / 1000.0;

        // Every density reading describes the mixture that passed (its stamp − Hampel latency − lag); the totals
        // are integrated up to the latest instant every densitometer has already described.
        var align = _flow.LatencyNs;
        var ultrasonic = _byKind[(int)SlurrySensorKind.DensityUltrasonic];
        var gamma = _byKind[(int)SlurrySensorKind.DensityGamma];
        if (ultrasonic is not null)
        {
            align = Math.Max(align, ultrasonic.LatencyNs);
            _ultrasonicRing = new TimedValueRing(RingCapacity(ultrasonic.Spec.RateHz, s));
        }
        if (gamma is not null)
        {
            align = Math.Max(align, gamma.LatencyNs + _gammaLagNs);
            _gammaRing = new TimedValueRing(RingCapacity(gamma.Spec.RateHz, s));
        }
        _alignNs = align;
        _velocityRing = new TimedValueRing(RingCapacity(_flow.Spec.RateHz, s));
        DepositionVelocityMps = SlurryLineDesign.DurandDepositionVelocity(s.DurandFL, s.PipeDiameterM, _rhoS, _rhoW);
        _clog = new ClogDetector(s, DepositionVelocityMps);
        Reset();
    }

    /// <summary>The validated settings.</summary>
    public SlurryLineSettings Settings { get; }

    /// <summary>Durand deposition velocity V_D for the settings, m/s.</summary>
    public double DepositionVelocityMps { get; }

    /// <summary>How far behind the latest reading the totals run, s (Hampel latency plus the gamma lag).</summary>
    public double AlignmentDelayS => _alignNs / 1e9;

    /// <summary>The latest state.</summary>
    public ref readonly SlurryLineState State => ref _state;

    /// <summary>Readings whose sensor id is not in the table or whose kind does not match it (ignored).</summary>
    public long UnknownSamples => _unknownSamples;

    /// <summary>How many times the clog warning has been raised since construction or reset.</summary>
    public long ClogRaiseCount => _clog.RaiseCount;

    /// <summary>Counters of one sensor kind (all zero when the kind is not in the table).</summary>
    /// <param name="kind">The sensor kind.</param>
    public SlurrySensorCounters GetCounters(SlurrySensorKind kind) =>
        (uint)kind < KindCount && _byKind[(int)kind] is { } channel ? channel.Counters : default;

    /// <summary>The day's totals now (<see cref="SlurryTotals.HasValue"/> false before the line has counted anything);
    /// while restored totals wait for the first reading they are returned, so a checkpoint taken before then keeps them.</summary>
    public SlurryTotals Totals => _integrating
        ? new SlurryTotals(_integratedToNs, _state.DryTonnesToday, _state.WetTonnesToday, _countedSecondsToday,
            _state.UnmeasuredSecondsToday)
        : _restored;

    /// <summary>Whether restored totals were taken up (1), refused as another day's (−1),
    /// or are still waiting for the first reading (0; also when nothing was restored).</summary>
    public long RestoredOutcome => _restoredApplied;

    /// <summary>Totals from before a restart (a checkpoint): taken up when the line starts counting if that first
    /// instant is in the same day (<see cref="DayStartNs"/>); the time between <see cref="SlurryTotals.AsOfNs"/> and it is
    /// counted as unmeasured (nobody measured it), and readings from before AsOfNs are not counted again. A checkpoint
    /// of another day is dropped and the day starts from zero, as it would have. Call before the first reading.</summary>
    /// <exception cref="ArgumentException">The totals are not restorable (<see cref="SlurryTotals.Problem"/>).</exception>
    /// <exception cref="InvalidOperationException">The line has already started counting.</exception>
    public void RestoreTotals(in SlurryTotals totals)
    {
        if (totals.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(totals));
        }

        if (_integrating)
        {
            throw new InvalidOperationException("Totals can only be restored before the line starts counting.");
        }

        _restored = totals;
        _restoredApplied = 0;
        _pendingAlignment = null;
        _carriedLastNs = long.MinValue;
        _carriedEndNs = long.MinValue;
    }

    /// <summary>The readings received but not yet counted (<see cref="SlurryAlignmentSnapshot"/>), to checkpoint with
    /// <see cref="Totals"/> (take both under one lock); null before the line has counted anything unless restored
    /// readings are still waiting for the first reading. Allocates: for the checkpoint timer, not per reading.</summary>
    public SlurryAlignmentSnapshot? CaptureAlignment()
    {
        if (!_integrating)
        {
            return _pendingAlignment;
        }

        var from = _integratedToNs;
        var floor = from - _maxHoldNs;
        return new SlurryAlignmentSnapshot(_velocityRing.Since(from, floor),
            _ultrasonicRing?.Since(from, floor) ?? [], _gammaRing?.Since(from, floor) ?? [], _heldDensity);
    }

    /// <summary>Carries on the readings a checkpoint had received but not yet counted: call after
    /// <see cref="RestoreTotals"/> and before the first reading. Counting then resumes at the totals' instant with
    /// them, instead of at the first new reading; from the last carried flow reading (plus its sample period) to the
    /// first new one the time is unmeasured (the readings of that span died with the process). Dropped with the totals
    /// when the first reading is of another day.</summary>
    /// <exception cref="ArgumentException">The snapshot does not fit the restored totals or this line's sensors;
    /// the message says why (the totals stay restored).</exception>
    /// <exception cref="InvalidOperationException">No totals are restored, or the line has started counting.</exception>
    public void RestoreAlignment(SlurryAlignmentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_integrating || !_restored.HasValue)
        {
            throw new InvalidOperationException("Readings can only be carried on after RestoreTotals and before the first reading.");
        }

        var problem = snapshot.Problem(_restored.AsOfNs, _maxHoldNs, _alignNs + _maxHoldNs, _velocityRing.Capacity)
            ?? Fits("ultrasonic", snapshot.Ultrasonic.Count, _ultrasonicRing)
            ?? Fits("gamma", snapshot.Gamma.Count, _gammaRing);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(snapshot));
        }

        Carry(_velocityRing, snapshot.Velocity);
        if (_ultrasonicRing is not null)
        {
            Carry(_ultrasonicRing, snapshot.Ultrasonic);
        }

        if (_gammaRing is not null)
        {
            Carry(_gammaRing, snapshot.Gamma);
        }

        _heldDensity = snapshot.HeldDensityKgM3;
        if (snapshot.Velocity.Count > 0)
        {
            _carriedLastNs = snapshot.Velocity[^1].TimeNs;
            _carriedEndNs = _carriedLastNs + _flowPeriodNs;
        }

        _pendingAlignment = snapshot;
    }

    private static string? Fits(string name, int count, TimedValueRing? ring) =>
        count > (ring?.Capacity ?? 0)
            ? $"{name}: {count} readings, more than the {ring?.Capacity ?? 0} this line holds"
            : null;

    private static void Carry(TimedValueRing ring, IReadOnlyList<SlurryTimedReading> readings)
    {
        ring.Clear();
        foreach (var r in readings)
        {
            ring.Push(r.TimeNs, r.Value);
        }
    }

    /// <summary>Start of the day (message time, ns) that <paramref name="ns"/> falls in, by the settings' day boundary
    /// (<see cref="SlurryLineSettings.DayStartUtcOffset"/>).</summary>
    public long DayStartNs(long ns) => DayStart(ns, Settings.DayStartUtcOffset);

    /// <summary>Start of the day (ns) that <paramref name="ns"/> falls in when days start at
    /// <paramref name="dayStartUtcOffset"/> after midnight UTC (the boundary <see cref="SlurryLinePipeline"/> counts by).</summary>
    public static long DayStart(long ns, TimeSpan dayStartUtcOffset)
    {
        var offset = dayStartUtcOffset.Ticks * 100L;
        return (long)Math.Floor((ns + offset) / (double)NanosPerDay) * NanosPerDay - offset;
    }

    /// <summary>Forgets all state: filters, faults, counters, totals and the clog verdict.</summary>
    public void Reset()
    {
        foreach (var channel in _channels)
        {
            channel.Reset();
        }
        _velocityRing.Clear();
        _ultrasonicRing?.Clear();
        _gammaRing?.Clear();
        _clog.Reset();
        _velocityCursor = _ultrasonicCursor = _gammaCursor = -1;
        _integrating = false;
        _integratedToNs = 0;
        _day = long.MinValue;
        _countedSecondsToday = 0;
        _heldDensity = _rhoW;
        _tickEndNs = long.MinValue;
        _sumVelocity = _sumPressure = 0;
        _countVelocity = _countPressure = 0;
        _unknownSamples = 0;
        _restored = default;
        _restoredApplied = 0;
        _pendingAlignment = null;
        _carriedLastNs = long.MinValue;
        _carriedEndNs = long.MinValue;
        _state = default;
        // The flow is unknown until the flow meter's first conditioned reading, not zero: a flow meter that never
        // reads (a refused PLC register, a dead transmitter) must not show as a stopped line.
        _state.VelocityMps = float.NaN;
        SetFlowUnknown();
        _state.DepositionVelocityMps = (float)DepositionVelocityMps;
        _state.MixtureDensityKgM3 = (float)_rhoW;
        _state.Health = PackHealth();
    }

    /// <summary>Consumes one reading and returns the updated state.</summary>
    /// <param name="sample">The reading.</param>
    /// <returns>A reference to <see cref="State"/>.</returns>
    public ref readonly SlurryLineState Process(in SlurrySample sample)
    {
        var nowNs = sample.Stamp.TimestampNs;
        _state.Stamp = sample.Stamp;
        var channel = Find(sample.SensorId);
        if (channel is null || channel.Spec.Kind != sample.Kind)
        {
            _unknownSamples++;
            return ref _state;
        }

        AdvanceTick(nowNs);
        var updated = channel.Accept(nowNs, sample.Value);
        foreach (var c in _channels)
        {
            c.CheckDropout(nowNs);
        }
        if (updated)
        {
            Route(channel);
        }
        Integrate(nowNs - _alignNs);
        _state.Health = PackHealth();
        _state.ClogWarning = _clog.Warning;
        _state.ClogStage = _clog.Stage;
        _state.ClogLevel = _clog.Index;
        _state.ClogDetectorValid = _clog.Valid;
        _state.TrendVelocityMps = _clog.TrendVelocity;
        _state.TrendFrictionalPressureKPa = _clog.TrendPressure;
        return ref _state;
    }

    private SlurrySensorChannel? Find(ushort id)
    {
        foreach (var c in _channels)
        {
            if (c.Spec.Id == id)
            {
                return c;
            }
        }
        return null;
    }

    private void Route(SlurrySensorChannel channel)
    {
        var value = channel.Value;
        switch (channel.Spec.Kind)
        {
            case SlurrySensorKind.FlowVelocity:
                _state.VelocityMps = value;
                _velocityRing.Push(channel.ValueTimeNs, value);
                if (channel.Healthy)
                {
                    _sumVelocity += value;
                    _countVelocity++;
                }
                break;
            case SlurrySensorKind.DensityGamma:
                _state.DensityGammaKgM3 = value;
                if (channel.Healthy)
                {
                    _gammaRing!.Push(channel.ValueTimeNs - _gammaLagNs, value);
                }
                break;
            case SlurrySensorKind.DensityUltrasonic:
                _state.DensityUltrasonicKgM3 = value;
                if (channel.Healthy)
                {
                    _ultrasonicRing!.Push(channel.ValueTimeNs, value);
                }
                break;
            case SlurrySensorKind.PressureBottom:
                _state.PressureBottomKPa = value;
                break;
            case SlurrySensorKind.PressureTop:
                _state.PressureTopKPa = value;
                break;
            case SlurrySensorKind.DifferentialPressure:
                _state.DifferentialPressureKPa = value;
                // Remove the mixture's excess hydrostatic head over the span, with the freshest healthy density.
                var friction = value - (CurrentDensity() - _rhoW) * _spanHead;
                _state.FrictionalPressureKPa = (float)friction;
                if (channel.Healthy)
                {
                    _sumPressure += friction;
                    _countPressure++;
                }
                break;
            case SlurrySensorKind.PumpSpeed:
                _state.PumpSpeedRpm = value;
                break;
            default:
                _state.PumpCurrentA = value;
                break;
        }
    }

    private double CurrentDensity()
    {
        var ultrasonic = _byKind[(int)SlurrySensorKind.DensityUltrasonic];
        var gamma = _byKind[(int)SlurrySensorKind.DensityGamma];
        var source = Settings.DensitySource;
        if (source != SlurryDensitySource.Gamma && ultrasonic is { Healthy: true, HasValue: true })
        {
            return ultrasonic.Value;
        }
        if (source != SlurryDensitySource.Ultrasonic && gamma is { Healthy: true, HasValue: true })
        {
            return gamma.Value;
        }
        return _heldDensity;
    }

    private void AdvanceTick(long nowNs)
    {
        if (_tickEndNs == long.MinValue)
        {
            _tickEndNs = FloorSecond(nowNs) + NanosPerSecond;
            return;
        }
        if (nowNs < _tickEndNs)
        {
            return;
        }
        var dp = _byKind[(int)SlurrySensorKind.DifferentialPressure];
        var valid = _countVelocity > 0 && _countPressure > 0 && _flow.Healthy && dp is { Healthy: true };
        _clog.Tick(valid ? _sumVelocity / _countVelocity : 0, valid ? _sumPressure / _countPressure : 0, valid);
        _sumVelocity = _sumPressure = 0;
        _countVelocity = _countPressure = 0;
        _tickEndNs = FloorSecond(nowNs) + NanosPerSecond;
    }

    private static long FloorSecond(long ns) => ns - (((ns % NanosPerSecond) + NanosPerSecond) % NanosPerSecond);

    private long DayOf(long ns) => (long)Math.Floor((ns + _dayOffsetNs) / (double)NanosPerDay);

    private void Integrate(long targetNs)
    {
        if (!_integrating)
        {
            // Counting starts at the instant of the flow meter's first conditioned reading: before it the flow is
            // not unknown, there is simply no line to measure yet.
            if (!_velocityRing.TryAt(targetNs, ref _velocityCursor, out _, out var firstNs))
            {
                return;
            }
            _integratedToNs = firstNs;
            _day = DayOf(firstNs);
            _integrating = true;
            _state.TonnesAsOfNs = firstNs;
            TakeUpRestored(firstNs);
        }
        if (targetNs <= _integratedToNs)
        {
            return;
        }
        var t0 = _integratedToNs;
        var day = DayOf(targetNs);
        if (day != _day)
        {
            // Finish the old day at its boundary, then start the new one from zero.
            var boundary = day * NanosPerDay - _dayOffsetNs;
            if (boundary > t0)
            {
                Step(t0, boundary);
                t0 = boundary;
            }
            _day = day;
            _state.DryTonnesToday = 0;
            _state.WetTonnesToday = 0;
            _state.UnmeasuredSecondsToday = 0;
            _countedSecondsToday = 0;
        }
        // Across carried readings (a restart's first steps) step one flow period at a time and stop at their end, so
        // each carried reading counts for its own instant and the gap after them is unmeasured; otherwise one step.
        while (t0 < _carriedEndNs && t0 < targetNs)
        {
            var t1 = Math.Min(Math.Min(targetNs, t0 + _flowPeriodNs), _carriedEndNs);
            Step(t0, t1);
            t0 = t1;
        }
        if (t0 < targetNs)
        {
            Step(t0, targetNs);
        }
        _integratedToNs = targetNs;
        _state.TonnesAsOfNs = targetNs;

        var target = Settings.DailyTargetTonnes;
        _state.DryProgress = (float)(_state.DryTonnesToday / target);
        _state.WetProgress = (float)(_state.WetTonnesToday / target);
        var measured = _countedSecondsToday - _state.UnmeasuredSecondsToday;
        var remaining = ((_day + 1) * NanosPerDay - _dayOffsetNs - targetNs) / 1e9;
        if (measured > 0)
        {
            _state.ProjectedDryTonnesEndOfDay = _state.DryTonnesToday * (1.0 + remaining / measured);
            _state.ProjectedWetTonnesEndOfDay = _state.WetTonnesToday * (1.0 + remaining / measured);
        }
    }

    // A restart's checkpoint continues the day it belongs to; the bridge's outage is unmeasured time of that day.
    private void TakeUpRestored(long firstNs)
    {
        if (!_restored.HasValue)
        {
            return;
        }

        var r = _restored;
        _restored = default;
        var carried = _pendingAlignment is not null;
        _pendingAlignment = null;
        if (DayOf(r.AsOfNs) != _day)
        {
            _carriedLastNs = long.MinValue;
            _carriedEndNs = long.MinValue;
            _restoredApplied = -1;
            return;
        }

        if (carried)
        {
            // The carried readings cover the checkpoint's instant onwards: counting resumes exactly there, with them
            // (the cursor starts again, since finding the first reading may have moved it past that instant).
            _integratedToNs = r.AsOfNs;
            _state.TonnesAsOfNs = r.AsOfNs;
            _velocityCursor = -1;
            _state.DryTonnesToday = r.DryTonnes;
            _state.WetTonnesToday = r.WetTonnes;
            _countedSecondsToday = r.CountedSeconds;
            _state.UnmeasuredSecondsToday = r.UnmeasuredSeconds;
            _restoredApplied = 1;
            return;
        }

        // Readings from before the checkpoint's instant (redelivered after the restart) were counted in it already:
        // counting resumes at that instant, never twice.
        var gap = Math.Max(0, firstNs - r.AsOfNs) / 1e9;
        if (firstNs < r.AsOfNs)
        {
            _integratedToNs = r.AsOfNs;
            _state.TonnesAsOfNs = r.AsOfNs;
        }

        _state.DryTonnesToday = r.DryTonnes;
        _state.WetTonnesToday = r.WetTonnes;
        _countedSecondsToday = r.CountedSeconds + gap;
        _state.UnmeasuredSecondsToday = r.UnmeasuredSeconds + gap;
        _restoredApplied = 1;
    }

    // Zero-order hold over [t0, t1): the flow reading and the density describing the mixture at t0.
    private void Step(long t0, long t1)
    {
        var dt = (t1 - t0) / 1e9;
        _countedSecondsToday += dt;
        // Past the last carried flow reading's sample period, before a new reading: readings that died with the
        // process (a restart's gap), unmeasured like any outage.
        if (!_velocityRing.TryAt(t0, ref _velocityCursor, out var v, out var vt) || t0 - vt > _maxHoldNs
            || (vt == _carriedLastNs && t0 >= _carriedEndNs))
        {
            _state.UnmeasuredSecondsToday += dt;
            SetFlowUnknown();
            return;
        }
        var density = AlignedDensity(t0, out var source);
        var q = v * _pipeArea;
        var cv = (density - _rhoW) / (_rhoS - _rhoW);
        var wetKgPerS = density * q;
        var dryKgPerS = _rhoS * cv * q;
        _state.WetTonnesToday += wetKgPerS * dt / 1000.0;
        _state.DryTonnesToday += dryKgPerS * dt / 1000.0;
        _state.FlowM3PerHour = (float)(q * 3600.0);
        _state.MixtureDensityKgM3 = (float)density;
        _state.DensitySource = source;
        _state.VolumetricConcentration = (float)cv;
        _state.MixtureMassFlowTph = (float)(wetKgPerS * 3.6);
        _state.DrySolidsTph = (float)(dryKgPerS * 3.6);
    }

    // No flow reading to hold: the rates are unknown (NaN, null in the feed), never a zero flow.
    private void SetFlowUnknown()
    {
        _state.FlowM3PerHour = float.NaN;
        _state.MixtureMassFlowTph = float.NaN;
        _state.DrySolidsTph = float.NaN;
    }

    private double AlignedDensity(long t, out SlurryDensitySource source)
    {
        var preference = Settings.DensitySource;
        var ultrasonic = _byKind[(int)SlurrySensorKind.DensityUltrasonic];
        var gamma = _byKind[(int)SlurrySensorKind.DensityGamma];
        // Both cursors advance on every step so they stay O(1) whichever source is chosen.
        var ultrasonicValue = 0f;
        var haveUltrasonic = _ultrasonicRing is not null
            && _ultrasonicRing.TryAt(t, ref _ultrasonicCursor, out ultrasonicValue, out var ua)
            && t - ua <= _maxHoldNs && ultrasonic!.Healthy;
        var gammaValue = 0f;
        var haveGamma = _gammaRing is not null && _gammaRing.TryAt(t, ref _gammaCursor, out gammaValue, out var ga)
            && t - ga <= _maxHoldNs && gamma!.Healthy;
        if (preference != SlurryDensitySource.Gamma && haveUltrasonic)
        {
            source = SlurryDensitySource.Ultrasonic;
            _heldDensity = ultrasonicValue;
        }
        else if (preference != SlurryDensitySource.Ultrasonic && haveGamma)
        {
            source = SlurryDensitySource.Gamma;
            _heldDensity = gammaValue;
        }
        else
        {
            source = SlurryDensitySource.None;
        }
        return _heldDensity;
    }

    private SlurrySensorHealth PackHealth()
    {
        ulong packed = 0;
        for (var k = 0; k < KindCount; k++)
        {
            var fault = _byKind[k] is { } c ? c.Fault : SlurrySensorFault.None;
            packed |= (ulong)fault << (8 * k);
        }
        return new SlurrySensorHealth(packed);
    }

    private static int RingCapacity(double rateHz, SlurryLineSettings s) =>
        (int)Math.Ceiling((s.MaxLagS + s.MaxHoldS + 2.0 + s.HampelHalfWindow / rateHz) * rateHz) + 16;
}
