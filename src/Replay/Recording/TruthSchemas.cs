namespace RovDsp.Replay.Recording;

/// <summary>JSON Schemas (draft 2020-12) of the ground-truth channels a <see cref="DiveRecorder"/> writes, in the subset
/// Foxglove's JSON-schema parser reads (every object has <c>properties</c>, no type unions: an absent value is left out;
/// times are <c>{sec, nsec}</c>).</summary>
public static class TruthSchemas
{
    /// <summary>Schema name of <see cref="RecordingTopics.TruthAltitude"/>.</summary>
    public const string AltitudeName = "rovdsp.truth.Altitude";

    /// <summary>Schema name of <see cref="RecordingTopics.TruthObstacles"/>.</summary>
    public const string ObstaclesName = "rovdsp.truth.Obstacles";

    /// <summary>Schema name of <see cref="RecordingTopics.TruthSlurry"/>.</summary>
    public const string SlurryName = "rovdsp.truth.Slurry";

    /// <summary>The altitude truth at each echosounder ping.</summary>
    public const string Altitude = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Echosounder altitude truth","type":"object",
        "properties":{"t":{"type":"object","description":"ping time","properties":{"sec":{"type":"integer"},"nsec":{"type":"integer"}},"required":["sec","nsec"]},"seq":{"type":"integer"},
        "altitudeM":{"type":"number","description":"true transducer altitude above the seabed, m"},
        "plumeHeightM":{"type":"number","description":"mud plume height above the seabed, m (0 = none)"},
        "hasSecondEcho":{"type":"boolean"},
        "falseLayerRangeM":{"type":"number","description":"near edge of a false layer, m; left out when none"}},
        "required":["t","seq","altitudeM"]}
        """;

    /// <summary>The obstacles inside the imaging sonar's fan at each frame.</summary>
    public const string Obstacles = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Imaging sonar obstacle truth","type":"object",
        "properties":{"t":{"type":"object","description":"frame time","properties":{"sec":{"type":"integer"},"nsec":{"type":"integer"}},"required":["sec","nsec"]},"seq":{"type":"integer"},
        "obstacles":{"type":"array","items":{"type":"object","properties":{
        "index":{"type":"integer"},"kind":{"type":"string","enum":["boulder","riser","lostTool"]},
        "aheadM":{"type":"number"},"starboardM":{"type":"number"},
        "rangeM":{"type":"number","description":"slant range to the near face, m"},
        "bearingDeg":{"type":"number","description":"0 ahead, positive to starboard"},
        "widthM":{"type":"number"}}}}},
        "required":["t","seq","obstacles"]}
        """;

    /// <summary>The slurry line's true state.</summary>
    public const string Slurry = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Slurry line truth","type":"object",
        "properties":{"t":{"type":"object","description":"sample time","properties":{"sec":{"type":"integer"},"nsec":{"type":"integer"}},"required":["sec","nsec"]},"seq":{"type":"integer"},
        "velocityMps":{"type":"number"},"densityKgM3":{"type":"number"},"cv":{"type":"number"},
        "flowM3PerHour":{"type":"number"},"drySolidsTph":{"type":"number"},"mixtureTph":{"type":"number"},
        "cumulativeDryTonnes":{"type":"number"},"cumulativeWetTonnes":{"type":"number"},
        "clogRestriction":{"type":"number","description":"0 = clear"},
        "clogOnsetS":{"type":"number","description":"onset of the dive's clog, s; left out when none"},
        "isMining":{"type":"boolean"}},
        "required":["t","seq","velocityMps","densityKgM3"]}
        """;
}
