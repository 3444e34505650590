using System.Collections.Concurrent;
using System.Globalization;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.State;

/// <summary>
/// One vehicle's state across restarts (docs/deployment.md, "State across restarts"): at start it reads the vehicle's
/// checkpoint file and gives each part back to its owner (the alarm hub, and each slurry line and echosounder handler as
/// its first message creates it), each owner taking it up only when its first message is of the checkpoint's day; then
/// it writes a checkpoint every <see cref="StateOptions.Interval"/> from a timer (never per message) and once more when
/// the bridge stops. A checkpoint that cannot be read (corrupt, another version, another vehicle) or written (disk full,
/// no permission) is said on the errors topic and the log with its reason, counted in the metrics, and the bridge
/// keeps processing; a refused file is moved aside as <c>.rejected</c>.
/// </summary>
public sealed class VehicleStateKeeper
{
    /// <summary>Error source of checkpoint problems on the errors topic.</summary>
    public const string ErrorSource = "state";

    private readonly StateOptions _options;
    private readonly string _vehicle;
    private readonly ErrorReporter _errors;
    private readonly AlarmHub _alarms;
    private readonly CheckpointFile _file;
    private readonly ConcurrentDictionary<string, SlurryHandler> _slurry = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EchosounderHandler> _echosounders = new(StringComparer.Ordinal);
    private readonly object _writeGate = new();
    private VehicleCheckpoint? _restored;
    private long _written;
    private long _writeFailures;
    private long _readFailures;
    private string? _lastFailure;

