using RovDsp.Dsp.Pipelines.Alarms;
using RovDsp.Dsp.Pipelines.Echosounder;
using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Dsp.Pipelines.ScanningSonar;
using RovDsp.Dsp.Pipelines.SideScan;
using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Processing.Feeds;

/// <summary>The settings of every pipeline the bridge (and offline processing) runs, one per sensor kind, with
/// the pipelines' own defaults; which sensors exist is not configured: a sensor's handler is made the first time
/// its raw topic appears.</summary>
public sealed record PipelineSettings
{
    /// <summary>Echosounder settings.</summary>
    public EchosounderSettings Echosounder { get; init; } = new();

    /// <summary>Multibeam (imaging) sonar settings.</summary>
    public MultibeamSettings Multibeam { get; init; } = new();

    /// <summary>Scanning sonar settings.</summary>
    public ScanningSonarSettings Scanning { get; init; } = new();

    /// <summary>The collector's corridor for the scanning sonar's nearest obstacle.</summary>
    public CorridorSettings ScanningCorridor { get; init; } = new();

    /// <summary>Side-scan settings.</summary>
    public SideScanSettings SideScan { get; init; } = new();

    /// <summary>Side-scan contact tracker settings.</summary>
    public SideScanContactSettings SideScanContacts { get; init; } = new();

    /// <summary>Slurry line settings.</summary>
    public SlurryLineSettings Slurry { get; init; } = new();

    /// <summary>Alarm rules (the defaults when null).</summary>
    public IReadOnlyList<AlarmRule>? AlarmRules { get; init; }

    /// <summary>Largest rate of fan / scan / waterfall images, per second of message time: each sonar's images come
    /// at its own rate up to this (10 Hz by default, the pilot's console paints each as it comes).</summary>
    public double ImageRateHz { get; init; } = 10.0;

    /// <summary>Largest rate of the slurry feed, per second of message time.</summary>
    public double SlurryFeedRateHz { get; init; } = 10.0;
}
