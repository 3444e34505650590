using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RovDsp.Processing.Feeds;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Processing;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>campaign-dive</c> (hidden): one dive of a campaign, run by <see cref="CampaignRunner"/> in a process of
/// its own. It writes what <c>process</c> writes for one recording plus <c>dive-summary.json</c> (with this process's
/// CPU time and peak memory, which only a process of its own can measure per dive), and reports its progress on
/// standard output as <c>progress 0.42</c> lines for the campaign's bar.</summary>
internal static class CampaignDiveCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "campaign-dive";

    /// <summary>The progress line's prefix.</summary>
    public const string ProgressPrefix = "progress ";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file");
        var output = new Option<DirectoryInfo>("--output", "-o") { Required = true };
        var folderName = new Option<string>("--folder-name") { Required = true };
        var vehicle = new Option<string>("--vehicle") { DefaultValueFactory = _ => "rov1" };
        var noPlots = new Option<bool>("--no-plots");
        var imageRate = new Option<double>("--image-rate") { DefaultValueFactory = _ => new PipelineSettings().ImageRateHz };
        var compression = CompressionOption.Create();
        var command = new Command(Name, "One dive of a campaign (run by process --jobs; not for direct use).")
        {
            file, output, folderName, vehicle, noPlots, imageRate, compression,
        };
        command.Hidden = true;
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var input = parse.GetValue(file)!.FullName;
            var folder = parse.GetValue(output)!.FullName;
            var id = parse.GetValue(vehicle) ?? "rov1";
            Directory.CreateDirectory(folder);
            var settings = new PipelineSettings { ImageRateHz = parse.GetValue(imageRate) };
            var processor = new DiveProcessor(settings, id) { Compression = CompressionOption.Parse(parse.GetValue(compression)) };
            var c = CultureInfo.InvariantCulture;
            var progress = new InlineProgress(f => Console.Out.WriteLine(ProgressPrefix + f.ToString("F3", c)));
            // The same input rules as a single process run: another tool's file is imported on the fly, a damaged or
            // foreign file is refused in the user's words (the campaign report lists that message). Import notes go to
            // stderr: stdout carries the progress lines the campaign runner parses.
            using var source = ProcessInput.Open(new FileInfo(input), id, Console.Error, Console.Error);
            DiveProcessResult result;
            try
            {
                result = processor.ProcessAsync(source.McapPath, Path.Combine(folder, "processed.mcap"), progress).GetAwaiter().GetResult();
            }
            catch (McapFormatException e)
            {
                throw new CliFailureException(CliErrors.Damaged(input, e));
            }

            var (accuracy, _) = DiveOutputs.Write(result, source.McapPath, folder, id, settings, !parse.GetValue(noPlots), Path.GetFileName(input));
            using var self = Process.GetCurrentProcess();
            var summary = DiveSummary.From(input, parse.GetValue(folderName)!, result, accuracy, id) with
            {
                JobSeconds = (DateTime.Now - self.StartTime).TotalSeconds,
                CpuSeconds = self.TotalProcessorTime.TotalSeconds,
                PeakMemoryBytes = self.PeakWorkingSet64,
            };
            summary.Write(Path.Combine(folder, DiveSummary.FileName));
            return 0;
        }));
        return command;
    }
}
