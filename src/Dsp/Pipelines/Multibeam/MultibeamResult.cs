using RovDsp.Dsp.Pipelines.Obstacles;

namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// What <see cref="MultibeamPipeline.Process"/> made of one frame. The spans point into the pipeline's own
/// buffers and stay valid until its next <see cref="MultibeamPipeline.Process"/> call: copy them to keep them.
/// </summary>
public readonly struct MultibeamResult
{
    /// <summary>Creates a result (the pipeline fills it).</summary>
    public MultibeamResult(MessageStamp stamp, bool valid, ReadOnlyMemory<Obstacle> obstacles, bool hasNearest,
        Obstacle nearest, ReadOnlyMemory<byte> fanImage, FanImageGeometry fan, int detectionCount)
    {
        Stamp = stamp;
        Valid = valid;
        ObstacleMemory = obstacles;
        HasNearestInCorridor = hasNearest;
        NearestInCorridor = nearest;
        FanImageMemory = fanImage;
        Fan = fan;
        DetectionCount = detectionCount;
    }

    /// <summary>The input frame's stamp.</summary>
    public MessageStamp Stamp { get; }

    /// <summary>False when the frame was rejected (bad sizes or non-finite samples); everything else is then empty.</summary>
    public bool Valid { get; }

    /// <summary>Obstacles found, nearest first.</summary>
    public ReadOnlyMemory<Obstacle> ObstacleMemory { get; }

    /// <summary>Obstacles found, nearest first.</summary>
    public ReadOnlySpan<Obstacle> Obstacles => ObstacleMemory.Span;

    /// <summary>How many obstacles were found (at most the settings' MaxObstacles).</summary>
    public int ObstacleCount => ObstacleMemory.Length;

    /// <summary>Whether an obstacle lies in the collector's corridor.</summary>
    public bool HasNearestInCorridor { get; }

    /// <summary>The nearest obstacle in the corridor (default when <see cref="HasNearestInCorridor"/> is false).</summary>
    public Obstacle NearestInCorridor { get; }

    /// <summary>The 8-bit Cartesian fan image, <see cref="FanImageGeometry.Width"/> × <see cref="FanImageGeometry.Height"/>,
    /// row 0 at the far end, the sonar at the bottom. Empty unless <see cref="MultibeamSettings.RenderFanEveryFrame"/>
    /// is set: otherwise ask <see cref="MultibeamPipeline.RenderFan"/> for it.</summary>
    public ReadOnlyMemory<byte> FanImageMemory { get; }

    /// <summary>The fan image's pixels.</summary>
    public ReadOnlySpan<byte> FanImage => FanImageMemory.Span;

    /// <summary>Where the fan image's pixels lie in the sonar's frame (default when the fan was not rendered).</summary>
    public FanImageGeometry Fan { get; }

    /// <summary>CFAR detections (cells) in the frame.</summary>
    public int DetectionCount { get; }
}