    /// <summary>Creates the keeper of <paramref name="vehicle"/>'s state.</summary>
    public VehicleStateKeeper(StateOptions options, string vehicle, ErrorReporter errors, AlarmHub alarms)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(alarms);
        options.Validate();
        _options = options;
        _vehicle = vehicle;
        _errors = errors;
        _alarms = alarms;
        _file = new CheckpointFile(options.FileOf(vehicle));
    }

    /// <summary>The checkpoint file.</summary>
    public string FilePath => _file.Path;

    /// <summary>Checkpoints written.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Checkpoints that could not be written.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Checkpoints that could not be read or taken up at start.</summary>
    public long ReadFailures => Interlocked.Read(ref _readFailures);

    /// <summary>The checkpoint read at start (null when there was none or it was refused).</summary>
    public VehicleCheckpoint? Restored => _restored;

    /// <summary>Reads the vehicle's checkpoint and hands the alarm states to the hub; the handlers get theirs as they
    /// are made (<see cref="Adopt"/>). Call before any message is processed. Returns one line saying what was found.</summary>
    public string Restore()
    {
        VehicleCheckpoint checkpoint;
        try
        {
            var bytes = _file.Read();
            if (bytes is null)
            {
                return $"state: no checkpoint at {_file.Path}; the day's totals start from zero";
            }

            checkpoint = CheckpointCodec.Read(bytes);
            if (checkpoint.Vehicle != _vehicle)
            {
                throw new CheckpointFormatException($"it belongs to vehicle '{checkpoint.Vehicle}', not '{_vehicle}'");
            }
        }
        catch (Exception ex) when (ex is CheckpointFormatException or IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _readFailures);
            var aside = "";
            if (ex is CheckpointFormatException)
            {
                try
                {
                    aside = "; moved to " + _file.SetAside();
                }
                catch (Exception moveEx) when (moveEx is IOException or UnauthorizedAccessException)
                {
                    aside = "; could not be moved aside: " + moveEx.Message;
                }
            }

            Fail("checkpoint-refused", $"checkpoint {_file.Path} not restored: {ex.Message}{aside}; the day's totals start from zero");
            return "state: " + _lastFailure;
        }

        _restored = checkpoint;
        _alarms.Restore(checkpoint.Alarms, checkpoint.DayStartNs, checkpoint.DayEndNs);
        var c = CultureInfo.InvariantCulture;
        var slurry = string.Join(", ", checkpoint.Slurry.Select(s =>
            string.Create(c, $"{s.Key} {s.Value.DryTonnes:F3} t dry / {s.Value.WetTonnes:F3} t wet")));
        return string.Create(c,
            $"state: checkpoint of {checkpoint.SavedUtc:O} read from {_file.Path} (data day from {DateTimeOffset.FromUnixTimeMilliseconds(checkpoint.DayStartNs / 1_000_000):O}): slurry {(slurry.Length == 0 ? "none" : slurry)}, {checkpoint.Alarms.Count} alarm(s), {checkpoint.Altitude.Count} altitude(s); each is taken up if the first data is of that day");
    }

    /// <summary>Takes a newly made handler: gives it its restored state (before its first message) and keeps it for the
    /// checkpoints.</summary>
    public void Adopt(string sensor, ISensorHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            if (handler is SlurryHandler slurry && _slurry.TryAdd(sensor, slurry) && Find(_restored?.Slurry, sensor) is { } totals)
            {
                slurry.RestoreTotals(totals);
                if (FindAlignment(sensor) is { } aligned)
                {
                    RestoreAlignment(sensor, slurry, aligned);
                }
            }
            else if (handler is EchosounderHandler echosounder && _echosounders.TryAdd(sensor, echosounder)
                && Find(_restored?.Altitude, sensor) is { } memory)
            {
                echosounder.Restore(memory, _restored!.DayStartNs, _restored.DayEndNs);
            }
        }
        catch (ArgumentException ex)
        {
            // The codec validated it; this only guards a handler that refuses what the codec let through.
            Interlocked.Increment(ref _readFailures);
            Fail("checkpoint-refused", $"restored state of sensor '{sensor}' refused: {ex.Message}");
        }
    }

    // Readings that do not fit the line (its sensors changed, a damaged file) are refused on their own: the totals stay
    // restored, and the loss is what it was before readings were carried (the alignment delay's flow).
    private void RestoreAlignment(string sensor, SlurryHandler slurry, SlurryAlignmentSnapshot aligned)
    {
        try
        {
            slurry.RestoreAlignment(aligned);
        }
        catch (ArgumentException ex)
        {
            Interlocked.Increment(ref _readFailures);
            Fail("checkpoint-refused", $"carried readings of sensor '{sensor}' refused (its totals are restored without them): {ex.Message}");
        }
    }

    private SlurryAlignmentSnapshot? FindAlignment(string sensor)
    {
        foreach (var (key, value) in _restored?.SlurryAlignment ?? [])
        {
            if (key == sensor)
            {
                return value;
            }
        }

        return null;
    }

    private static T? Find<T>(IReadOnlyList<KeyValuePair<string, T>>? items, string sensor)
        where T : struct
    {
        foreach (var (key, value) in items ?? [])
        {
            if (key == sensor)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The state now, or null before this run has seen any message (the file on disk is then still the best
    /// there is, and is left alone).</summary>
    public VehicleCheckpoint? Capture()
    {
        var latest = _alarms.LatestNs;
        if (latest == 0)
        {
            return null;
        }

        var dayStart = SlurryLinePipeline.DayStart(latest, _options.DayStartUtcOffset);
        var slurry = new List<KeyValuePair<string, SlurryTotals>>();
        var alignment = new List<KeyValuePair<string, SlurryAlignmentSnapshot>>();
        foreach (var (sensor, handler) in _slurry)
        {
            var (totals, aligned) = handler.Capture();
            if (totals.HasValue && totals.Problem() is null)
            {
                slurry.Add(new(sensor, totals));
                if (aligned is not null)
                {
                    alignment.Add(new(sensor, aligned));
                }
            }
        }

        // A line that has not had its first reading in this run keeps the restored totals it is still holding.
        foreach (var (sensor, totals) in _restored?.Slurry ?? [])
        {
            if (!_slurry.ContainsKey(sensor))
            {
                slurry.Add(new(sensor, totals));
                if (FindAlignment(sensor) is { } aligned)
                {
                    alignment.Add(new(sensor, aligned));
                }
            }
        }

        var altitude = new List<KeyValuePair<string, AltitudeMemory>>();
        foreach (var (sensor, handler) in _echosounders)
        {
            var memory = handler.LastValid;
            if (memory.HasValue && memory.Problem() is null)
            {
                altitude.Add(new(sensor, memory));
            }
        }

        return new VehicleCheckpoint(_vehicle, DateTimeOffset.UtcNow, latest, dayStart, dayStart + 86_400_000_000_000L,
            slurry, _alarms.Saved(), altitude, alignment);
    }

    /// <summary>Writes a checkpoint now (nothing before the first message); returns whether one was written. A failure
    /// is reported and counted, never thrown.</summary>
    public bool Checkpoint()
    {
        lock (_writeGate)
        {
            var checkpoint = Capture();
            if (checkpoint is null)
            {
                return false;
            }

            try
            {
                _file.Write(CheckpointCodec.Write(checkpoint));
                Interlocked.Increment(ref _written);
                if (_lastFailure is not null && Interlocked.Read(ref _writeFailures) > 0)
                {
                    _options.Log?.Invoke($"state: checkpoints to {_file.Path} are written again");
                    _lastFailure = null;
                }

                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref _writeFailures);
                Fail("checkpoint-failed", $"checkpoint {_file.Path} not written: {ex.Message} (the bridge keeps running; a crash now loses the day's totals since the last good checkpoint)");
                return false;
            }
        }
    }

    /// <summary>Checkpoints every <see cref="StateOptions.Interval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Checkpoint();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the owner writes the last checkpoint after the workers have drained.
        }
    }

    // Every failure goes to the errors topic (rate-limited, counted); the log hears it when the reason changes.
    private void Fail(string reason, string detail)
    {
        _errors.Report(ErrorSource, reason, detail);
        if (_lastFailure != detail)
        {
            _lastFailure = detail;
            _options.Log?.Invoke("state: " + detail);
        }
    }
}
