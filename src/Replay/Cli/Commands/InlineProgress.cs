namespace RovDsp.Replay.Cli.Commands;

/// <summary>An <see cref="IProgress{T}"/> that calls its action on the reporting thread (unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool and may reorder reports).</summary>
internal sealed class InlineProgress(Action<double> report) : IProgress<double>
{
    /// <inheritdoc/>
    public void Report(double value) => report(value);
}
