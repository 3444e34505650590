namespace RovDsp.Processing.Feeds;

/// <summary>
/// A sensor handler that holds some output back until more input arrives (the side-scan's contacts are published
/// when a later line closes them) and can publish it when no more input will come: offline processing calls
/// <see cref="EndOfStreamAsync"/> once after a recording's last message, so what was still open is not lost.
/// </summary>
public interface IEndOfStreamHandler
{
    /// <summary>Publishes what is held back, through the handler's feed sink, as if at its last message's time.</summary>
    ValueTask EndOfStreamAsync(CancellationToken cancellationToken);
}
