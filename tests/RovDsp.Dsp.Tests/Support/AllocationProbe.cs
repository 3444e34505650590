namespace RovDsp.Dsp.Tests.Support;

/// <summary>
/// Measures what a streaming object allocates in steady state: bytes charged to this thread
/// (GC.GetAllocatedBytesForCurrentThread) over a few windows of work, stopping at the first window that allocated
/// nothing. An allocation the object makes per message, per detection or per render recurs in every window, so
/// it fails; a one-off cannot recur in every window. One-offs happen: the runtime may charge an allocation of its
/// own to the thread (once in CI: 352 bytes in the scanning sonar's measured turn; 440 bytes in one imaging frame
/// under DOTNET_PreferredVectorBitWidth=128 in a full suite run, not when that test ran alone). Both were seen with
/// tiered compilation on, which this project now turns off (its .csproj says why), so unoptimised code no longer
/// runs in a measured window. The same rule as the gate's allocation budgets (fewest of three batches).
/// </summary>
public static class AllocationProbe
{
    /// <summary>Bytes each window allocated, in order; the last is 0 when steady state allocates nothing.</summary>
    /// <param name="window">One window of work: a whole cycle of whatever the object may do periodically.</param>
    /// <param name="maxWindows">Windows to try at most.</param>
    public static long[] Windows(Action window, int maxWindows = 5)
    {
        var bytes = new long[maxWindows];
        for (var i = 0; i < maxWindows; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            window();
            bytes[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (bytes[i] == 0)
            {
                return bytes[..(i + 1)];
            }
        }
        return bytes;
    }

    /// <summary>Asserts that some window of <paramref name="window"/> allocated nothing (see the class remarks).</summary>
    /// <param name="window">One window of work.</param>
    /// <param name="maxWindows">Windows to try at most.</param>
    public static void AssertSteadyStateAllocatesNothing(Action window, int maxWindows = 5)
    {
        var bytes = Windows(window, maxWindows);
        Assert.True(bytes[^1] == 0, $"every window allocated; bytes per window: {string.Join(", ", bytes)}");
    }
}
