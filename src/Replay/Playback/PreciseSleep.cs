using System.Runtime.InteropServices;

namespace RovDsp.Replay.Playback;

/// <summary>
/// Sleeps with sub-millisecond resolution on Linux (<c>clock_nanosleep</c> on the monotonic clock, with the thread's
/// timer slack cut from the default 50 µs to 1 µs), where .NET's own sleeps and waits take whole milliseconds. The
/// player's timing thread uses it to sleep until a few hundred microseconds before a message is due instead of
/// spinning the last 2 ms: a thread that spins most of the time (slurry messages are 3 ms apart) is treated by the
/// scheduler as a CPU hog and, on a busy machine, preempted for whole slices; one that sleeps is woken promptly.
/// Elsewhere it falls back to <see cref="Thread.Sleep(int)"/> in whole milliseconds.
/// </summary>
internal static class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int PrSetTimerSlack = 29;

    /// <summary>Whether sleeps are sub-millisecond here.</summary>
    public static bool IsPrecise { get; } = OperatingSystem.IsLinux();

    /// <summary>Cuts the calling thread's timer slack (Linux): the kernel may otherwise add up to 50 µs to every
    /// sleep to batch wake-ups.</summary>
    public static void TightenCurrentThread()
    {
        if (IsPrecise)
        {
            _ = prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Sleeps about <paramref name="ticks"/> <see cref="System.Diagnostics.Stopwatch"/> ticks (less than a
    /// millisecond is honoured only where <see cref="IsPrecise"/>).</summary>
    public static void Sleep(long ticks)
    {
        if (ticks <= 0)
        {
            return;
        }

        if (!IsPrecise)
        {
            var ms = (int)(ticks * 1000 / System.Diagnostics.Stopwatch.Frequency);
            if (ms > 0)
            {
                Thread.Sleep(ms);
            }

            return;
        }

        var ns = (long)(ticks * (1e9 / System.Diagnostics.Stopwatch.Frequency));
        var request = new Timespec(ns / 1_000_000_000, ns % 1_000_000_000);
        // EINTR (a signal) just ends the sleep early; the caller loops on the clock anyway.
        _ = clock_nanosleep(ClockMonotonic, 0, in request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Timespec(long seconds, long nanoseconds)
    {
        public readonly long Seconds = seconds;
        public readonly long Nanoseconds = nanoseconds;
    }

    // DllImport rather than LibraryImport: blittable arguments need no marshalling code, and the library is built
    // without unsafe blocks.
    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_nanosleep(int clock, int flags, in Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "prctl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
