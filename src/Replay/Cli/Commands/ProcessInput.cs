using RovDsp.Replay.Mcap;
using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// The recording <c>process</c> reads, made ready before any output is written: an MCAP file as it is, or another
/// tool's file (XTF, Oculus, Ping Viewer) imported on the fly into a temporary MCAP with <c>import</c>'s own code
/// (<see cref="ImportRun"/>), deleted again on <see cref="Dispose"/>. Refuses, in the user's words, what cannot be
/// processed: an empty or text file, a cut-off or damaged MCAP (with the repair command), and a <c>--vehicle</c> that
/// no raw topic of the file carries (naming the vehicles and topics it does hold).
/// </summary>
internal sealed class ProcessInput : IDisposable
{
    private readonly string? _temporary;

    private ProcessInput(string path, string mcapPath, string? temporary)
    {
        Path = path;
        McapPath = mcapPath;
        _temporary = temporary;
    }

    /// <summary>The file the user named.</summary>
    public string Path { get; }

    /// <summary>The MCAP recording to process: <see cref="Path"/>, or the temporary import of it.</summary>
    public string McapPath { get; }

    /// <summary>Checks and, when needed, imports <paramref name="input"/> for <paramref name="vehicle"/>'s topics.</summary>
    /// <param name="input">The file the user named.</param>
    /// <param name="vehicle">The --vehicle value.</param>
    /// <param name="output">Where the import's summary goes.</param>
    /// <param name="error">Where warnings go.</param>
    /// <exception cref="CliFailureException">The file cannot be processed; the message says why and what to do.</exception>
    public static ProcessInput Open(FileInfo input, string vehicle, TextWriter output, TextWriter error)
    {
        if (!input.Exists)
        {
            throw new CliFailureException($"{input.FullName} does not exist.");
        }

        var sniffed = InputSniffer.Sniff(input.FullName);
        if (sniffed.Kind == InputKind.Mcap)
        {
            CheckVehicle(input.FullName, vehicle);
            return new ProcessInput(input.FullName, input.FullName, null);
        }

        // Bytes of no known start with an import extension (.xtf, .raw, .oculus, .bin) go to the importer as they do
        // with `import`, which then says what is wrong inside; anything else is refused here.
        var format = sniffed.ImportFormat
                     ?? (sniffed.Kind == InputKind.Unknown ? RecordingImporter.Detect(input.FullName, ReadOnlySpan<byte>.Empty) : null);
        if (format is null)
        {
            throw new CliFailureException(CliErrors.NotARecording(sniffed)!);
        }

        // The import goes to the temporary folder, not beside the input: the input's folder may be read-only (a survey
        // disk), and the file is only needed for this run.
        var temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rovdsp-process-{Guid.NewGuid():N}.mcap");
        output.WriteLine($"{input.Name} is {(sniffed.ImportFormat is null ? SniffedInput.Describe(format.Value) + " by its extension" : sniffed.Description)}: importing it first (as rovdsp-replay import does)");
        try
        {
            ImportRun.Run(sniffed, format.Value, temporary,
                new ImportOptions { Vehicle = vehicle, Compression = McapCompression.None },
                $"import it yourself with its start, then process the MCAP: rovdsp-replay import {CliErrors.Quote(input.FullName)} --start 2026-05-01T12:00:00Z "
                + $"-o {CliErrors.Quote(CliErrors.Sibling(input.FullName, ".mcap"))}",
                output, error);
            return new ProcessInput(input.FullName, temporary, temporary);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Deletes the temporary import, if any.</summary>
    public void Dispose()
    {
        if (_temporary is not null)
        {
            File.Delete(_temporary);
        }
    }

    // A cut-off MCAP fails here, on its summary, before any output is written; a --vehicle that matches no raw topic
    // would otherwise process 0 messages and succeed.
    private static void CheckVehicle(string path, string vehicle)
    {
        McapSummary summary;
        try
        {
            using var reader = McapReader.Open(path);
            summary = reader.ReadSummary();
        }
        catch (McapFormatException e)
        {
            throw new CliFailureException(CliErrors.Damaged(path, e));
        }

        var raw = summary.Channels.Values.Select(c => c.Topic).Where(t => RawVehicle(t) is not null).Distinct().Order(StringComparer.Ordinal).ToList();
        if (raw.Any(t => RawVehicle(t) == vehicle))
        {
            return;
        }

        if (raw.Count == 0)
        {
            var topics = summary.Channels.Values.Select(c => c.Topic).Distinct().Order(StringComparer.Ordinal).ToList();
            throw new CliFailureException(
                $"{path} holds no raw sensor topics (rov/VEHICLE/raw/...), so there is nothing to process; its topics are: "
                + (topics.Count == 0 ? "none" : string.Join(", ", topics)));
        }

        var vehicles = raw.Select(RawVehicle).Distinct().Order(StringComparer.Ordinal).ToList();
        throw new CliFailureException(
            $"--vehicle {vehicle}: {path} has no raw topics of {vehicle}; it holds {string.Join(", ", vehicles)} "
            + $"({string.Join(", ", raw.Take(6))}{(raw.Count > 6 ? ", ..." : string.Empty)}). Pass --vehicle {vehicles[0]}.");
    }

    private static string? RawVehicle(string topic)
    {
        var parts = topic.Split('/');
        return parts.Length >= 4 && parts[0] == "rov" && parts[2] == "raw" ? parts[1] : null;
    }
}
