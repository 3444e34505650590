namespace RovDsp.Perf.Latency;

/// <summary>How the clocks of the mix's devices relate during a run (<see cref="LoadSchedule"/>).</summary>
public enum SensorClocks
{
    /// <summary>Each device on a clock of its own, as on a vehicle: the multibeam's runs one ping period fast and the
    /// slurry line's one ping period slow over the run, so every phase of a frame or a sample against a ping occurs
    /// equally often (the rates change by one ping period over the run's length, 0.17 % for 30 s).</summary>
    Independent,

    /// <summary>All devices on the simulator's one clock: every other ping is published in the same microsecond as a
    /// 180 KB multibeam frame, which is the worst case for the ping (the frame's relay then shares the two cores with
    /// it), not the realistic one.</summary>
    Aligned,
}
