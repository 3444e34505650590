namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>
/// The ISA-18.2 state of each rule's alarm, driven by the engine's raise and clear events and by operators'
/// acknowledgements. Raise: normal or cleared-unacknowledged becomes unacknowledged-active. Clear: unacknowledged-active
/// becomes cleared-unacknowledged (an alarm nobody saw is not forgotten because it went away), acknowledged-active becomes
/// normal. Acknowledge: unacknowledged-active becomes acknowledged-active, cleared-unacknowledged becomes normal; anything
/// else is left as it is (acknowledging twice, from two consoles, is harmless). Nothing is allocated after construction.
/// </summary>
public sealed class AlarmStateTable
{
    private readonly AlarmState[] _states;
    private readonly long[] _raisedNs;

    /// <summary>Creates a table of <paramref name="ruleCount"/> alarms, all normal.</summary>
    public AlarmStateTable(int ruleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ruleCount);
        _states = new AlarmState[ruleCount];
        _raisedNs = new long[ruleCount];
    }

    /// <summary>How many alarms the table holds.</summary>
    public int Count => _states.Length;

    /// <summary>Alarm <paramref name="ruleIndex"/>'s state.</summary>
    public AlarmState this[int ruleIndex] => _states[ruleIndex];

    /// <summary>When alarm <paramref name="ruleIndex"/> was last raised (ns of message time; 0 if never).</summary>
    public long RaisedNs(int ruleIndex) => _raisedNs[ruleIndex];

    /// <summary>Applies an engine event.</summary>
    public void Apply(in AlarmEvent alarmEvent)
    {
        var i = alarmEvent.RuleIndex;
        if (alarmEvent.Transition == AlarmTransition.Raised)
        {
            _states[i] = AlarmState.UnacknowledgedActive;
            _raisedNs[i] = alarmEvent.TimestampNs;
        }
        else
        {
            _states[i] = _states[i] switch
            {
                AlarmState.UnacknowledgedActive => AlarmState.ClearedUnacknowledged,
                AlarmState.AcknowledgedActive => AlarmState.Normal,
                var s => s,
            };
        }
    }

    /// <summary>An operator acknowledges alarm <paramref name="ruleIndex"/>; returns whether its state changed.</summary>
    public bool Acknowledge(int ruleIndex)
    {
        var before = _states[ruleIndex];
        _states[ruleIndex] = before switch
        {
            AlarmState.UnacknowledgedActive => AlarmState.AcknowledgedActive,
            AlarmState.ClearedUnacknowledged => AlarmState.Normal,
            var s => s,
        };
        return _states[ruleIndex] != before;
    }

    /// <summary>Sets alarm <paramref name="ruleIndex"/>'s state and raise time as a restart restores them (with the
    /// engine's <see cref="AlarmEngine.RestoreActive"/> for the active ones).</summary>
    public void Restore(int ruleIndex, AlarmState state, long raisedNs)
    {
        _states[ruleIndex] = state;
        _raisedNs[ruleIndex] = raisedNs;
    }

    /// <summary>Every alarm back to normal (with the engine's <see cref="AlarmEngine.Reset"/>).</summary>
    public void Reset()
    {
        Array.Clear(_states);
        Array.Clear(_raisedNs);
    }

    /// <summary>The name ISA-18.2 gives a state, as the alarms feed writes it.</summary>
    public static string Name(AlarmState state) => state switch
    {
        AlarmState.UnacknowledgedActive => "unacknowledged",
        AlarmState.AcknowledgedActive => "acknowledged",
        AlarmState.ClearedUnacknowledged => "cleared-unacknowledged",
        _ => "normal",
    };
}
