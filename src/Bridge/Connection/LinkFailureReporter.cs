using System.Diagnostics;
using System.Globalization;

namespace RovDsp.Bridge.Connection;

/// <summary>
/// Says a command line's MQTT link failures out loud on standard error, promptly but without a line per retry: a
/// link's failure is printed when its reason changes (with how many attempts failed for the previous reason), a
/// recovery is printed with the count of attempts that failed before it, and refused publishes are printed at most
/// once per <see cref="RefusalReportInterval"/> per topic, with their count. It also remembers what is still wrong,
/// for the pilot view, the status and the exit code (<see cref="ExitCode"/>).
/// </summary>
public sealed class LinkFailureReporter : IMqttLinkObserver
{
    private readonly TextWriter _error;
    private readonly string _prefix;
    private readonly Lock _gate = new();
    private readonly Dictionary<MqttLink, LinkState> _links = [];
    private readonly Dictionary<string, RefusalState> _refusals = new(StringComparer.Ordinal);
    private readonly Func<long> _now;
    private LinkFailure? _worstRefusal;
    private long _publishesRefused;

    /// <summary>Reports on <paramref name="error"/>, each line starting with <paramref name="prefix"/>.</summary>
    /// <param name="error">Where the lines go (standard error).</param>
    /// <param name="prefix">The command's name and a colon, e.g. "rovdsp-bridge: ".</param>
    /// <param name="clock">Milliseconds now (tests pass their own); a monotonic clock when null.</param>
    public LinkFailureReporter(TextWriter error, string prefix, Func<long>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        _error = error;
        _prefix = prefix ?? string.Empty;
        _now = clock ?? (() => Stopwatch.GetTimestamp() * 1000 / Stopwatch.Frequency);
    }

    /// <summary>Shortest time between two reports of refused publishes to one topic.</summary>
    public static readonly TimeSpan RefusalReportInterval = TimeSpan.FromSeconds(5);

    /// <summary>Publishes refused by a broker so far, over all links.</summary>
    public long PublishesRefused => Interlocked.Read(ref _publishesRefused);

    /// <inheritdoc/>
    public void OnFailure(MqttLink link, LinkFailure failure)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(failure);
        string? line = null;
        lock (_gate)
        {
            var state = State(link);
            if (state.Current is { } current && current == failure)
            {
                state.Repeats++;
            }
            else
            {
                var before = state.Current is null || state.Repeats <= 1
                    ? string.Empty
                    : string.Create(CultureInfo.InvariantCulture, $" (after {state.Repeats} attempts failing with: {state.Current})");
                line = $"{Name(link)}: {failure}{before}";
                state.Current = failure;
                state.Repeats = 1;
            }

            // A refused subscription arrives on a connected link: it is a problem, not an outage.
            state.Down = !link.IsConnected;
            if (state.Down)
            {
                state.FailuresSinceConnect++;
            }
        }

        Write(line);
    }

    /// <inheritdoc/>
    public void OnConnected(MqttLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        string? line = null;
        lock (_gate)
        {
            var state = State(link);
            if (state.Down && state.Current is { } last)
            {
                line = string.Create(CultureInfo.InvariantCulture,
                    $"{Name(link)}: connected after {state.FailuresSinceConnect} failed attempt(s) (last: {last})");
            }

            state.Down = false;
            state.FailuresSinceConnect = 0;
            state.Current = null;
            state.Repeats = 0;
        }

        Write(line);
    }

    /// <inheritdoc/>
    public void OnPublishRefused(MqttLink link, string topic, LinkFailure failure)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(failure);
        Interlocked.Increment(ref _publishesRefused);
        string? line = null;
        lock (_gate)
        {
            _worstRefusal ??= failure;
            if (!_refusals.TryGetValue(topic, out var state))
            {
                state = new RefusalState { LastReportMs = long.MinValue };
                _refusals[topic] = state;
            }

            state.Count++;
            state.SinceReport++;
            var now = _now();
            if (state.LastReportMs == long.MinValue || now - state.LastReportMs >= (long)RefusalReportInterval.TotalMilliseconds)
            {
                line = string.Create(CultureInfo.InvariantCulture,
                    $"{Name(link)}: {failure} [{state.SinceReport} refused since the last report, {state.Count} in all on this topic]");
                state.LastReportMs = now;
                state.SinceReport = 0;
            }
        }

        Write(line);
    }

    /// <summary>What is wrong now, one line per link that is down or refused something, for the pilot view and the
    /// end of a run; empty when all is well.</summary>
    public IReadOnlyList<string> Problems()
    {
        lock (_gate)
        {
            var lines = new List<string>();
            foreach (var (link, state) in _links)
            {
                if (state.Down && state.Current is { } failure)
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Name(link)} DOWN: {failure} ({state.FailuresSinceConnect} failed attempts)"));
                }
                else if (state.Current is { } refusal)
                {
                    lines.Add($"{Name(link)}: {refusal}");
                }
            }

            foreach (var (topic, refusal) in _refusals)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{refusal.Count} publish(es) to '{topic}' refused by the broker"));
            }

            return lines;
        }
    }

    /// <summary>The exit code the run's failures call for: <see cref="LinkExitCodes.Success"/> when nothing is wrong
    /// now and nothing was refused; else the code of the worst (authentication before TLS before runtime).</summary>
    public int ExitCode()
    {
        lock (_gate)
        {
            var codes = _links.Values.Where(s => s.Current is not null).Select(s => LinkExitCodes.For(s.Current)).ToList();
            if (_worstRefusal is not null)
            {
                codes.Add(LinkExitCodes.For(_worstRefusal));
            }

            return codes.Count == 0 ? LinkExitCodes.Success
                : codes.Contains(LinkExitCodes.Authentication) ? LinkExitCodes.Authentication
                : codes.Contains(LinkExitCodes.Tls) ? LinkExitCodes.Tls
                : LinkExitCodes.RuntimeFailure;
        }
    }

    private LinkState State(MqttLink link)
    {
        if (!_links.TryGetValue(link, out var state))
        {
            state = new LinkState();
            _links[link] = state;
        }

        return state;
    }

    private static string Name(MqttLink link) => $"MQTT link {link.Options.ClientId}";

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_error)
        {
            _error.WriteLine(_prefix + line);
            _error.Flush();
        }
    }

    private sealed class LinkState
    {
        public LinkFailure? Current { get; set; }

        public int Repeats { get; set; }

        public int FailuresSinceConnect { get; set; }

        public bool Down { get; set; }
    }

    private sealed class RefusalState
    {
        public long Count { get; set; }

        public long SinceReport { get; set; }

        public long LastReportMs { get; set; }
    }
}
