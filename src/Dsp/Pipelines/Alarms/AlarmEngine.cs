namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>
/// Evaluates a fixed list of <see cref="AlarmRule"/>s over <see cref="AlarmInputs"/>: emits raise and clear events
/// into a caller's span and keeps the active set. Nothing is allocated per evaluation.
/// </summary>
public sealed class AlarmEngine
{
    /// <summary>Most rules an engine holds (the active set is a 64-bit mask).</summary>
    public const int MaxRules = 64;

    private readonly AlarmRule[] _rules;
    private readonly long[] _raiseSinceNs;
    private readonly long[] _clearSinceNs;
    private readonly long[] _raiseDwellNs;
    private readonly long[] _clearDwellNs;
    private ulong _active;

    /// <summary>Creates an engine over <paramref name="rules"/> (default <see cref="AlarmRule.Defaults"/>).</summary>
    /// <param name="rules">The rules; validated here.</param>
    /// <exception cref="ArgumentException">A rule is inconsistent; the message names it.</exception>
    public AlarmEngine(IReadOnlyList<AlarmRule>? rules = null)
    {
        rules ??= AlarmRule.Defaults;
        if (rules.Count is 0 or > MaxRules)
        {
            throw new ArgumentException($"rules: between 1 and {MaxRules} rules are needed.", nameof(rules));
        }
        _rules = new AlarmRule[rules.Count];
        _raiseSinceNs = new long[rules.Count];
        _clearSinceNs = new long[rules.Count];
        _raiseDwellNs = new long[rules.Count];
        _clearDwellNs = new long[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new ArgumentException($"rules: rule {i} is null.", nameof(rules));
            Validate(rule, i);
            _rules[i] = rule;
            _raiseDwellNs[i] = (long)(rule.RaiseDwellS * 1e9);
            _clearDwellNs[i] = (long)(rule.ClearDwellS * 1e9);
        }
        Reset();
    }

    /// <summary>The rules, in evaluation order (event <see cref="AlarmEvent.RuleIndex"/> indexes this list).</summary>
    public IReadOnlyList<AlarmRule> Rules => _rules;

    /// <summary>The active set: bit i is rule i.</summary>
    public ulong ActiveMask => _active;

    /// <summary>How many alarms are active.</summary>
    public int ActiveCount => System.Numerics.BitOperations.PopCount(_active);

    /// <summary>Events that did not fit the caller's span (the active set is still right).</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>The most urgent active severity, or null when nothing is active.</summary>
    public AlarmSeverity? HighestActiveSeverity
    {
        get
        {
            AlarmSeverity? highest = null;
            for (var i = 0; i < _rules.Length; i++)
            {
                if (IsActive(i) && (highest is null || _rules[i].Severity > highest))
                {
                    highest = _rules[i].Severity;
                }
            }
            return highest;
        }
    }

    /// <summary>Whether rule <paramref name="ruleIndex"/> is active.</summary>
    /// <param name="ruleIndex">Index into <see cref="Rules"/>.</param>
    public bool IsActive(int ruleIndex) => ((_active >> ruleIndex) & 1) != 0;

