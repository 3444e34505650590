namespace RovDsp.Replay.Simulation;

/// <summary>A span of dive time in seconds from the dive's start, closed at the start and open at the end.</summary>
/// <param name="StartS">Start, seconds since the dive began.</param>
/// <param name="EndS">End, seconds since the dive began.</param>
public readonly record struct TimeInterval(double StartS, double EndS)
{
    /// <summary>Length in seconds.</summary>
    public double DurationS => EndS - StartS;

    /// <summary>Whether <paramref name="tS"/> falls inside.</summary>
    public bool Contains(double tS) => tS >= StartS && tS < EndS;
}
