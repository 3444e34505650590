using System.CommandLine;
using System.Globalization;
using RovDsp.Replay.Devices;
using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>plc-table</c>: the dive simulator's slurry-line values as a PLC holds them, as the CSV that
/// scripts/modbus-sim.py serves over Modbus TCP.</summary>
internal static class PlcTableCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario") { Description = "nominal, clog or obstacle.", DefaultValueFactory = _ => "nominal" };
        scenario.AcceptOnlyFromAmong("nominal", "clog", "obstacle");
        var seed = new Option<ulong>("--seed") { Description = "Seed of the dive's randomness.", DefaultValueFactory = _ => 1UL };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "Length of the dive simulated: 90s, 10m, 1h or plain seconds.",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (DurationParser.TryParse(text, out var value))
                {
                    return value;
                }

                result.AddError($"'{text}' is not a duration (examples: 90s, 10m, 1h, 2m30s).");
                return TimeSpan.Zero;
            },
        };
        var from = new Option<double>("--from") { Description = "Leave out the dive's first seconds (the pump spinning up).", DefaultValueFactory = _ => 0.0 };
        var rate = new Option<double>("--rate") { Description = "Rows per second (the PLC's update rate), Hz.", DefaultValueFactory = _ => 10.0 };
        var output = new Option<FileInfo>("--output", "-o") { Description = "CSV file to write (overwritten).", Required = true };
        var command = new Command("plc-table", "Write the simulated slurry line's values as a PLC would hold them (CSV for scripts/modbus-sim.py).")
        {
            scenario, seed, duration, from, rate, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var kind = parse.GetValue(scenario) switch
            {
                "clog" => ScenarioKind.Clog,
                "obstacle" => ScenarioKind.Obstacle,
                _ => ScenarioKind.Nominal,
            };
            var hz = parse.GetValue(rate);
            if (!(hz is > 0 and <= 1000))
            {
                throw new ArgumentException($"--rate {hz} must be within (0, 1000] Hz");
            }

            var skip = parse.GetValue(from);
            var rows = SlurryPlcTable.Rows(kind, parse.GetValue(seed), parse.GetValue(duration), hz)
                .Where(r => r.T >= skip).Select(r => (r.T - skip, r.Values)).ToList();
            if (rows.Count == 0)
            {
                throw new ArgumentException($"--from {skip} s leaves no rows of the {parse.GetValue(duration).TotalSeconds} s dive");
            }

            var path = parse.GetValue(output)!.FullName;
            SlurryPlcTable.Write(path, rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path}: {rows.Count} rows at {hz} Hz"));
            return 0;
        }));
        return command;
    }
}
