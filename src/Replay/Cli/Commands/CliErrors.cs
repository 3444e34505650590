using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// The messages every command gives for the same problem, each naming the file and the fix as a command the user can
/// type (never an API or .NET type name): a file that is not a recording, one that must be imported first, a damaged
/// or cut-off recording, an option with a value of the wrong form.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code of an option error (the README's "usage or settings error").</summary>
    public const int Usage = 2;

    /// <summary>Why <paramref name="input"/> cannot be read as a recording, or null when it is an MCAP recording.</summary>
    /// <param name="input">The file as sniffed.</param>
    /// <param name="importsOnTheFly">True for <c>process</c>, which imports the real formats itself.</param>
    public static string? NotARecording(SniffedInput input, bool importsOnTheFly = false) => input.Kind switch
    {
        InputKind.Mcap => null,
        InputKind.Empty => $"{input.Path} is empty (0 bytes): it holds no recording. Was it copied or written completely?",
        InputKind.Text => $"{input.Path} is not a recording: it is a text file starting with \"{input.TextStart}\". "
                          + "rovdsp-replay reads MCAP recordings and imports XTF, Oculus and Ping Viewer files.",
        InputKind.Unknown => $"{input.Path} is not a recording rovdsp-replay knows: it is neither MCAP nor XTF, Oculus or "
                             + "Ping Viewer (its first bytes match none of them).",
        _ when importsOnTheFly => null,
        _ => $"{input.Path} is {input.Description}, not an MCAP recording: import it first: "
             + $"rovdsp-replay import {Quote(input.Path)} -o {Quote(Sibling(input.Path, ".mcap"))}",
    };

    /// <summary>A recording the MCAP reader refused: cut off or damaged, and the command that recovers it.</summary>
    public static string Damaged(string path, McapFormatException problem) => Damaged(path, Detail(problem));

    /// <summary>A recording found cut off or damaged (<paramref name="detail"/>: what is wrong, or null), and the
    /// command that recovers it.</summary>
    public static string Damaged(string path, string? detail) =>
        $"{path} is damaged or cut off{(detail is null ? string.Empty : " (" + detail + ")")}: "
        + $"run rovdsp-replay repair {Quote(path)} {Quote(Sibling(path, "-repaired.mcap"))} and use the repaired file.";

    /// <summary>An import that failed inside a file of a known format: the file, its format, where and why.</summary>
    public static string Unreadable(string path, string description, string problem) =>
        $"{path} looks like {description} but cannot be read: {problem}";

    /// <summary>The reader's explanation without its "MCAP:" prefix, the offset said as "at byte N".</summary>
    private static string Detail(McapFormatException problem)
    {
        var text = problem.Message.StartsWith("MCAP: ", StringComparison.Ordinal) ? problem.Message[6..] : problem.Message;
        return problem.Offset >= 0 && problem.Record.Length > 0
            ? text.Replace($" (record {problem.Record}, at byte offset {problem.Offset})", $", at byte {problem.Offset}", StringComparison.Ordinal)
            : text;
    }

    /// <summary>A path beside <paramref name="path"/> with its extension replaced by <paramref name="suffix"/>.</summary>
    public static string Sibling(string path, string suffix) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", Path.GetFileNameWithoutExtension(path) + suffix);

    /// <summary>Quotes a path for a shell when it needs it, so the suggested command can be pasted.</summary>
    public static string Quote(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ':' or '=' or ',')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
