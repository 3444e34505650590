using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>A file as <see cref="InputSniffer"/> saw it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Kind">What its first bytes are.</param>
/// <param name="Length">Its size, bytes.</param>
/// <param name="TextStart">Its first line when it is text (for the message), else the first bytes decoded loosely.</param>
internal sealed record SniffedInput(string Path, InputKind Kind, long Length, string TextStart)
{
    /// <summary>The format <c>import</c> reads it as; null when it is not one of them.</summary>
    public ImportFormat? ImportFormat => Kind switch
    {
        InputKind.Xtf => Recording.ImportFormat.Xtf,
        InputKind.Oculus => Recording.ImportFormat.Oculus,
        InputKind.PingViewer => Recording.ImportFormat.PingViewer,
        _ => null,
    };

    /// <summary>What it is, in words: "an XTF side-scan file".</summary>
    public string Description => Describe(Kind);

    /// <summary>A kind in words.</summary>
    public static string Describe(InputKind kind) => kind switch
    {
        InputKind.Empty => "an empty file",
        InputKind.Mcap => "an MCAP recording",
        InputKind.Xtf => "an XTF side-scan file",
        InputKind.Oculus => "an Oculus sonar stream",
        InputKind.PingViewer => "a Ping Viewer log",
        InputKind.Text => "a text file",
        _ => "a file of unknown format",
    };

    /// <summary>An import format in words, as <see cref="Describe(InputKind)"/> says it.</summary>
    public static string Describe(ImportFormat format) => Describe(format switch
    {
        Recording.ImportFormat.Xtf => InputKind.Xtf,
        Recording.ImportFormat.Oculus => InputKind.Oculus,
        _ => InputKind.PingViewer,
    });
}
