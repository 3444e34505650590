namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>The pipeline feeds whose freshness the alarm engine watches.</summary>
public enum AlarmFeed : byte
{
    /// <summary>Echosounder / altimeter altitude.</summary>
    Altimeter = 0,

    /// <summary>Imaging / multibeam sonar obstacles.</summary>
    MultibeamSonar = 1,

    /// <summary>Scanning sonar.</summary>
    ScanningSonar = 2,

    /// <summary>Side-scan sonar.</summary>
    SideScan = 3,

    /// <summary>Slurry line.</summary>
    Slurry = 4,
}
