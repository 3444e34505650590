using System.CommandLine;
using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>import</c>: converts an XTF, Oculus or Ping Viewer recording to MCAP.</summary>
internal static class ImportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Argument<FileInfo>("file") { Description = "An XTF side-scan file (.xtf), a raw Oculus stream (.raw) or a Ping Viewer log (.bin)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "MCAP file to write (overwritten).", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "Input format; detected from the file's first bytes and extension when omitted.",
        };
        format.AcceptOnlyFromAmong("xtf", "oculus", "pingviewer");
        var vehicle = new Option<string>("--vehicle") { Description = "Vehicle id in the raw topic.", DefaultValueFactory = _ => RecordingTopics.DefaultVehicle };
        var sensor = new Option<string?>("--sensor") { Description = "Sensor name in the raw topic (default: sidescan1, multibeam1, or ping1d/ping360 from the log)." };
        var start = new Option<DateTimeOffset?>("--start")
        {
            Description = "Recording start (ISO 8601, e.g. 2027-01-15T03:00:00Z) for Ping Viewer logs, which store time since the start (default: the date and time in the log's file name, as Ping Viewer names logs), and Oculus streams, which store no time (default: 1970-01-01, with a warning). XTF keeps its own ping times.",
        };
        var rate = new Option<double>("--oculus-rate") { Description = "Ping rate assumed for Oculus streams, Hz.", DefaultValueFactory = _ => 10.0 };
        var portNearFirst = new Option<bool>("--port-near-first") { Description = "The XTF port channel is stored nearest range first (the default assumes far first, as in the Scotsman Iver2 survey)." };
        var compression = CompressionOption.Create();
        var command = new Command("import", "Convert another tool's recording into MCAP on the raw topics, keeping its timestamps.")
        {
            input, output, format, vehicle, sensor, start, rate, portNearFirst, compression,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var error = parse.InvocationConfiguration.Error;
            var from = parse.GetValue(input)!;
            if (!from.Exists)
            {
                return CommandErrors.Fail($"{from.FullName} does not exist.", error);
            }

            var to = parse.GetValue(output)!.FullName;
            if (OptionErrors.MissingFolder("-o/--output", to) is { } missing)
            {
                throw new CliFailureException(missing, CliErrors.Usage);
            }

            var sniffed = InputSniffer.Sniff(from.FullName);
            var kind = ImportRun.ChooseFormat(sniffed, parse.GetValue(format));
            var options = new ImportOptions
            {
                Vehicle = parse.GetValue(vehicle) ?? RecordingTopics.DefaultVehicle,
                Sensor = parse.GetValue(sensor),
                StartTimeNs = parse.GetValue(start) is { } s ? (s.UtcDateTime - DateTime.UnixEpoch).Ticks * 100L : null,
                OculusPingRateHz = parse.GetValue(rate),
                XtfPortFarFirst = !parse.GetValue(portNearFirst),
                Compression = CompressionOption.Parse(parse.GetValue(compression)),
            };
            ImportRun.Run(sniffed, kind, to, options, "pass --start 2026-05-01T12:00:00Z (the recording's start, UTC).",
                parse.InvocationConfiguration.Output, error);
            return 0;
        }, parse.InvocationConfiguration.Error));
        return command;
    }
}
