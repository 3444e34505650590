using System.CommandLine;
using System.Globalization;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Processing;
using Spectre.Console;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>process</c>: run the bridge's sensor handlers over a recording without a broker and write the
/// processed MCAP, a CSV per feed, the feeds' latest images, plots and a Markdown report into a folder.</summary>
internal static class ProcessCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string[]>("file")
        {
            Description = "An MCAP recording (raw sensor channels, optional truth/* channels), or an XTF, Oculus or Ping Viewer file, imported on the fly as `import` does; several, a directory of *.mcap or a quoted glob make a campaign (docs/process.md).",
            Arity = ArgumentArity.OneOrMore,
        };
        var campaign = new CampaignOptions();
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Output folder (created; files in it are overwritten). Default: <file name>.processed next to the input.",
        };
        var vehicle = new Option<string>("--vehicle") { Description = "Vehicle id of the raw topics.", DefaultValueFactory = _ => "rov1" };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots." };
        var imageRate = new Option<double>("--image-rate")
        {
            Description = "Fan and waterfall images per second of recording (the live bridge's 2 by default; PNG encoding dominates the run time, so lower is faster).",
            DefaultValueFactory = _ => new PipelineSettings().ImageRateHz,
        };
        var compression = CompressionOption.Create();
        compression.Description = "Chunk compression of processed.mcap (lz4 by default: its images barely compress further and zstd costs more time).";
        compression.DefaultValueFactory = _ => "lz4";
        var command = new Command("process",
            "Process a recording through the same handlers the live bridge runs: processed.mcap, CSV per feed, images, plots, report.md.")
        {
            file, output, vehicle, noPlots, imageRate, compression, campaign.Jobs, campaign.Index, campaign.Count, campaign.ReportOnly,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var inputs = parse.GetValue(file)!;
            var id = parse.GetValue(vehicle) ?? "rov1";
            var rate = parse.GetValue(imageRate);
            if (!(rate > 0) || !double.IsFinite(rate))
            {
                throw new CliFailureException($"--image-rate: expected a positive number of images per second, got {rate.ToString(CultureInfo.InvariantCulture)}", CliErrors.Usage);
            }

            if (campaign.Applies(parse, inputs))
            {
                string[] forward = ["--vehicle", id, "--image-rate", rate.ToString("R", CultureInfo.InvariantCulture),
                    "--compression", parse.GetValue(compression) ?? "lz4", .. parse.GetValue(noPlots) ? ["--no-plots"] : Array.Empty<string>()];
                return campaign.Run(parse, inputs, parse.GetValue(output)?.FullName, forward);
            }

            var input = new FileInfo(inputs[0]);
            var folder = parse.GetValue(output)?.FullName
                         ?? Path.Combine(input.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(input.Name) + ".processed");
            if (OptionErrors.MissingFolder("-o/--output", folder) is { } missing)
            {
                throw new CliFailureException(missing, CliErrors.Usage);
            }

            // An MCAP as it is, another tool's file imported on the fly; refused in the user's words otherwise.
            using var source = ProcessInput.Open(input, id, Console.Out, parse.InvocationConfiguration.Error);
            Directory.CreateDirectory(folder);

            var settings = new PipelineSettings { ImageRateHz = rate };
            var processor = new DiveProcessor(settings, id) { Compression = CompressionOption.Parse(parse.GetValue(compression)) };
            DiveProcessResult result;
            try
            {
                result = Run(processor, source.McapPath, Path.Combine(folder, "processed.mcap"));
            }
            catch (McapFormatException e)
            {
                throw new CliFailureException(CliErrors.Damaged(input.FullName, e));
            }

            var (_, files) = DiveOutputs.Write(result, source.McapPath, folder, id, settings, !parse.GetValue(noPlots), input.Name);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c,
                $"processed {result.RawMessages} messages ({result.DurationSeconds:F1} s) in {result.Elapsed.TotalSeconds:F2} s: {result.RealTimeFactor:F0}x real time"));
            Console.WriteLine($"wrote {files.Count} files to {folder}");
            return 0;
        }, parse.InvocationConfiguration.Error));
        return command;
    }

    private static DiveProcessResult Run(DiveProcessor processor, string input, string output)
    {
        if (Console.IsOutputRedirected)
        {
            // Plain lines for logs and pipes: one every 10 %.
            var next = 0.0;
            var lines = new InlineProgress(f =>
            {
                if (f >= next)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"processing {f * 100:F0} %"));
                    next = Math.Floor(f * 10 + 1) / 10;
                }
            });
            return processor.ProcessAsync(input, output, lines).GetAwaiter().GetResult();
        }

        DiveProcessResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("processing", maxValue: 100);
                result = processor.ProcessAsync(input, output, new InlineProgress(f => task.Value = f * 100)).GetAwaiter().GetResult();
            });
        return result!;
    }
}
