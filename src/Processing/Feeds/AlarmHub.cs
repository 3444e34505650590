using System.Text.Json;
using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Feeds;

/// <summary>
/// The alarm rules over every feed. Handlers on different workers report their latest values here; each report
/// re-evaluates the rules at that message's time (one lock, held for microseconds), and raise/clear events go
/// out on the alarm events topic while the retained active list is republished. Staleness is evaluated both on
/// every report and by <see cref="TickAsync"/>, which the bridge calls on a timer so a feed that stops
/// altogether still raises its stale alarm. Each feed's message interval is measured as it reports
/// (<see cref="FeedCadence"/>), so staleness rules follow the sensor's own rate; a feed that has not reported yet
/// is aged from the first message the hub saw (a bridge started between two pings is not stale) with its rate
/// unknown, so it raises at its rule's ceiling if it never comes. This is the live <see cref="IAlarmSink"/>; offline
/// processing's handlers report into an <see cref="AlarmReportRecorder"/> instead and their reports are applied here
/// in message order (<see cref="ApplyAsync"/>).
/// </summary>
public sealed class AlarmHub : IAlarmSink
{
    private readonly object _gate = new();
    private readonly AlarmEngine _engine;
    private readonly AlarmStateTable _states;
    private readonly AlarmEvent[] _events = new AlarmEvent[AlarmEngine.MaxRules];
    private readonly JsonFeedBuffer _json = new();
    private readonly TopicScheme _topics;
    private readonly FeedCadence _cadence = new();
    private AlarmInputs _inputs;
    private long _latestNs;
    private bool _started;
    private long _latestWallTicks;
    private long _raised;
    private long _cleared;
    private long _acknowledged;
    private IReadOnlyList<SavedAlarm>? _pending;
    private long _pendingDayStartNs, _pendingDayEndNs;
    private bool _publishRestored;
    private int _restoreOutcome;
    private int _restoredUnknown;

    /// <summary>Creates the hub with <paramref name="rules"/> (the defaults when null).</summary>
    public AlarmHub(TopicScheme topics, IReadOnlyList<AlarmRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        _topics = topics;
        _engine = new AlarmEngine(rules);
        _states = new AlarmStateTable(_engine.Rules.Count);
        _inputs.NearestObstacleRangeM = float.NaN;
    }

    /// <summary>Where events go; set by whoever owns the publishing side.</summary>
    public IFeedSink? Sink { get; set; }

    /// <summary>Alarms raised so far.</summary>
    public long Raised => Interlocked.Read(ref _raised);

    /// <summary>Alarms cleared so far.</summary>
    public long Cleared => Interlocked.Read(ref _cleared);

    /// <summary>Acknowledgements that changed an alarm's state.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>An alarm's ISA-18.2 state, by its rule's name (null for a name no rule has).</summary>
    public AlarmState? StateOf(string alarm)
    {
        lock (_gate)
        {
            var i = IndexOf(alarm);
            return i < 0 ? null : _states[i];
        }
    }

    /// <summary>An operator acknowledges <paramref name="alarm"/> (a rule's name): the states change as ISA-18.2 says
    /// (<see cref="AlarmStateTable"/>) and, when one did, an "acknowledged" event and the retained list go out so every
    /// console shows it. Returns false for a name no rule has (the caller reports it); acknowledging an alarm that has
    /// nothing to acknowledge is accepted and changes nothing.</summary>
    public async ValueTask<bool> AcknowledgeAsync(string alarm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        byte[] eventsJson;
        byte[] activeJson;
        lock (_gate)
        {
            var i = IndexOf(alarm);
            if (i < 0)
            {
                return false;
            }

            if (!_states.Acknowledge(i))
            {
                return true;
            }

            Interlocked.Increment(ref _acknowledged);
            var nowNs = Volatile.Read(ref _latestNs);
            var json = _json.Begin();
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "t", nowNs);
            json.WriteStartArray("events");
            json.WriteStartObject();
            json.WriteString("alarm", _engine.Rules[i].Name);
            json.WriteString("severity", _engine.Rules[i].Severity.ToString().ToLowerInvariant());
            json.WriteString("transition", "acknowledged");
            json.WriteString("state", AlarmStateTable.Name(_states[i]));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            eventsJson = _json.End().ToArray();
            activeJson = ActiveJson(nowNs);
        }

