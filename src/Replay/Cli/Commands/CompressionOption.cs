using System.CommandLine;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>The shared <c>--compression zstd|lz4|none</c> option.</summary>
internal static class CompressionOption
{
    /// <summary>A new instance of the option (each command needs its own).</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>("--compression")
        {
            Description = "Chunk compression of the MCAP file written.",
            DefaultValueFactory = _ => "zstd",
        };
        option.AcceptOnlyFromAmong("zstd", "lz4", "none");
        return option;
    }

    /// <summary>The compression named by the option's value.</summary>
    public static McapCompression Parse(string? value) => value switch
    {
        "lz4" => McapCompression.Lz4,
        "none" => McapCompression.None,
        _ => McapCompression.Zstd,
    };
}
