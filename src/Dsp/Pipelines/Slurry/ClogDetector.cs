using RovDsp.Dsp.Design;
using RovDsp.Dsp.Filters;

namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// The settling/clog warning of <see cref="SlurryLinePipeline"/>, run once a second on 1-s means of the flow
/// velocity and the frictional pressure difference. The classic signature (docs/domain.md#slurry-line; Wilson, Addie,
/// Sellgren and Clift, "Slurry Transport Using Centrifugal Pumps", 3rd ed., ch. 6) is velocity falling toward the
/// deposition velocity while the pressure difference rises: the bore narrows and the pump climbs its curve.
/// </summary>
/// <remarks>
/// Raise when, for <see cref="SlurryLineSettings.ClogRaiseDwellS"/> seconds in a row, all of: (a) trend velocity
/// below RaiseRatio·V_D; (b) it is at least DropFraction below its maximum over the look-back window (falling: a
/// pump start-up, where velocity rises through the threshold, never qualifies); (c) the trend frictional pressure
/// is at least PressureRise above its minimum over the window (rising: a pump stop, where both fall, never
/// qualifies). Clear when the trend velocity stays above ClearRatio·V_D for ClearDwell seconds. The trend filters
/// (2nd-order Butterworth, 0.02 Hz) remove ship heave (8–12 s) and start-up surges shorter than about a minute.
/// </remarks>
internal sealed class ClogDetector
{
    private readonly SlurryLineSettings _settings;
    private readonly SosFilter _velocityTrend;
    private readonly SosFilter _pressureTrend;
    private readonly float[] _velocityWindow;
    private readonly float[] _pressureWindow;
    private readonly float[] _one = new float[1];
    private readonly double _raiseVelocity;
    private readonly double _clearVelocity;
    private readonly int _raiseTicks;
    private readonly int _clearTicks;
    private int _windowCount;
    private int _windowNext;
    private bool _started;
    private float _velocityOffset, _pressureOffset;
    private int _raiseRun, _clearRun;

    public ClogDetector(SlurryLineSettings settings, double depositionVelocity)
    {
        _settings = settings;
        DepositionVelocity = depositionVelocity;
        var sos = IirDesign.Butter(2, settings.ClogTrendCutoffHz, FilterBand.LowPass, 1.0);
        _velocityTrend = new SosFilter(sos);
        _pressureTrend = new SosFilter(sos);
        var window = Math.Max(2, (int)Math.Ceiling(settings.ClogWindowS));
        _velocityWindow = new float[window];
        _pressureWindow = new float[window];
        _raiseVelocity = settings.ClogRaiseVelocityRatio * depositionVelocity;
        _clearVelocity = settings.ClogClearVelocityRatio * depositionVelocity;
        _raiseTicks = Math.Max(1, (int)Math.Ceiling(settings.ClogRaiseDwellS));
        _clearTicks = Math.Max(1, (int)Math.Ceiling(settings.ClogClearDwellS));
    }

    public double DepositionVelocity { get; }

    public bool Warning { get; private set; }

    public float TrendVelocity { get; private set; }

    public float TrendPressure { get; private set; }

    /// <summary>Whether the last tick had valid inputs.</summary>
    public bool Valid { get; private set; }

    public long RaiseCount { get; private set; }

    public ClogStage Stage => !Warning ? ClogStage.Clear
        : TrendVelocity < DepositionVelocity ? ClogStage.BelowDeposition : ClogStage.Settling;

    /// <summary>0 when clear; while warning, how far the trend velocity has fallen from the raise threshold to
    /// the deposition velocity (1 at or below V_D).</summary>
    public float Index => !Warning ? 0f
        : (float)Math.Clamp((_raiseVelocity - TrendVelocity) / (_raiseVelocity - DepositionVelocity), 0.0, 1.0);

    public void Reset()
    {
        _velocityTrend.Reset();
        _pressureTrend.Reset();
        _windowCount = 0;
        _windowNext = 0;
        _started = false;
        _raiseRun = _clearRun = 0;
        Warning = false;
        Valid = false;
        TrendVelocity = TrendPressure = 0f;
        RaiseCount = 0;
    }

    /// <summary>One 1-s tick. An invalid tick (a needed sensor faulted or silent) holds the verdict.</summary>
    public void Tick(double velocityMean, double pressureMean, bool valid)
    {
        Valid = valid;
        if (!valid)
        {
            _raiseRun = 0;
            _clearRun = 0;
            return;
        }
        if (!_started)
        {
            // Start the trend filters in their steady state at the first means (deviation form).
            _velocityOffset = (float)velocityMean;
            _pressureOffset = (float)pressureMean;
            _started = true;
        }
        _one[0] = (float)velocityMean - _velocityOffset;
        _velocityTrend.Process(_one, _one);
        TrendVelocity = _one[0] + _velocityOffset;
        _one[0] = (float)pressureMean - _pressureOffset;
        _pressureTrend.Process(_one, _one);
        TrendPressure = _one[0] + _pressureOffset;

        _velocityWindow[_windowNext] = TrendVelocity;
        _pressureWindow[_windowNext] = TrendPressure;
        _windowNext = _windowNext + 1 == _velocityWindow.Length ? 0 : _windowNext + 1;
        _windowCount = Math.Min(_windowCount + 1, _velocityWindow.Length);
        var maxVelocity = float.NegativeInfinity;
        var minPressure = float.PositiveInfinity;
        for (var i = 0; i < _windowCount; i++)
        {
            maxVelocity = Math.Max(maxVelocity, _velocityWindow[i]);
            minPressure = Math.Min(minPressure, _pressureWindow[i]);
        }

        if (!Warning)
        {
            var slow = TrendVelocity < _raiseVelocity;
            var falling = maxVelocity - TrendVelocity >= _settings.ClogVelocityDropFraction * maxVelocity;
            var rising = TrendPressure - minPressure >= _settings.ClogPressureRiseKPa;
            _raiseRun = slow && falling && rising ? _raiseRun + 1 : 0;
            if (_raiseRun >= _raiseTicks)
            {
                Warning = true;
                RaiseCount++;
                _raiseRun = 0;
                _clearRun = 0;
            }
        }
        else
        {
            _clearRun = TrendVelocity > _clearVelocity ? _clearRun + 1 : 0;
            if (_clearRun >= _clearTicks)
            {
                Warning = false;
                _clearRun = 0;
                _raiseRun = 0;
            }
        }
    }
}