        await PublishAsync(eventsJson, activeJson, cancellationToken).ConfigureAwait(false);
        return true;
    }

    // Under the lock.
    private int IndexOf(string alarm)
    {
        for (var i = 0; i < _engine.Rules.Count; i++)
        {
            if (string.Equals(_engine.Rules[i].Name, alarm, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The latest message time any feed has reported, ns (0 before the first).</summary>
    public long LatestNs => Volatile.Read(ref _latestNs);

    /// <summary>Whether restored alarm states were taken up (1), refused as another day's (−1) or are waiting for the
    /// first message (0; also when nothing was restored).</summary>
    public int RestoreOutcome => Volatile.Read(ref _restoreOutcome);

    /// <summary>Restored alarms whose name no rule has any more (skipped; the rules changed across the restart).</summary>
    public int RestoredUnknown => Volatile.Read(ref _restoredUnknown);

    /// <summary>Every alarm that is not normal, with its state and raise time (for a checkpoint). Restored states still
    /// waiting for the first message are returned as they are, so a checkpoint taken before then keeps them.</summary>
    public IReadOnlyList<SavedAlarm> Saved()
    {
        lock (_gate)
        {
            if (_pending is { } pending)
            {
                return pending;
            }

            var list = new List<SavedAlarm>();
            for (var i = 0; i < _engine.Rules.Count; i++)
            {
                if (_states[i] != AlarmState.Normal)
                {
                    list.Add(new SavedAlarm(_engine.Rules[i].Name, _states[i], _states.RaisedNs(i)));
                }
            }

            return list;
        }
    }

    /// <summary>Alarm states from before a restart: taken up when the first message arrives, if its time is within
    /// [<paramref name="dayStartNs"/>, <paramref name="dayEndNs"/>) (the checkpoint's day; the day is the data's, in
    /// message time, so it is only known then); otherwise dropped. Taken up, an unacknowledged alarm is still
    /// unacknowledged, an acknowledged one still acknowledged (and active, so the engine clears it by its rule), a
    /// cleared-unacknowledged one waits for its acknowledgement; the retained list is published at once.</summary>
    public void Restore(IReadOnlyList<SavedAlarm> alarms, long dayStartNs, long dayEndNs)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        lock (_gate)
        {
            if (_latestNs != 0)
            {
                throw new InvalidOperationException("Alarm states can only be restored before the first message.");
            }

            _pending = alarms;
            _pendingDayStartNs = dayStartNs;
            _pendingDayEndNs = dayEndNs;
            _restoreOutcome = 0;
        }
    }

    // Under the lock, at the first message.
    private void TakeUpRestored(long timestampNs)
    {
        var pending = _pending!;
        _pending = null;
        if (timestampNs < _pendingDayStartNs || timestampNs >= _pendingDayEndNs)
        {
            Volatile.Write(ref _restoreOutcome, -1);
            return;
        }

        foreach (var alarm in pending)
        {
            var i = IndexOf(alarm.Alarm);
            if (i < 0)
            {
                Interlocked.Increment(ref _restoredUnknown);
                continue;
            }

            _states.Restore(i, alarm.State, alarm.RaisedNs);
            _engine.RestoreActive(i, alarm.State is AlarmState.UnacknowledgedActive or AlarmState.AcknowledgedActive);
        }

        _publishRestored = true;
        Volatile.Write(ref _restoreOutcome, 1);
    }

    /// <summary>A feed's measured message interval, s (0 until it has sent two messages).</summary>
    public double IntervalSeconds(AlarmFeed feed)
    {
        lock (_gate)
        {
            return _cadence.IntervalNs(feed) / 1e9;
        }
    }

    /// <summary>The names of the active alarms with their severities (for the terminal view).</summary>
    public IReadOnlyList<(string Name, AlarmSeverity Severity)> Active()
    {
        lock (_gate)
        {
            var list = new List<(string, AlarmSeverity)>();
            for (var i = 0; i < _engine.Rules.Count; i++)
            {
                if (_engine.IsActive(i))
                {
                    list.Add((_engine.Rules[i].Name, _engine.Rules[i].Severity));
                }
            }

            return list;
        }
    }

    /// <summary>Applies a recorded report (<see cref="AlarmReportRecorder"/>), as the method it stands for would
    /// have.</summary>
    public ValueTask ApplyAsync(in AlarmReport report, CancellationToken cancellationToken) => report.Kind switch
    {
        AlarmReportKind.Altitude => AltitudeAsync(report.TimestampNs, report.Value, report.Flag, cancellationToken),
        AlarmReportKind.Obstacle => ObstacleAsync(report.TimestampNs, report.Feed, report.Value, cancellationToken),
        AlarmReportKind.Slurry => SlurryAsync(report.TimestampNs, report.Flag, report.Faults, cancellationToken),
        _ => TouchAsync(report.TimestampNs, report.Feed, cancellationToken),
    };

    /// <inheritdoc/>
    public ValueTask AltitudeAsync(long timestampNs, float altitudeM, bool valid, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _inputs.AltitudeM = altitudeM;
            _inputs.AltitudeValid = valid;
            Touch(timestampNs, AlarmFeed.Altimeter);
        }

        return EvaluateAsync(Volatile.Read(ref _latestNs), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask ObstacleAsync(long timestampNs, AlarmFeed feed, float rangeM, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _inputs.NearestObstacleRangeM = rangeM;
            Touch(timestampNs, feed);
        }

        return EvaluateAsync(Volatile.Read(ref _latestNs), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask SlurryAsync(long timestampNs, bool clogWarning, ulong faults, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _inputs.ClogWarning = clogWarning;
            _inputs.SensorFaults = faults;
            Touch(timestampNs, AlarmFeed.Slurry);
        }

        return EvaluateAsync(Volatile.Read(ref _latestNs), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask TouchAsync(long timestampNs, AlarmFeed feed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Touch(timestampNs, feed);
        }

        return EvaluateAsync(Volatile.Read(ref _latestNs), cancellationToken);
    }

    // Under the lock: the feed's freshness, and the hub's notion of "now" (the latest message time).
    private void Touch(long timestampNs, AlarmFeed feed)
    {
        // The engine reads a last update of 0 as "never", but a recording imported without a start time begins at
        // exactly 0 (1970-01-01T00:00:00Z): such a message is stamped 1 ns late as a freshness, or every feed would be
        // stale at once (issue 19: three stale alarms at t = 0 on imported Oculus pings).
        var freshNs = Math.Max(1, timestampNs);
        var first = !_started;
        if (first)
        {
            _started = true;
            foreach (var f in Enum.GetValues<AlarmFeed>())
            {
                _inputs.SetLastUpdate(f, freshNs);
            }

            if (_pending is not null)
            {
                TakeUpRestored(timestampNs);
            }
        }

        _cadence.Observe(feed, timestampNs);
        _inputs.SetInterval(feed, _cadence.IntervalNs(feed));
        _inputs.SetLastUpdate(feed, freshNs);
        if (timestampNs > _latestNs || first)
        {
            Volatile.Write(ref _latestNs, timestampNs);
            _latestWallTicks = DateTime.UtcNow.Ticks;
        }
    }

    /// <summary>Re-evaluates at "now": the latest message time plus the wall time since it arrived.</summary>
    public ValueTask TickAsync(CancellationToken cancellationToken)
    {
        long now;
        lock (_gate)
        {
            if (!_started)
            {
                return ValueTask.CompletedTask;
            }

            now = _latestNs + (DateTime.UtcNow.Ticks - _latestWallTicks) * 100;
        }

        return EvaluateAsync(now, cancellationToken);
    }

    private ValueTask EvaluateAsync(long nowNs, CancellationToken cancellationToken)
    {
        byte[]? eventsJson = null;
        byte[]? activeJson = null;
        lock (_gate)
        {
            _inputs.TimestampNs = nowNs;
            var count = _engine.Evaluate(_inputs, _events);
            if (count == 0 && _publishRestored)
            {
                // The restored states go out once, so every console shows them before anything changes.
                _publishRestored = false;
                return PublishActiveAsync(ActiveJson(nowNs), cancellationToken);
            }

            if (count == 0)
            {
                return ValueTask.CompletedTask;
            }

            _publishRestored = false;

            var json = _json.Begin();
            json.WriteStartObject();
            JsonFeedBuffer.Time(json, "t", nowNs);
            json.WriteStartArray("events");
            for (var k = 0; k < count; k++)
            {
                var e = _events[k];
                _states.Apply(e);
                var raised = e.Transition == AlarmTransition.Raised;
                Interlocked.Increment(ref raised ? ref _raised : ref _cleared);
                json.WriteStartObject();
                json.WriteString("alarm", _engine.Rules[e.RuleIndex].Name);
                json.WriteString("severity", e.Severity.ToString().ToLowerInvariant());
                json.WriteString("transition", raised ? "raised" : "cleared");
                JsonFeedBuffer.Number(json, "value", e.Value, 3);
                json.WriteString("state", AlarmStateTable.Name(_states[e.RuleIndex]));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            eventsJson = _json.End().ToArray();

            activeJson = ActiveJson(nowNs);
        }

        return PublishAsync(eventsJson, activeJson, cancellationToken);
    }

    // Under the lock. "active": the active alarms, each with its ISA-18.2 state ("unacknowledged" or "acknowledged") and
    // the time it was raised; "returned": alarms that cleared before anyone acknowledged them ("cleared-unacknowledged"),
    // shown until acknowledged. A cleared and acknowledged alarm is in neither.
    private byte[] ActiveJson(long nowNs)
    {
        var json = _json.Begin();
        json.WriteStartObject();
        JsonFeedBuffer.Time(json, "t", nowNs);
        json.WriteStartArray("active");
        WriteStates(json, active: true);
        json.WriteEndArray();
        json.WriteStartArray("returned");
        WriteStates(json, active: false);
        json.WriteEndArray();
        json.WriteEndObject();
        return _json.End().ToArray();
    }

    private void WriteStates(System.Text.Json.Utf8JsonWriter json, bool active)
    {
        for (var i = 0; i < _engine.Rules.Count; i++)
        {
            var state = _states[i];
            if (state == AlarmState.Normal || (state == AlarmState.ClearedUnacknowledged) == active)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("alarm", _engine.Rules[i].Name);
            json.WriteString("severity", _engine.Rules[i].Severity.ToString().ToLowerInvariant());
            json.WriteString("state", AlarmStateTable.Name(state));
            JsonFeedBuffer.Time(json, "raisedT", _states.RaisedNs(i));
            json.WriteEndObject();
        }
    }

    private ValueTask PublishActiveAsync(byte[] active, CancellationToken cancellationToken) =>
        Sink is { } sink
            ? sink.PublishAsync(_topics.AlarmsActive, active, "application/json", 0, true, cancellationToken)
            : ValueTask.CompletedTask;

    private async ValueTask PublishAsync(byte[] events, byte[] active, CancellationToken cancellationToken)
    {
        if (Sink is not { } sink)
        {
            return;
        }

        await sink.PublishAsync(_topics.AlarmEvents, events, "application/json", 0, false, cancellationToken).ConfigureAwait(false);
        await sink.PublishAsync(_topics.AlarmsActive, active, "application/json", 0, true, cancellationToken).ConfigureAwait(false);
    }
}
