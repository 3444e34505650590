namespace RovDsp.Replay.Simulation;

/// <summary>
/// Where the vehicle is at any time: a lawn-mower pattern of straight legs joined by half-circle turns, as a
/// collector sweeps a mining block, at a steady speed over ground, flown at an altitude programme that steps
/// between random targets in the scenario's band (0.5–5 m by default) with smooth transitions, plus a slow
/// pitch oscillation. The vehicle follows the seabed: its depth is the seabed's depth minus the altitude.
/// </summary>
public sealed class VehicleTrack
{
    private readonly Seabed _seabed;
    private readonly DiveScenario _scenario;
    private readonly double _originX;
    private readonly double _originY;
    private readonly double _heading0;
    private readonly double[] _altitudeTimes;
    private readonly double[] _altitudeTargets;
    private readonly double _pitchAmplitude;
    private readonly double _pitchPeriod;

    /// <summary>Plans the track for <paramref name="scenario"/> over <paramref name="seabed"/>.</summary>
    public VehicleTrack(DiveScenario scenario, Seabed seabed, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(seabed);
        ArgumentNullException.ThrowIfNull(random);
        _scenario = scenario;
        _seabed = seabed;
        _originX = 0.0;
        _originY = 0.0;
        _heading0 = random.NextDouble(0.0, 2.0 * Math.PI);

        // Altitude programme: hold a target for 40–120 s, then move to the next one.
        var times = new List<double>();
        var targets = new List<double>();
        var t = 0.0;
        var duration = scenario.Duration.TotalSeconds;
        while (t <= duration + 120.0)
        {
            times.Add(t);
            targets.Add(random.NextDouble(scenario.MinAltitudeM, scenario.MaxAltitudeM));
            t += random.NextDouble(40.0, 120.0);
        }

        _altitudeTimes = times.ToArray();
        _altitudeTargets = targets.ToArray();
        _pitchAmplitude = random.NextDouble(0.5, 2.0) * Math.PI / 180.0;
        _pitchPeriod = random.NextDouble(20.0, 40.0);
    }

    /// <summary>Seconds one leg takes.</summary>
    public double LegDurationS => _scenario.LegLengthM / _scenario.SpeedMps;

    /// <summary>Seconds one turn takes.</summary>
    public double TurnDurationS => Math.PI * TurnRadiusM / _scenario.SpeedMps;

    /// <summary>Whether the vehicle is on a straight leg (not turning) at <paramref name="tS"/>.</summary>
    public bool IsOnLeg(double tS)
    {
        var period = LegDurationS + TurnDurationS;
        var phase = tS - Math.Floor(tS / period) * period;
        return phase < LegDurationS;
    }

    private double TurnRadiusM => _scenario.LineSpacingM / 2.0;

    /// <summary>The true pose at <paramref name="tS"/> seconds since the dive began.</summary>
    public VehiclePose PoseAt(double tS)
    {
        var v = _scenario.SpeedMps;
        var legLength = _scenario.LegLengthM;
        var r = TurnRadiusM;
        var turnLength = Math.PI * r;
        var s = Math.Max(0.0, tS) * v;
        var block = Math.Floor(s / (legLength + turnLength));
        var leg = (long)block;
        var inBlock = s - block * (legLength + turnLength);
        var forward = (leg & 1) == 0;

        double along, across, localHeading;
        if (inBlock < legLength)
        {
            along = forward ? inBlock : legLength - inBlock;
            across = leg * _scenario.LineSpacingM;
            localHeading = forward ? 0.0 : Math.PI;
        }
        else
        {
            // Half circle about (end of leg, across + r): a starboard turn at the far end, port at the near end,
            // so the next leg lies one line spacing further across.
            var angle = (inBlock - legLength) / r;
            var centreAlong = forward ? legLength : 0.0;
            var centreAcross = leg * _scenario.LineSpacingM + r;
            var sign = forward ? 1.0 : -1.0;
            along = centreAlong + sign * r * Math.Sin(angle);
            across = centreAcross - r * Math.Cos(angle);
            localHeading = forward ? angle : Math.PI - angle;
        }

        // Local frame (along, across to starboard of the first leg) to world (x east, y north).
        var (sinH, cosH) = Math.SinCos(_heading0);
        var x = _originX + along * sinH + across * cosH;
        var y = _originY + along * cosH - across * sinH;
        var heading = _heading0 + localHeading;
        heading -= 2.0 * Math.PI * Math.Floor(heading / (2.0 * Math.PI));

        var altitude = AltitudeAt(tS);
        var depth = _seabed.DepthAt(x, y) - altitude;
        var pitch = _pitchAmplitude * Math.Sin(2.0 * Math.PI * tS / _pitchPeriod);
        return new VehiclePose(tS, x, y, depth, heading, v, altitude, pitch);
    }

    /// <summary>The altitude programme at <paramref name="tS"/>: raised-cosine moves of 15 s between targets.</summary>
    public double AltitudeAt(double tS)
    {
        const double TransitionS = 15.0;
        var i = Array.BinarySearch(_altitudeTimes, tS);
        if (i < 0)
        {
            i = ~i - 1;
        }

        i = Math.Clamp(i, 0, _altitudeTimes.Length - 1);
        var current = _altitudeTargets[i];
        var previous = i > 0 ? _altitudeTargets[i - 1] : current;
        var since = tS - _altitudeTimes[i];
        if (since >= TransitionS || i == 0)
        {
            return current;
        }

        var w = 0.5 - 0.5 * Math.Cos(Math.PI * since / TransitionS);
        return previous + (current - previous) * w;
    }

    /// <summary>World position of a point <paramref name="aheadM"/> ahead and <paramref name="starboardM"/> to
    /// starboard of the vehicle at pose <paramref name="pose"/>.</summary>
    public static (double X, double Y) Offset(in VehiclePose pose, double aheadM, double starboardM)
    {
        var (sinH, cosH) = Math.SinCos(pose.HeadingRad);
        return (pose.X + aheadM * sinH + starboardM * cosH, pose.Y + aheadM * cosH - starboardM * sinH);
    }

    /// <summary>Where a world point lies in the vehicle's frame at <paramref name="pose"/>: metres ahead and to
    /// starboard.</summary>
    public static (double AheadM, double StarboardM) ToVehicleFrame(in VehiclePose pose, double x, double y)
    {
        var (sinH, cosH) = Math.SinCos(pose.HeadingRad);
        var dx = x - pose.X;
        var dy = y - pose.Y;
        return (dx * sinH + dy * cosH, dx * cosH - dy * sinH);
    }
}
