namespace RovDsp.Processing.Feeds;

/// <summary>The feed names: the level after <c>feed/</c> in a feed topic (docs/topics.md).</summary>
public static class FeedNames
{
    /// <summary>Altitude above the seabed from an echosounder (JSON).</summary>
    public const string Altitude = "altitude";

    /// <summary>Obstacles seen by an imaging sonar or the scanning sonar (JSON).</summary>
    public const string Obstacles = "obstacles";

    /// <summary>The imaging sonar's fan image (PNG).</summary>
    public const string Fan = "fan";

    /// <summary>The scanning sonar's 360° image (PNG).</summary>
    public const string Scan = "scan";

    /// <summary>Side-scan line summary and targets (JSON).</summary>
    public const string SideScan = "sidescan";

    /// <summary>Side-scan contacts, one message per contact when it is closed (JSON, <see cref="SideScanContactJson"/>).</summary>
    public const string SideScanContacts = "sidescan-contacts";

    /// <summary>The side-scan waterfall (PNG).</summary>
    public const string Waterfall = "waterfall";

    /// <summary>The slurry line: flows, densities, tonnes, clog state, sensor health (JSON).</summary>
    public const string Slurry = "slurry";
}
