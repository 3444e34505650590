namespace RovDsp.Replay.Cli.Commands;

/// <summary>What <see cref="InputSniffer"/> found a file to be, from its first bytes.</summary>
internal enum InputKind
{
    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>An MCAP recording (complete or not: the magic says only that it began as one).</summary>
    Mcap,

    /// <summary>An XTF side-scan file: <c>import</c> reads it.</summary>
    Xtf,

    /// <summary>A raw Oculus network stream: <c>import</c> reads it.</summary>
    Oculus,

    /// <summary>A Ping Viewer sensor log: <c>import</c> reads it.</summary>
    PingViewer,

    /// <summary>Printable text: no recording.</summary>
    Text,

    /// <summary>Bytes of no format the tool knows.</summary>
    Unknown,
}
