using System.Globalization;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Replay.Cli;

namespace RovDsp.Replay.Tests.Cli;

/// <summary><c>rovdsp-replay plc-table</c>: the simulated slurry line's values as the CSV the simulated PLC serves.</summary>
public sealed class PlcTableCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-plc-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Plc_table_writes_one_row_a_tenth_of_a_second_after_the_skipped_start_with_a_value_for_every_sensor()
    {
        var path = Path.Combine(_dir, "plc.csv");
        var code = await ReplayCli.RunAsync(["plc-table", "--duration", "30s", "--from", "20", "-o", path], TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(path);
        Assert.Equal("t," + string.Join(',', Enum.GetNames<SlurrySensorKind>()), lines[0]);
        // 20–30 s of the dive at 10 Hz, the time column starting again at 0.
        Assert.InRange(lines.Length - 1, 99, 101);
        var times = new List<double>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            times.Add(cells[0]);
            // A PLC holds a number in every register: no "no value" cell.
            Assert.Equal(1 + Enum.GetValues<SlurrySensorKind>().Length, cells.Length);
            Assert.All(cells, c => Assert.True(double.IsFinite(c), line));
        }

        Assert.InRange(times[0], 0, 0.1);
        Assert.All(times.Zip(times.Skip(1)), p => Assert.Equal(0.1, p.Second - p.First, 6));
    }

    [Fact]
    public async Task Plc_table_refuses_a_start_after_the_end_of_the_dive()
    {
        var code = await ReplayCli.RunAsync(["plc-table", "--duration", "10s", "--from", "20", "-o", Path.Combine(_dir, "x.csv")], TextWriter.Null, TextWriter.Null);
        Assert.NotEqual(0, code);
        Assert.False(File.Exists(Path.Combine(_dir, "x.csv")));
    }
}
