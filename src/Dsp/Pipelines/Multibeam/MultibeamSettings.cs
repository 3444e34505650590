using RovDsp.Dsp.Pipelines.Obstacles;

namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// Settings of <see cref="MultibeamPipeline"/>. Defaults: buffers for the largest Oculus-class frame in
/// docs/domain.md#sensor-streams (512 beams × 1500 bins); range compensation 40·log10 R + 2αR (point targets,
/// docs/domain.md#transmission-loss) with α from Francois–Garrison at the site's 1.5 °C, 34.7 PSU, 5,700 m (about 217
/// dB/km at 750 kHz); a 3-bin along-range speckle average (3 looks: the CFAR threshold is designed for it); a 512 × 512
/// display fan from −10 dB to +40 dB about the per-beam median background.
/// </summary>
public sealed record MultibeamSettings
{
    /// <summary>Most beams a frame may have, &gt;= 1.</summary>
    public int MaxBeams { get; init; } = 512;

    /// <summary>Most range bins a frame may have, &gt;= 1.</summary>
    public int MaxBins { get; init; } = 1500;

    /// <summary>Whether the pipeline applies the range compensation (k·log10 R + 2αR). Turn it off for sonars
    /// that send images already range-compensated without saying how (the Oculus captures in ../shared/data
    /// hold values near 100 out to 2 m, where uncompensated echoes would have fallen 40 dB).</summary>
    public bool ApplyRangeCompensation { get; init; } = true;

    /// <summary>Spreading coefficient k of the range compensation k·log10 R + 2αR: 40 for point targets (two-way
    /// spherical spreading), 30 for the seabed. &gt;= 0.</summary>
    public double Spreading { get; init; } = 40.0;

    /// <summary>Ranges below this are compensated as if at this range, metres, &gt; 0 (log10 of ~0 would blow up
    /// the first bins).</summary>
    public double MinCompensationRangeM { get; init; } = 0.2;

    /// <summary>Water temperature for the absorption, °C.</summary>
    public double WaterTemperatureC { get; init; } = 1.5;

    /// <summary>Salinity for the absorption, PSU.</summary>
    public double SalinityPsu { get; init; } = 34.7;

    /// <summary>Depth for the absorption, metres.</summary>
    public double DepthM { get; init; } = 5700.0;

    /// <summary>Bins averaged along range by the speckle filter, odd, &gt;= 1.</summary>
    public int SpeckleBins { get; init; } = 3;

    /// <summary>Beams averaged across by the speckle filter, odd, &gt;= 1.</summary>
    public int SpeckleBeams { get; init; } = 1;

    /// <summary>The obstacle detector's settings; its <see cref="ObstacleDetectorSettings.Looks"/> is replaced by
    /// SpeckleBins × SpeckleBeams (the looks the speckle filter averages, taking neighbouring cells as
    /// independent).</summary>
    public ObstacleDetectorSettings Detector { get; init; } = new();

    /// <summary>The collector's corridor.</summary>
    public CorridorSettings Corridor { get; init; } = new();

    /// <summary>Most obstacles reported per frame (the nearest ones), &gt;= 1.</summary>
    public int MaxObstacles { get; init; } = 64;

    /// <summary>Fan image width in pixels, &gt;= 16.</summary>
    public int FanWidth { get; init; } = 512;

    /// <summary>Fan image height in pixels, &gt;= 16.</summary>
    public int FanHeight { get; init; } = 512;

    /// <summary>Whether <see cref="MultibeamPipeline.Process"/> renders the fan image into every result. Off by
    /// default: the display is published at a few hertz (the bridge's fan feed, 2 Hz) while frames arrive at
    /// 10 Hz or more, and the render costs about as much as the detection; call
    /// <see cref="MultibeamPipeline.RenderFan"/> when the picture is wanted.</summary>
    public bool RenderFanEveryFrame { get; init; }

    /// <summary>Level shown black (0), dB about the normalised background.</summary>
    public float FanFloorDb { get; init; } = -10f;

    /// <summary>Level shown white (255), dB about the normalised background; above <see cref="FanFloorDb"/>.</summary>
    public float FanCeilingDb { get; init; } = 40f;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(MaxBeams >= 1, nameof(MaxBeams), MaxBeams);
        Check(MaxBins >= 1, nameof(MaxBins), MaxBins);
        Check(Spreading >= 0 && double.IsFinite(Spreading), nameof(Spreading), Spreading);
        Check(MinCompensationRangeM > 0 && double.IsFinite(MinCompensationRangeM), nameof(MinCompensationRangeM), MinCompensationRangeM);
        Check(double.IsFinite(WaterTemperatureC), nameof(WaterTemperatureC), WaterTemperatureC);
        Check(SalinityPsu >= 0 && double.IsFinite(SalinityPsu), nameof(SalinityPsu), SalinityPsu);
        Check(DepthM >= 0 && double.IsFinite(DepthM), nameof(DepthM), DepthM);
        Check(SpeckleBins >= 1 && SpeckleBins % 2 == 1, nameof(SpeckleBins), SpeckleBins);
        Check(SpeckleBeams >= 1 && SpeckleBeams % 2 == 1, nameof(SpeckleBeams), SpeckleBeams);
        if (Detector is null)
        {
            throw new ArgumentException("Detector must not be null", nameof(Detector));
        }
        if (Corridor is null)
        {
            throw new ArgumentException("Corridor must not be null", nameof(Corridor));
        }
        Detector.Validate();
        Corridor.Validate();
        Check(MaxObstacles >= 1, nameof(MaxObstacles), MaxObstacles);
        Check(FanWidth >= 16, nameof(FanWidth), FanWidth);
        Check(FanHeight >= 16, nameof(FanHeight), FanHeight);
        Check(float.IsFinite(FanFloorDb), nameof(FanFloorDb), FanFloorDb);
        Check(float.IsFinite(FanCeilingDb) && FanCeilingDb > FanFloorDb, nameof(FanCeilingDb), FanCeilingDb);
    }

    private static void Check(bool ok, string name, object value)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} is out of range: {value}", name);
        }
    }
}
