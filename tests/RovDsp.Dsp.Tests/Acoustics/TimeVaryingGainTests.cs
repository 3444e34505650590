using RovDsp.Dsp.Acoustics;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Acoustics;

public class TimeVaryingGainTests
{
    private const string File = "acoustics.json";

    public static IEnumerable<object[]> Cases => Fixture.CaseNames(File, "tvg");

    private static TimeVaryingGain Make(System.Text.Json.JsonElement c) =>
        new(c.Int("n"), c.Number("fs"), c.Number("c"), c.Number("alpha_db_km"), c.Number("spreading"), c.Number("min_range"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gain_table_matches_numpy(string name)
    {
        var c = Fixture.Case(File, name, "tvg");
        var tvg = Make(c);
        // Table computed in double and stored as float32: rtol 1.2e-7 (1 ulp).
        Assertions.AllClose(c.Doubles("gain"), tvg.Gains, 1.2e-7, 0, name);
        var db = c.Doubles("gain_db");
        for (var n = 0; n < db.Length; n += 97)
        {
            var r = Math.Max(TimeVaryingGain.Range(n, c.Number("fs"), c.Number("c")), c.Number("min_range"));
            Assert.Equal(db[n], TimeVaryingGain.GainDb(r, c.Number("spreading"), c.Number("alpha_db_km")), 1e-12 * Math.Max(1, Math.Abs(db[n])));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_multiplies_in_place(string name)
    {
        var c = Fixture.Case(File, name, "tvg");
        var tvg = Make(c);
        var ping = StatsHelpers.Gaussian(c.Int("n"), 5);
        var expected = new double[ping.Length];
        var gain = c.Doubles("gain");
        for (var i = 0; i < ping.Length; i++)
        {
            expected[i] = ping[i] * gain[i];
        }
        tvg.Process(ping);
        // float32 gain (1 ulp) times float32 sample, rounded once more: rtol 2.4e-7.
        Assertions.AllClose(expected, ping, 2.4e-7, 0, name);
    }

    [Fact]
    public void Min_range_clamps_early_samples()
    {
        // 1500 m/s, 10 kHz: sample n is at 0.075·n m; with a 3 m clamp samples 0..40 all get the 3 m gain.
        var tvg = new TimeVaryingGain(100, 10e3, 1500, 40, 20, 3.0);
        var g3 = (float)Math.Pow(10, (20 * Math.Log10(3.0) + 2 * 0.04 * 3.0) / 20);
        for (var n = 0; n <= 40; n++)
        {
            Assert.Equal(g3, tvg.Gains[n]);
        }
        Assert.True(tvg.Gains[41] > g3);
    }

    [Fact]
    public void Shorter_ping_and_separate_output()
    {
        var tvg = new TimeVaryingGain(64, 10e3, 1500, 0, 40, 1);
        var input = StatsHelpers.Gaussian(50, 2);
        var output = new float[50];
        tvg.Process(input, output);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(input[i] * tvg.Gains[i], output[i]);
        }
    }

    [Fact]
    public void Does_not_allocate()
    {
        var tvg = new TimeVaryingGain(8192, 100e3, 1500, 30, 20, 0.5);
        var ping = StatsHelpers.Gaussian(8192, 1);
        Assert.Equal(0, StatsHelpers.AllocatedBySecondCall(() => tvg.Process(ping)));
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Equal("sampleCount", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeVaryingGain(0, 1e3, 1500, 0)).ParamName);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeVaryingGain(8, 0, 1500, 0)).ParamName);
        Assert.Equal("soundSpeed", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeVaryingGain(8, 1e3, -1, 0)).ParamName);
        Assert.Equal("absorptionDbPerKm", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeVaryingGain(8, 1e3, 1500, -1)).ParamName);
        Assert.Equal("spreading", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeVaryingGain(8, 1e3, 1500, 0, double.NaN)).ParamName);
        Assert.Equal("minRange", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeVaryingGain(8, 1e3, 1500, 0, 20, 0)).ParamName);
        var tvg = new TimeVaryingGain(8, 1e3, 1500, 0);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => tvg.Process(new float[9], new float[9])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => tvg.Process(new float[8], new float[7])).ParamName);
    }
}
