using System.Collections.Concurrent;

namespace RovDsp.Bridge.Broker.Limits;

/// <summary>
/// Counts everything the embedded broker refused, by reason (<c>packet-too-large</c>, <c>connect-timeout</c>, ...),
/// for the bridge's metrics, and hands each refusal to <see cref="Reporter"/> (the bridge's rate-limited errors
/// topic). Sources and details are truncated first: a refusal never echoes a 65 KB topic.
/// </summary>
public sealed class BrokerRefusals
{
    /// <summary>Longest source (topic, client id, endpoint) passed on, in characters.</summary>
    public const int MaxSourceLength = 120;

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Called with (source, reason, detail) for each refusal; must not block (the bridge's
    /// <c>ErrorReporter.Report</c> does not).</summary>
    public Action<string, string, string>? Reporter { get; set; }

    /// <summary>Refusals by reason.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>All refusals.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The count of one reason (0 if never).</summary>
    public long this[string reason] => _counts.TryGetValue(reason, out var c) ? c : 0;

    /// <summary>Counts one refusal and reports it.</summary>
    public void Refuse(string reason, string? source, string detail)
    {
        Interlocked.Increment(ref _total);
        _counts.AddOrUpdate(reason, 1, static (_, v) => v + 1);
        Reporter?.Invoke(Truncate(source ?? "broker", MaxSourceLength), reason, detail);
    }

    /// <summary>Arms <paramref name="connection"/>'s CONNECT deadline: when <paramref name="deadline"/> fires before a
    /// whole CONNECT has arrived, the connection is closed and counted as <c>connect-timeout</c> (not when the broker is
    /// stopping, nor when a limit closed it already). Dispose the registration once the connection ends.</summary>
    public CancellationTokenRegistration RefuseAtConnectDeadline(IGuardedConnection connection, string source, TimeSpan timeout,
        CancellationToken deadline, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return deadline.Register(() =>
        {
            if (!connection.ConnectSeen && !stopping.IsCancellationRequested && !connection.IsAborted)
            {
                connection.Abort();
                Refuse("connect-timeout", source, $"no CONNECT within {timeout.TotalSeconds:0.#} s");
            }
        });
    }

    /// <summary>Counts a connection that ended without becoming a client and was not closed by a limit (which counted it
    /// already): the broker refused its CONNECT (<c>connect-refused</c>), or it gave up before sending a whole one
    /// (<c>no-connect</c>). Every way into the broker says it the same way, so each attack connection shows exactly
    /// once. Nothing is counted for a client, a connection a limit closed, or one ended by the broker stopping.</summary>
    public void RefuseUnserved(IGuardedConnection connection, string source, bool stopping)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.IsAborted || connection.IsClient || stopping)
        {
            return;
        }

        if (connection.ConnectSeen)
        {
            Refuse("connect-refused", source, "the broker refused its CONNECT (malformed, or not accepted)");
        }
        else
        {
            Refuse("no-connect", source, "closed before sending a whole CONNECT");
        }
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, with its full length said.</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"…({text.Length} chars)");
    }
}
