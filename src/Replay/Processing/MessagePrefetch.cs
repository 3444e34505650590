using System.Runtime.ExceptionServices;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Processing;

/// <summary>
/// Reads a recording's messages ahead on a background thread (MCAP chunk decompression, CRC check and record
/// parsing take about a tenth of a full-rate run) and hands them to the consumer in exactly the reader's order, in
/// batches so the hand-over costs one synchronisation per batch rather than per message. Bounded: at most
/// <see cref="MaxBatches"/> batches wait, so a 10-minute full-rate dive (1.1 GB of multibeam frames) is never
/// held in memory. Errors on the reader's side (a damaged chunk) are rethrown to the consumer in order, after the
/// messages read before them.
/// </summary>
internal sealed class MessagePrefetch : IDisposable
{
    /// <summary>Messages per batch: small enough that a batch of multibeam frames (about 180 kB each) stays a few MB.</summary>
    private const int BatchSize = 32;

    /// <summary>Batches waiting at most.</summary>
    private const int MaxBatches = 8;

    private readonly BoundedHandOff<McapMessage[]> _batches;
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;
    private McapMessage[] _current = [];
    private int _next;

    /// <summary>Starts reading <paramref name="messages"/> ahead.</summary>
    public MessagePrefetch(IEnumerable<McapMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _batches = new BoundedHandOff<McapMessage[]>(MaxBatches, _stop.Token);
        _thread = new Thread(() => Produce(messages)) { IsBackground = true, Name = "mcap-prefetch" };
        _thread.Start();
    }

    /// <summary>The next message in file order; false at the end. Rethrows the reader's error where it occurred.</summary>
    public bool TryTake(out McapMessage message)
    {
        while (_next >= _current.Length)
        {
            if (!_batches.TryTake(out var batch))
            {
                _failure?.Throw();

                message = null!;
                return false;
            }

            _current = batch;
            _next = 0;
        }

        message = _current[_next++];
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Produce(IEnumerable<McapMessage> messages)
    {
        try
        {
            var batch = new List<McapMessage>(BatchSize);
            foreach (var message in messages)
            {
                batch.Add(message);
                if (batch.Count == BatchSize)
                {
                    _batches.Add(batch.ToArray());
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                _batches.Add(batch.ToArray());
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The consumer stopped early (cancellation or its own error): nothing to hand over.
        }
        catch (Exception e)
        {
            // Any failure (a damaged chunk, an I/O error) belongs to the consumer, with its own stack trace: an
            // exception escaping this thread would end the process instead.
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _batches.CompleteAdding();
        }
    }
}
