namespace RovDsp.Dsp.Pipelines.Alarms;

/// <summary>
/// The latest value of every feed the alarms watch, filled by the bridge at an evaluation time. A plain struct:
/// filling and passing it allocates nothing.
/// </summary>
public struct AlarmInputs
{
    private long _altimeterNs, _multibeamNs, _scanningNs, _sideScanNs, _slurryNs;
    private long _altimeterIntervalNs, _multibeamIntervalNs, _scanningIntervalNs, _sideScanIntervalNs, _slurryIntervalNs;

    /// <summary>Evaluation time, ns since the Unix epoch.</summary>
    public long TimestampNs { get; set; }

    /// <summary>Altitude above the seabed, m.</summary>
    public float AltitudeM { get; set; }

    /// <summary>Whether <see cref="AltitudeM"/> is a valid track.</summary>
    public bool AltitudeValid { get; set; }

    /// <summary>Range to the nearest obstacle inside the collector's corridor, m; NaN when there is none.</summary>
    public float NearestObstacleRangeM { get; set; }

    /// <summary>The slurry line's clog/settling warning.</summary>
    public bool ClogWarning { get; set; }

    /// <summary>Sensor fault bits (for example the slurry pipeline's packed health; any layout the rules' masks
    /// agree on).</summary>
    public ulong SensorFaults { get; set; }

    /// <summary>When a feed last updated, ns since the Unix epoch (0: never).</summary>
    /// <param name="feed">The feed.</param>
    public readonly long LastUpdateNs(AlarmFeed feed) => feed switch
    {
        AlarmFeed.Altimeter => _altimeterNs,
        AlarmFeed.MultibeamSonar => _multibeamNs,
        AlarmFeed.ScanningSonar => _scanningNs,
        AlarmFeed.SideScan => _sideScanNs,
        _ => _slurryNs,
    };

    /// <summary>Records when a feed last updated.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="timestampNs">Its latest update, ns since the Unix epoch.</param>
    public void SetLastUpdate(AlarmFeed feed, long timestampNs)
    {
        switch (feed)
        {
            case AlarmFeed.Altimeter:
                _altimeterNs = timestampNs;
                break;
            case AlarmFeed.MultibeamSonar:
                _multibeamNs = timestampNs;
                break;
            case AlarmFeed.ScanningSonar:
                _scanningNs = timestampNs;
                break;
            case AlarmFeed.SideScan:
                _sideScanNs = timestampNs;
                break;
            default:
                _slurryNs = timestampNs;
                break;
        }
    }

    /// <summary>A feed's typical message interval, ns (0: not measured yet); interval-following staleness rules
    /// scale their thresholds by it (see <see cref="AlarmRule.StaleIntervalMultiple"/>).</summary>
    /// <param name="feed">The feed.</param>
    public readonly long IntervalNs(AlarmFeed feed) => feed switch
    {
        AlarmFeed.Altimeter => _altimeterIntervalNs,
        AlarmFeed.MultibeamSonar => _multibeamIntervalNs,
        AlarmFeed.ScanningSonar => _scanningIntervalNs,
        AlarmFeed.SideScan => _sideScanIntervalNs,
        _ => _slurryIntervalNs,
    };

    /// <summary>Records a feed's typical message interval (for example <see cref="FeedCadence.IntervalNs"/>).</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="intervalNs">Typical interval, ns; 0 when not measured yet.</param>
    public void SetInterval(AlarmFeed feed, long intervalNs)
    {
        switch (feed)
        {
            case AlarmFeed.Altimeter:
                _altimeterIntervalNs = intervalNs;
                break;
            case AlarmFeed.MultibeamSonar:
                _multibeamIntervalNs = intervalNs;
                break;
            case AlarmFeed.ScanningSonar:
                _scanningIntervalNs = intervalNs;
                break;
            case AlarmFeed.SideScan:
                _sideScanIntervalNs = intervalNs;
                break;
            default:
                _slurryIntervalNs = intervalNs;
                break;
        }
    }
}
