namespace RovDsp.Replay.Cli.Commands;

/// <summary>A failure already said in the user's words (see <see cref="CliErrors"/>): <see cref="CommandErrors.Run(Func{int}, TextWriter?)"/>
/// prints its message as it is and exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliFailureException(string message, int exitCode = 1) : Exception(message)
{
    /// <summary>The process exit code: 1 for a file that cannot be used, <see cref="CliErrors.Usage"/> for an option error.</summary>
    public int ExitCode { get; } = exitCode;
}
