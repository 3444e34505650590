namespace RovDsp.Dsp.Tests.Support;

/// <summary>Element-wise comparisons with a tolerance that says where the first mismatch is.</summary>
public static class Assertions
{
    /// <summary>
    /// Asserts |actual[i] - expected[i]| &lt;= atol + rtol·|expected[i]| for every i, as numpy's <c>allclose</c>.
    /// </summary>
    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol, double atol,
        string what = "")
    {
        Assert.True(expected.Length == actual.Length,
            $"{what}: length {actual.Length}, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var err = Math.Abs(a - e);
            if (!(err <= atol + rtol * Math.Abs(e)))
            {
                Assert.Fail($"{what}: element {i} is {a:R}, expected {e:R} (|err| {err:E3} > atol {atol:E1} + rtol {rtol:E1}·|e|)");
            }
        }
    }

    /// <summary>Float overload of <see cref="AllClose(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, string)"/>.</summary>
    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rtol, double atol,
        string what = "")
    {
        var a = new double[actual.Length];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = actual[i];
        }
        AllClose(expected, a, rtol, atol, what);
    }

    /// <summary>Largest absolute value of a sequence, for tolerances scaled to the signal.</summary>
    public static double MaxAbs(ReadOnlySpan<double> x)
    {
        var m = 0.0;
        foreach (var v in x)
        {
            m = Math.Max(m, Math.Abs(v));
        }
        return m;
    }
}
