namespace RovDsp.Replay.Simulation;

/// <summary>
/// The ground truth of one simulated dive, drawn from its <see cref="DiveScenario"/>: the seabed, the vehicle's
/// track, the obstacles on the seabed, when the collector mines and when the riser clogs. Sensor simulators read
/// it (never each other) and draw their noise from their own <see cref="Random"/> forks, so each sensor's stream
/// is fixed by the seed and that sensor's settings alone.
/// </summary>
public sealed class DiveWorld
{
    private readonly TimeInterval[] _mining;

    private DiveWorld(DiveScenario scenario)
    {
        Scenario = scenario;
        Random = new DeterministicRandom(scenario.Seed);
        Seabed = new Seabed(Random.Fork("seabed"), scenario.SeabedDepthM, scenario.MaxSlopeDeg, scenario.RmsRoughnessM);
        Track = new VehicleTrack(scenario, Seabed, Random.Fork("track"));
        _mining = PlanMining(scenario, Track);
        Obstacles = PlaceObstacles(scenario, Track, Random.Fork("obstacles"));
        Clogs = scenario.Kind == ScenarioKind.Clog ? PlanClog(scenario) : [];
    }

    /// <summary>The settings the world was drawn from.</summary>
    public DiveScenario Scenario { get; }

    /// <summary>The dive's root random generator; sensors use <see cref="DeterministicRandom.Fork"/> of it.</summary>
    public DeterministicRandom Random { get; }

    /// <summary>The seabed.</summary>
    public Seabed Seabed { get; }

    /// <summary>The vehicle's track and altitude programme.</summary>
    public VehicleTrack Track { get; }

    /// <summary>Obstacles on the seabed.</summary>
    public IReadOnlyList<ObstacleTruth> Obstacles { get; }

    /// <summary>When the collector mines (raises a plume and pumps slurry).</summary>
    public IReadOnlyList<TimeInterval> MiningIntervals => _mining;

    /// <summary>Riser clogs staged in the dive (empty unless the scenario is <see cref="ScenarioKind.Clog"/>).</summary>
    public IReadOnlyList<ClogEvent> Clogs { get; }

    /// <summary>Draws the world of <paramref name="scenario"/>.</summary>
    public static DiveWorld Create(DiveScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("The dive must last longer than zero.", nameof(scenario));
        }

        if (scenario.MinAltitudeM <= 0 || scenario.MaxAltitudeM < scenario.MinAltitudeM)
        {
            throw new ArgumentException("The altitude band must be positive and ordered.", nameof(scenario));
        }

        return new DiveWorld(scenario);
    }

    /// <summary>Whether the collector is mining at <paramref name="tS"/>.</summary>
    public bool IsMining(double tS)
    {
        foreach (var interval in _mining)
        {
            if (interval.Contains(tS))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The riser's flow restriction (0 = clear) at <paramref name="tS"/>, summed over staged clogs.</summary>
    public double ClogRestrictionAt(double tS)
    {
        var r = 0.0;
        foreach (var clog in Clogs)
        {
            r += clog.RestrictionAt(tS);
        }

        return Math.Min(r, 0.95);
    }

    /// <summary>Converts dive seconds to a wall-clock timestamp in nanoseconds since the Unix epoch.</summary>
    public long TimestampNs(double tS) => Scenario.StartTimeNs + (long)Math.Round(tS * 1e9);

    // Mining runs along the legs (the collector lifts its head in the turns), after a 30 s start-up.
    private static TimeInterval[] PlanMining(DiveScenario scenario, VehicleTrack track)
    {
        var list = new List<TimeInterval>();
        var period = track.LegDurationS + track.TurnDurationS;
        var duration = scenario.Duration.TotalSeconds;
        for (var start = 0.0; start < duration; start += period)
        {
            var s = Math.Max(start, 30.0);
            var e = Math.Min(start + track.LegDurationS, duration);
            if (e > s)
            {
                list.Add(new TimeInterval(s, e));
            }
        }

        return list.ToArray();
    }

    private static ObstacleTruth[] PlaceObstacles(DiveScenario scenario, VehicleTrack track, DeterministicRandom random)
    {
        var list = new List<ObstacleTruth>();
        var duration = scenario.Duration.TotalSeconds;
        var pathLength = duration * scenario.SpeedMps;

        // Boulders scattered along and beside the swept path, about one per 15 m of track.
        var boulders = Math.Max(3, (int)(pathLength / 15.0));
        for (var i = 0; i < boulders; i++)
        {
            var pose = track.PoseAt(random.NextDouble(0.0, duration));
            var (x, y) = VehicleTrack.Offset(pose, random.NextDouble(-5.0, 5.0), random.NextDouble(-15.0, 15.0));
            var radius = random.NextDouble(0.2, 0.8);
            list.Add(new ObstacleTruth(ObstacleKind.Boulder, x, y, radius, radius * random.NextDouble(0.6, 1.2),
                -20.0 + 20.0 * Math.Log10(radius / 0.5)));
        }

        // The riser's foot stands off the first leg, to starboard, where the collector's hose reaches it.
        var mid = track.PoseAt(Math.Min(duration * 0.25, track.LegDurationS * 0.5));
        var (rx, ry) = VehicleTrack.Offset(mid, 0.0, 12.0);
        list.Add(new ObstacleTruth(ObstacleKind.Riser, rx, ry, 0.6, 8.0, -5.0));

        if (scenario.Kind == ScenarioKind.Obstacle)
        {
            // A lost tool basket squarely in the path, met about 40 % into the dive (on a leg, not in a turn).
            var tHit = duration * 0.4;
            while (!track.IsOnLeg(tHit) && tHit < duration)
            {
                tHit += 1.0;
            }

            var hit = track.PoseAt(tHit);
            var (tx, ty) = VehicleTrack.Offset(hit, 0.0, random.NextDouble(-0.3, 0.3));
            list.Add(new ObstacleTruth(ObstacleKind.LostTool, tx, ty, 0.5, 0.8, -8.0));
        }

        return list.ToArray();
    }

    private static ClogEvent[] PlanClog(DiveScenario scenario)
    {
        var d = scenario.Duration.TotalSeconds;
        return [new ClogEvent(0.35 * d, 0.6 * d, 0.72 * d, 0.6)];
    }
}
