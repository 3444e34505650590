using System.Globalization;
using System.Text;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Replay.Simulation;
using RovDsp.Replay.Simulation.Slurry;

namespace RovDsp.Replay.Devices;

/// <summary>
/// The slurry line's instrument values as a PLC would hold them: the dive simulator's readings sampled every
/// <c>1 / rateHz</c> s (each sensor's latest reading at that instant), written as CSV with a <c>t</c> column (s)
/// and one column per <see cref="SlurrySensorKind"/>. scripts/modbus-sim.py serves such a table from its
/// simulated PLC, so a Modbus client's readings can be checked against it.
/// </summary>
public static class SlurryPlcTable
{
    /// <summary>Simulates <paramref name="scenario"/> (seed <paramref name="seed"/>) for
    /// <paramref name="duration"/> and returns the table's rows: time, s, then one value per kind.</summary>
    public static List<(double T, float[] Values)> Rows(ScenarioKind scenario, ulong seed, TimeSpan duration, double rateHz = 10.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rateHz);
        var world = DiveWorld.Create(DiveScenario.Create(scenario, seed, duration));
        var simulator = new SlurrySimulator(world);
        var kinds = Enum.GetValues<SlurrySensorKind>().Length;
        var latest = new float[kinds];
        Array.Fill(latest, float.NaN);
        var rows = new List<(double, float[])>();
        var step = 1e9 / rateHz;
        var next = 0.0;
        long? origin = null;
        while (simulator.TryNext(out var sample, out _))
        {
            origin ??= sample.Stamp.TimestampNs;
            var t = sample.Stamp.TimestampNs - origin.Value;
            while (t >= next)
            {
                // A row only once every sensor has read at least once: a PLC holds no "no value" register.
                if (!latest.Any(float.IsNaN))
                {
                    rows.Add((next / 1e9, (float[])latest.Clone()));
                }

                next += step;
            }

            latest[(int)sample.Kind] = sample.Value;
        }

        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> as CSV to <paramref name="path"/> (values in invariant culture,
    /// round-trip precision).</summary>
    public static void Write(string path, IEnumerable<(double T, float[] Values)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("t");
        foreach (var name in Enum.GetNames<SlurrySensorKind>())
        {
            text.Append(',').Append(name);
        }

        text.Append('\n');
        foreach (var (t, values) in rows)
        {
            text.Append(t.ToString("R", CultureInfo.InvariantCulture));
            foreach (var v in values)
            {
                text.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
