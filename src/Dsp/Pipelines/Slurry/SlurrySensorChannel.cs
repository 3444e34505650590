using RovDsp.Dsp.Design;
using RovDsp.Dsp.Filters;
using RovDsp.Dsp.Statistics;

namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// One sensor's conditioning inside <see cref="SlurryLinePipeline"/>: validity checks (NaN/Inf, range, order),
/// stuck and dropout detection, Hampel despiking and Butterworth smoothing at the sensor's own rate. Allocates
/// nothing after construction.
/// </summary>
internal sealed class SlurrySensorChannel
{
    private readonly HampelFilter _hampel;
    private readonly SosFilter _lowPass;
    private readonly float[] _one = new float[1];
    private readonly int _stuckSamples;
    private readonly int _clearSamples;
    private readonly long _dropoutNs;
    private readonly long _latencyNs;
    private long _lastNs;
    private bool _seen;
    private long _hampelInputs;
    private float _offset;
    private bool _hasOffset;
    private float _lastRaw;
    private int _sameCount;
    private int _goodRun;
    private long _samples, _notFinite, _outOfRange, _outOfOrder, _stuckEvents, _dropoutEvents;

    public SlurrySensorChannel(SlurrySensorSpec spec, SlurryLineSettings settings)
    {
        Spec = spec;
        _hampel = new HampelFilter(settings.HampelHalfWindow, settings.HampelSigmas);
        var cutoff = Math.Min(settings.LowPassCutoffHz, 0.4 * spec.RateHz);
        _lowPass = new SosFilter(IirDesign.Butter(settings.LowPassOrder, cutoff, FilterBand.LowPass, spec.RateHz));
        _stuckSamples = spec.StuckWindowS > 0 ? Math.Max(2, (int)Math.Ceiling(spec.StuckWindowS * spec.RateHz)) : 0;
        _clearSamples = Math.Max(1, (int)Math.Ceiling(settings.FaultClearS * spec.RateHz));
        _dropoutNs = (long)(settings.DropoutPeriods / spec.RateHz * 1e9);
        // The Hampel decision about a reading comes HalfWindow readings later.
        _latencyNs = (long)(settings.HampelHalfWindow / spec.RateHz * 1e9);
        Reset();
    }

    public SlurrySensorSpec Spec { get; }

    /// <summary>Current fault flags.</summary>
    public SlurrySensorFault Fault { get; private set; }

    /// <summary>Whether <see cref="Value"/> holds a conditioned reading.</summary>
    public bool HasValue { get; private set; }

    /// <summary>The latest despiked, smoothed reading.</summary>
    public float Value { get; private set; }

    /// <summary>The time <see cref="Value"/> refers to (arrival stamp minus the Hampel latency), ns.</summary>
    public long ValueTimeNs { get; private set; }

    /// <summary>Hampel latency, ns.</summary>
    public long LatencyNs => _latencyNs;

    /// <summary>Stamp of the latest reading, ns.</summary>
    public long LastNs => _lastNs;

    public bool Healthy => Fault == SlurrySensorFault.None;

    public SlurrySensorCounters Counters => new(_samples, _notFinite, _outOfRange, _outOfOrder, _stuckEvents,
        _dropoutEvents, _hampel.ReplacedCount);

    public void Reset()
    {
        _hampel.Reset();
        _lowPass.Reset();
        _lastNs = 0;
        _seen = false;
        _hampelInputs = 0;
        _hasOffset = false;
        _offset = 0f;
        _lastRaw = float.NaN;
        _sameCount = 0;
        _goodRun = 0;
        _samples = _notFinite = _outOfRange = _outOfOrder = _stuckEvents = _dropoutEvents = 0;
        Fault = SlurrySensorFault.NoData;
        HasValue = false;
        Value = 0f;
        ValueTimeNs = 0;
    }

    /// <summary>Takes one reading; returns true when it produced a new conditioned <see cref="Value"/>.</summary>
    public bool Accept(long timestampNs, float value)
    {
        _samples++;
        if (_seen && timestampNs < _lastNs)
        {
            _outOfOrder++;
            return false;
        }
        _seen = true;
        _lastNs = timestampNs;
        var fault = Fault & ~(SlurrySensorFault.NoData | SlurrySensorFault.Dropout);

        if (!float.IsFinite(value))
        {
            _notFinite++;
            _goodRun = 0;
            Fault = fault | SlurrySensorFault.NotFinite;
            return false;
        }
        if (value < Spec.MinValue || value > Spec.MaxValue)
        {
            _outOfRange++;
            _goodRun = 0;
            Fault = fault | SlurrySensorFault.OutOfRange;
            return false;
        }
        if (++_goodRun >= _clearSamples)
        {
            fault &= ~(SlurrySensorFault.NotFinite | SlurrySensorFault.OutOfRange);
        }

        // Stuck: the reading has not changed at all (zero variance) for the stuck window.
        _sameCount = value == _lastRaw ? _sameCount + 1 : 0;
        _lastRaw = value;
        if (_stuckSamples > 0 && _sameCount + 1 >= _stuckSamples)
        {
            if ((fault & SlurrySensorFault.Stuck) == 0)
            {
                _stuckEvents++;
            }
            fault |= SlurrySensorFault.Stuck;
        }
        else
        {
            fault &= ~SlurrySensorFault.Stuck;
        }
        Fault = fault;

        // Despike, then smooth the deviation from the first reading: that starts the Butterworth filter in its
        // steady state (what scipy's sosfilt_zi does for a step) instead of ringing up from zero, and keeps
        // large offsets (58,000 kPa) out of the filter's float path.
        _one[0] = value;
        _hampel.Process(_one, _one);
        if (++_hampelInputs <= _hampel.HalfWindow)
        {
            return false;
        }
        if (!_hasOffset)
        {
            _offset = _one[0];
            _hasOffset = true;
        }
        _one[0] -= _offset;
        _lowPass.Process(_one, _one);
        Value = _one[0] + _offset;
        ValueTimeNs = timestampNs - _latencyNs;
        HasValue = true;
        return true;
    }

    /// <summary>Marks a dropout when the sensor has been silent too long at <paramref name="nowNs"/>.</summary>
    public void CheckDropout(long nowNs)
    {
        if (!_seen || (Fault & SlurrySensorFault.Dropout) != 0)
        {
            return;
        }
        if (nowNs - _lastNs > _dropoutNs)
        {
            _dropoutEvents++;
            Fault |= SlurrySensorFault.Dropout;
        }
    }
}
