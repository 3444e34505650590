using RovDsp.Processing.Feeds;
using RovDsp.Replay.Cli.Plots;
using RovDsp.Replay.Processing;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>Everything a processed dive's folder gets after the processing itself (CSVs, images, plots, side-scan
/// contacts, report.md): one place for <c>process</c> on one recording and for each dive of a campaign.</summary>
internal static class DiveOutputs
{
    /// <summary>Writes the files; returns the accuracy figures and every file's name (processed.mcap first).</summary>
    /// <param name="result">The processing run (its processed.mcap already in <paramref name="folder"/>).</param>
    /// <param name="input">The recording's path.</param>
    /// <param name="folder">The dive's output folder.</param>
    /// <param name="vehicle">Vehicle id of the topics.</param>
    /// <param name="settings">The pipeline settings the run used.</param>
    /// <param name="plots">Whether to draw the PNG plots.</param>
    /// <param name="displayName">The name report.md gives the dive (the user's file when <paramref name="input"/> is a
    /// temporary import of it); the input's file name by default.</param>
    public static (DiveAccuracy Accuracy, IReadOnlyList<string> Files) Write(DiveProcessResult result, string input, string folder,
        string vehicle, PipelineSettings settings, bool plots, string? displayName = null)
    {
        var files = new List<string> { "processed.mcap" };
        files.AddRange(DiveOutputFiles.Write(result, folder, vehicle));
        if (plots)
        {
            files.AddRange(DivePlots.Write(result, folder, vehicle, input));
        }

        var (contacts, contactFiles) = SideScanContactReport.Write(result, input, folder, vehicle, settings);
        files.AddRange(contactFiles);
        files.Add("report.md");
        var accuracy = DiveAccuracy.Compute(result, vehicle);
        File.WriteAllText(Path.Combine(folder, "report.md"), DiveReport.Markdown(displayName ?? Path.GetFileName(input), result, accuracy, files, contacts));
        return (accuracy, files);
    }
}
