using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RovDsp.Perf.Gate;

/// <summary>
/// The gate's clock: CPU time consumed by the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>,
/// nanosecond resolution), so the time the scheduler gives to other processes on a shared 2-core machine is not
/// charged to the code under test; real-time factors are then "on one core", as the pipeline floors are stated.
/// Falls back to the wall clock (Stopwatch) where the call is unavailable.
/// </summary>
public static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;
    private static readonly bool s_cpu = Probe();

    /// <summary>True when timings are thread CPU time, false when they are wall-clock time.</summary>
    public static bool IsCpuTime => s_cpu;

    /// <summary>Current reading in seconds (arbitrary origin).</summary>
    public static double Now()
    {
        if (s_cpu && ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0)
        {
            return ts.Seconds + ts.Nanoseconds * 1e-9;
        }
        return (double)Stopwatch.GetTimestamp() / Stopwatch.Frequency;
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
