using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Recording;

/// <summary>How <see cref="RecordingImporter"/> writes an import.</summary>
public sealed record ImportOptions
{
    /// <summary>Vehicle id in the raw topic.</summary>
    public string Vehicle { get; init; } = RecordingTopics.DefaultVehicle;

    /// <summary>Sensor name in the raw topic; null for the format's default (sidescan1, multibeam1, ping1d or
    /// ping360 from the log's header).</summary>
    public string? Sensor { get; init; }

    /// <summary>Time of the recording's start, ns since 1970, for formats whose timestamps are relative: Ping Viewer
    /// logs store the time since recording began; Oculus streams store none. Null: the file's own start where it has
    /// one (a Ping Viewer log's file name, which Ping Viewer writes as the local date and time the log began), else
    /// 1970-01-01 (see <see cref="ImportResult.StartTimeSource"/>).</summary>
    public long? StartTimeNs { get; init; }

    /// <summary>Ping rate assumed for Oculus streams, which carry no wall-clock time: ping i is stamped
    /// <see cref="StartTimeNs"/> + i / rate.</summary>
    public double OculusPingRateHz { get; init; } = 10.0;

    /// <summary>True when XTF port channels are stored far range first (as in the Scotsman Iver2 recording, see
    /// <c>XtfSideScan.TryFill</c>).</summary>
    public bool XtfPortFarFirst { get; init; } = true;

    /// <summary>Chunk compression.</summary>
    public McapCompression Compression { get; init; } = McapCompression.Zstd;
}