    /// <summary>Marks rule <paramref name="ruleIndex"/> active (or not) without an event, as a restart restores it: the
    /// engine then clears it by its own rule when the condition goes away (dwell timers start afresh).</summary>
    public void RestoreActive(int ruleIndex, bool active)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ruleIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ruleIndex, _rules.Length);
        _active = active ? _active | (1UL << ruleIndex) : _active & ~(1UL << ruleIndex);
        _raiseSinceNs[ruleIndex] = long.MinValue;
        _clearSinceNs[ruleIndex] = long.MinValue;
    }

    /// <summary>Clears every alarm and dwell timer without emitting events.</summary>
    public void Reset()
    {
        _active = 0;
        Array.Fill(_raiseSinceNs, long.MinValue);
        Array.Fill(_clearSinceNs, long.MinValue);
        DroppedEvents = 0;
    }

    /// <summary>Evaluates every rule at <see cref="AlarmInputs.TimestampNs"/>.</summary>
    /// <param name="inputs">The latest feed values.</param>
    /// <param name="events">Receives this evaluation's raise/clear events (at most one per rule; size it to the
    /// rule count to never drop one).</param>
    /// <returns>The number of events written.</returns>
    public int Evaluate(in AlarmInputs inputs, Span<AlarmEvent> events)
    {
        var now = inputs.TimestampNs;
        var written = 0;
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            Judge(rule, inputs, out var raise, out var clear, out var value);
            var active = IsActive(i);
            AlarmTransition? transition = null;
            if (!active)
            {
                _clearSinceNs[i] = long.MinValue;
                if (!raise)
                {
                    _raiseSinceNs[i] = long.MinValue;
                }
                else
                {
                    if (_raiseSinceNs[i] == long.MinValue)
                    {
                        _raiseSinceNs[i] = now;
                    }
                    if (now - _raiseSinceNs[i] >= _raiseDwellNs[i])
                    {
                        _active |= 1UL << i;
                        _raiseSinceNs[i] = long.MinValue;
                        transition = AlarmTransition.Raised;
                    }
                }
            }
            else
            {
                _raiseSinceNs[i] = long.MinValue;
                if (!clear)
                {
                    _clearSinceNs[i] = long.MinValue;
                }
                else
                {
                    if (_clearSinceNs[i] == long.MinValue)
                    {
                        _clearSinceNs[i] = now;
                    }
                    if (now - _clearSinceNs[i] >= _clearDwellNs[i])
                    {
                        _active &= ~(1UL << i);
                        _clearSinceNs[i] = long.MinValue;
                        transition = AlarmTransition.Cleared;
                    }
                }
            }
            if (transition is { } t)
            {
                if (written < events.Length)
                {
                    events[written++] = new AlarmEvent(now, i, rule.Severity, t, value);
                }
                else
                {
                    DroppedEvents++;
                }
            }
        }
        return written;
    }

    /// <summary>
    /// The thresholds a <see cref="AlarmCondition.FeedStale"/> rule applies to a feed whose typical message interval
    /// is <paramref name="intervalS"/>: the rule's own for a fixed rule; for an interval-following one, raise after
    /// max(floor, multiple × interval) capped at the ceiling (the ceiling itself while the interval is unknown, 0),
    /// and clear below the clear threshold scaled by the same factor, so a slow sensor's age, which climbs to one
    /// interval between messages, can get under it.
    /// </summary>
    /// <param name="rule">A staleness rule.</param>
    /// <param name="intervalS">The feed's typical message interval, s (0: unknown).</param>
    /// <param name="raiseAfterS">Age above which the feed is stale, s.</param>
    /// <param name="clearBelowS">Age below which the feed is fresh again, s.</param>
    public static void StaleThresholds(AlarmRule rule, double intervalS, out double raiseAfterS, out double clearBelowS)
    {
        ArgumentNullException.ThrowIfNull(rule);
        raiseAfterS = rule.RaiseThreshold;
        clearBelowS = rule.ClearThreshold;
        if (rule.StaleIntervalMultiple <= 0)
        {
            return;
        }
        var adaptive = intervalS > 0 && double.IsFinite(intervalS)
            ? Math.Min(rule.StaleCeilingS, Math.Max(rule.RaiseThreshold, rule.StaleIntervalMultiple * intervalS))
            : rule.StaleCeilingS;
        clearBelowS = rule.ClearThreshold * (adaptive / rule.RaiseThreshold);
        raiseAfterS = adaptive;
    }

    // raise/clear: whether the raise (clear) condition holds now; an unknown value makes both false (hold).
    private static void Judge(AlarmRule rule, in AlarmInputs inputs, out bool raise, out bool clear, out double value)
    {
        switch (rule.Condition)
        {
            case AlarmCondition.AltitudeBelow:
                value = inputs.AltitudeM;
                var known = inputs.AltitudeValid && double.IsFinite(value);
                raise = known && value < rule.RaiseThreshold;
                clear = known && value > rule.ClearThreshold;
                break;
            case AlarmCondition.ObstacleWithin:
                value = inputs.NearestObstacleRangeM;
                raise = value < rule.RaiseThreshold;
                clear = double.IsNaN(value) || value > rule.ClearThreshold;
                break;
            case AlarmCondition.ClogWarning:
                value = inputs.ClogWarning ? 1.0 : 0.0;
                raise = inputs.ClogWarning;
                clear = !inputs.ClogWarning;
                break;
            case AlarmCondition.SensorFault:
                var faulted = (inputs.SensorFaults & rule.FaultMask) != 0;
                value = faulted ? 1.0 : 0.0;
                raise = faulted;
                clear = !faulted;
                break;
            default:
                var last = inputs.LastUpdateNs(rule.Feed);
                value = last == 0 ? double.PositiveInfinity : (inputs.TimestampNs - last) / 1e9;
                StaleThresholds(rule, inputs.IntervalNs(rule.Feed) / 1e9, out var raiseAfter, out var clearBelow);
                raise = value > raiseAfter;
                clear = value < clearBelow;
                break;
        }
    }

    private static void Validate(AlarmRule rule, int index)
    {
        const string name = "rules";
        void Fail(string message) => throw new ArgumentException($"rules[{index}] ({rule.Name}): {message}", name);

        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            Fail("Name must not be empty.");
        }
        if (!Enum.IsDefined(rule.Condition) || !Enum.IsDefined(rule.Severity) || !Enum.IsDefined(rule.Feed))
        {
            Fail("Condition, Severity or Feed is not a defined value.");
        }
        if (!double.IsFinite(rule.RaiseThreshold) || !double.IsFinite(rule.ClearThreshold))
        {
            Fail("RaiseThreshold and ClearThreshold must be finite.");
        }
        if (!(rule.RaiseDwellS >= 0 && rule.RaiseDwellS <= 86_400) || !(rule.ClearDwellS >= 0 && rule.ClearDwellS <= 86_400))
        {
            Fail("RaiseDwellS and ClearDwellS must be 0..86,400 s.");
        }
        switch (rule.Condition)
        {
            case AlarmCondition.AltitudeBelow or AlarmCondition.ObstacleWithin when rule.ClearThreshold < rule.RaiseThreshold:
                Fail("ClearThreshold must be at or above RaiseThreshold (hysteresis).");
                break;
            case AlarmCondition.FeedStale when rule.ClearThreshold > rule.RaiseThreshold || rule.RaiseThreshold <= 0:
                Fail("a staleness rule needs RaiseThreshold > 0 and ClearThreshold at or below it.");
                break;
            case AlarmCondition.FeedStale when rule.StaleIntervalMultiple < 0 || !double.IsFinite(rule.StaleIntervalMultiple)
                                               || (rule.StaleIntervalMultiple > 0 && !(rule.StaleCeilingS >= rule.RaiseThreshold && rule.StaleCeilingS <= 86_400)):
                Fail("StaleIntervalMultiple must be 0 (fixed) or positive with StaleCeilingS between RaiseThreshold and 86,400 s.");
                break;
            case AlarmCondition.SensorFault when rule.FaultMask == 0:
                Fail("FaultMask must select at least one bit.");
                break;
            default:
                break;
        }
    }
}
