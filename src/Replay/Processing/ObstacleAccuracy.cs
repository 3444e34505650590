using System.Text.Json;
using RovDsp.Dsp.Pipelines.Obstacles;
using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Multibeam;

namespace RovDsp.Replay.Processing;

/// <summary>
/// One obstacle-bearing sensor's detections against the recording's obstacle truth, scored with the rules of the
/// imaging-sonar accuracy tests (<see cref="ObstacleMatching"/>): recall over the obstacles the sonar must see,
/// reports explained by no obstacle (false obstacles) per frame, and, for the obstacle owed the "nearest in the
/// corridor" report most often (the lost tool on the obstacle dive), how far ahead it was when first owed and
/// when first reported. Figures without truth are NaN.
/// </summary>
/// <remarks>
/// The recorder's <c>truth/obstacles</c> channel holds the obstacles in the imaging sonar's fan at each frame (log
/// time = the frame's), so it scores the imaging sonar only; the scanning sonar's frame is a rotating head whose
/// truth the recording does not carry, so its figures are counts only. The recorded truth has no vertical beam
/// gain: every obstacle in it counts as inside the vertical beam, which can only lower recall against the tests'
/// rule (an obstacle under the beam is owed here and not there).
/// </remarks>
/// <param name="Sensor">Sensor id.</param>
/// <param name="Kind">Raw kind (imaging or scanning sonar).</param>
/// <param name="Frames">Obstacle-feed messages (frames or scanned sectors).</param>
/// <param name="Reports">Obstacles reported over all of them.</param>
/// <param name="ScoredFrames">Frames with truth at the same time.</param>
/// <param name="Eligible">Truth sightings the sonar must see, over the scored frames.</param>
/// <param name="Found">Of those, matched by a report.</param>
/// <param name="FalseObstacles">Reports explained by no truth obstacle, over the scored frames.</param>
/// <param name="CorridorObstacle">Kind and index of the obstacle owed the corridor report most often (null: none).</param>
/// <param name="OwedFrames">Frames owing it the report.</param>
/// <param name="ReportedFrames">Of those, frames whose nearest-in-corridor matched it.</param>
/// <param name="FirstOwedAheadM">Its distance ahead in the first frame owing the report, metres.</param>
/// <param name="FirstReportedAheadM">Its distance ahead when first reported as nearest in the corridor, metres.</param>
public sealed record ObstacleAccuracy(
    string Sensor, RawKind Kind, int Frames, long Reports, int ScoredFrames, int Eligible, int Found, int FalseObstacles,
    string? CorridorObstacle, int OwedFrames, int ReportedFrames, double FirstOwedAheadM, double FirstReportedAheadM)
{
    /// <summary>Truth topic of the obstacles in the imaging sonar's fan.</summary>
    public const string TruthTopic = "truth/obstacles";

    /// <summary>Found over eligible (NaN: nothing eligible).</summary>
    public double Recall => Eligible > 0 ? (double)Found / Eligible : double.NaN;

    /// <summary>False obstacles per scored frame (NaN: no frame scored).</summary>
    public double FalsePerFrame => ScoredFrames > 0 ? (double)FalseObstacles / ScoredFrames : double.NaN;

    /// <summary>The figures of every imaging and scanning sonar of the run, by sensor id.</summary>
    /// <param name="result">The run.</param>
    /// <param name="corridor">The vehicle's corridor.</param>
    /// <param name="vehicle">Vehicle id of the topics.</param>
    /// <param name="truthAt">The imaging sonar's truth at a frame's log time (null: no truth then); the recording's
    /// <c>truth/obstacles</c> channel when null. A caller that can regenerate the simulator's full truth (with the
    /// vertical beam gain) passes it here.</param>
    public static IReadOnlyList<ObstacleAccuracy> Compute(DiveProcessResult result, CorridorSettings corridor, string vehicle = "rov1",
        Func<long, IReadOnlyList<MultibeamObstacleTruth>?>? truthAt = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(corridor);
        var topics = new TopicScheme(vehicle);
        if (truthAt is null)
        {
            var recorded = TruthByTime(result.TruthTable(TruthTopic));
            truthAt = t => recorded.GetValueOrDefault(t);
        }

        var list = new List<ObstacleAccuracy>();
        foreach (var (sensor, kind) in result.Sensors)
        {
            if (kind is not (RawKind.Multibeam or RawKind.Scanning or RawKind.Ping))
            {
                continue;
            }

            var feed = result.Sink.Table(topics.Feed(FeedNames.Obstacles, sensor));
            list.Add(Score(sensor, kind, feed, kind == RawKind.Multibeam ? truthAt : null, corridor));
        }

        return list;
    }

    private static ObstacleAccuracy Score(string sensor, RawKind kind, FeedTable? feed,
        Func<long, IReadOnlyList<MultibeamObstacleTruth>?>? truthAt, CorridorSettings corridor)
    {
        int frames = 0, scored = 0, eligible = 0, found = 0, falseObstacles = 0;
        long reports = 0;
        var owed = new SortedDictionary<int, Owing>();
        var obstacles = new List<Obstacle>();
        foreach (var row in feed?.Rows ?? [])
        {
            frames++;
            if (row.Json is null)
            {
                continue;
            }

            var nearest = Parse(row.Json, obstacles);
            reports += obstacles.Count;
            if (truthAt?.Invoke(row.LogTimeNs) is not { } seen)
            {
                continue;
            }

            scored++;
            foreach (var t in seen)
            {
                if (!ObstacleMatching.MustSee(t))
                {
                    continue;
                }

                eligible++;
                foreach (var o in obstacles)
                {
                    if (ObstacleMatching.Matches(o, t))
                    {
                        found++;
                        break;
                    }
                }
            }

            foreach (var o in obstacles)
            {
                falseObstacles += ObstacleMatching.IsExplained(o, seen) ? 0 : 1;
            }

            foreach (var t in seen)
            {
                if (!ObstacleMatching.IsOwedNearest(t, seen, corridor))
                {
                    continue;
                }

                if (!owed.TryGetValue(t.Index, out var e))
                {
                    e = new Owing(Name(t.Kind), t.AheadM);
                    owed.Add(t.Index, e);
                }

                e.Owed++;
                if (nearest is { } n && ObstacleMatching.Matches(n, t))
                {
                    e.Reported++;
                    e.FirstReported = double.IsNaN(e.FirstReported) ? t.AheadM : e.FirstReported;
                }
            }
        }

        string? corridorObstacle = null;
        var best = new Owing("", double.NaN);
        foreach (var (index, e) in owed)
        {
            if (e.Owed > best.Owed)
            {
                best = e;
                corridorObstacle = $"{e.Kind} #{index}";
            }
        }

        return new ObstacleAccuracy(sensor, kind, frames, reports, scored, eligible, found, falseObstacles, corridorObstacle,
            best.Owed, best.Reported, best.FirstOwed, best.FirstReported);
    }

    /// <summary>The obstacles listed in a feed message (into <paramref name="into"/>) and its nearest in the corridor.</summary>
    private static Obstacle? Parse(byte[] json, List<Obstacle> into)
    {
        into.Clear();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("obstacles", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var o in list.EnumerateArray())
            {
                into.Add(Read(o));
            }
        }

        return root.TryGetProperty("nearest", out var nearest) && nearest.ValueKind == JsonValueKind.Object ? Read(nearest) : null;
    }

    /// <summary>An obstacle as <see cref="ObstacleJson"/> writes it (bearing in degrees).</summary>
    private static Obstacle Read(JsonElement o) => new(
        (float)Get(o, "rangeM"), (float)(Get(o, "bearingDeg") * Math.PI / 180), (float)Get(o, "widthM"), (float)Get(o, "depthM"),
        (float)Get(o, "strengthDb"), o.TryGetProperty("cells", out var c) && c.TryGetInt32(out var n) ? n : 0);

    private static double Get(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    /// <summary>The recorded truth by log time: the recorder writes it at the frame's time, the frame's log time.</summary>
    private static Dictionary<long, IReadOnlyList<MultibeamObstacleTruth>> TruthByTime(FeedTable? table)
    {
        var byTime = new Dictionary<long, IReadOnlyList<MultibeamObstacleTruth>>();
        foreach (var row in table?.Rows ?? [])
        {
            if (row.Json is null)
            {
                // A frame with no obstacle list at all: nothing in view.
                byTime[row.LogTimeNs] = [];
                continue;
            }

            using var document = JsonDocument.Parse(row.Json);
            var list = new List<MultibeamObstacleTruth>();
            if (document.RootElement.TryGetProperty("obstacles", out var obstacles) && obstacles.ValueKind == JsonValueKind.Array)
            {
                foreach (var o in obstacles.EnumerateArray())
                {
                    var kind = o.TryGetProperty("kind", out var k) ? k.GetString() : null;
                    list.Add(new MultibeamObstacleTruth(
                        o.TryGetProperty("index", out var i) && i.TryGetInt32(out var index) ? index : -1,
                        kind switch { "boulder" => ObstacleKind.Boulder, "riser" => ObstacleKind.Riser, _ => ObstacleKind.LostTool },
                        Get(o, "aheadM"), Get(o, "starboardM"), Get(o, "rangeM"), Get(o, "bearingDeg") * Math.PI / 180, Get(o, "widthM"),
                        VerticalGainDb: 0, InFan: true));
                }
            }

            byTime[row.LogTimeNs] = list;
        }

        return byTime;
    }

    /// <summary>One truth obstacle's corridor-report tally.</summary>
    private sealed class Owing(string kind, double firstOwed)
    {
        public string Kind { get; } = kind;
        public double FirstOwed { get; } = firstOwed;
        public int Owed { get; set; }
        public int Reported { get; set; }
        public double FirstReported { get; set; } = double.NaN;
    }

    private static string Name(ObstacleKind kind) => kind switch
    {
        ObstacleKind.Boulder => "boulder",
        ObstacleKind.Riser => "riser",
        _ => "lostTool",
    };
}
