using System.CommandLine;
using System.Globalization;
using RovDsp.Replay.Recording;
using RovDsp.Replay.Simulation;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>simulate</c>: writes a simulated dive as MCAP.</summary>
internal static class SimulateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "What happens on the dive: nominal (a mining run), clog (a riser clog builds up and is cleared), obstacle (a lost tool in the collector's path).",
            DefaultValueFactory = _ => "nominal",
        };
        scenario.AcceptOnlyFromAmong("nominal", "clog", "obstacle");
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the dive's randomness; the same seed and settings give the same file, byte for byte.",
            DefaultValueFactory = _ => 1UL,
        };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "Length of the dive: 90s, 10m, 1h, 2m30s or plain seconds.",
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
        var rates = new Option<string>("--rates")
        {
            Description = "Sensor rates: full (10 pings/s echosounder, 10 frames/s of 256x703 imaging sonar, 30 steps/s scanning sonar) or shipped (the reduced rates of recordings/, about 5 MB for 90 s).",
            DefaultValueFactory = _ => "full",
        };
        rates.AcceptOnlyFromAmong("full", "shipped");
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "MCAP file to write (overwritten).",
            Required = true,
        };
        var compression = CompressionOption.Create();
        var command = new Command("simulate", "Write a simulated dive as MCAP: raw sensor messages on their MQTT raw topics, ground truth on truth/* channels.")
        {
            scenario, seed, duration, rates, output, compression,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var kind = parse.GetValue(scenario) switch
            {
                "clog" => ScenarioKind.Clog,
                "obstacle" => ScenarioKind.Obstacle,
                _ => ScenarioKind.Nominal,
            };
            var options = (parse.GetValue(rates) == "shipped" ? DiveRecordingOptions.Shipped : DiveRecordingOptions.FullRate) with
            {
                Compression = CompressionOption.Parse(parse.GetValue(compression)),
            };
            var path = parse.GetValue(output)!.FullName;
            if (OptionErrors.MissingFolder("-o/--output", path) is { } missing)
            {
                throw new CliFailureException(missing, CliErrors.Usage);
            }

            var dive = DiveScenario.Create(kind, parse.GetValue(seed), parse.GetValue(duration));
            var messages = new DiveRecorder(dive, options).Write(path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {DiveRecorder.ScenarioName(kind)} dive, seed {dive.Seed}, {dive.Duration.TotalSeconds} s, {messages} messages, {new FileInfo(path).Length} bytes"));
            return 0;
        }, parse.InvocationConfiguration.Error));
        return command;
    }
}
