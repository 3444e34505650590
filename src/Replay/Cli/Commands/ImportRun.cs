using System.Globalization;
using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// One import of another tool's file into MCAP, as <c>import</c> runs it and as <c>process</c> runs it on the fly:
/// the format from the file's bytes (a <c>--format</c> that contradicts them is refused, naming what the file looks
/// like), the import, then what the user must know about it: truncated records by count, and where the times come
/// from, or a warning that they start at 1970 and how to place them.
/// </summary>
internal static class ImportRun
{
    /// <summary>The format to import <paramref name="input"/> as.</summary>
    /// <param name="input">The sniffed input.</param>
    /// <param name="requested">The <c>--format</c> value (xtf, oculus, pingviewer), or null.</param>
    /// <exception cref="CliFailureException">The file is not importable, or is not the requested format.</exception>
    public static ImportFormat ChooseFormat(SniffedInput input, string? requested)
    {
        ImportFormat? asked = requested switch
        {
            "xtf" => ImportFormat.Xtf,
            "oculus" => ImportFormat.Oculus,
            "pingviewer" => ImportFormat.PingViewer,
            _ => null,
        };
        if (input.Kind == InputKind.Mcap)
        {
            throw new CliFailureException(
                $"{input.Path} is already an MCAP recording: nothing to import. Process it directly: rovdsp-replay process {CliErrors.Quote(input.Path)}");
        }

        if (input.ImportFormat is { } seen)
        {
            if (asked is { } a && a != seen)
            {
                throw new CliFailureException(
                    $"--format {requested}: {input.Path} looks like {input.Description}, not {SniffedInput.Describe(a)}. "
                    + $"Leave --format out (the format is detected) or pass --format {Name(seen)}.", CliErrors.Usage);
            }

            return seen;
        }

        if (input.Kind is InputKind.Empty or InputKind.Text)
        {
            throw new CliFailureException(CliErrors.NotARecording(input)!);
        }

        // Unknown bytes: the user's --format, else the extension (a stream that starts mid-message, say).
        return asked ?? RecordingImporter.Detect(input.Path, ReadOnlySpan<byte>.Empty)
            ?? throw new CliFailureException(
                $"{input.Path}: cannot tell its format (its first bytes are not XTF, Oculus or Ping Viewer); pass --format xtf|oculus|pingviewer.",
                CliErrors.Usage);
    }

    /// <summary>Imports <paramref name="input"/> into the MCAP file <paramref name="to"/> (deleted again on failure) and
    /// says what happened on <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="input">The sniffed input.</param>
    /// <param name="format">Its format (<see cref="ChooseFormat"/>).</param>
    /// <param name="to">The MCAP to write.</param>
    /// <param name="options">Topic, time and compression settings.</param>
    /// <param name="startHint">How to give a start time in this command ("--start 2026-05-01T12:00:00Z", or the import
    /// command to run), for the 1970 warning.</param>
    /// <param name="output">Where the summary line goes.</param>
    /// <param name="error">Where warnings go.</param>
    /// <exception cref="CliFailureException">The file cannot be read, or held nothing to import.</exception>
    public static ImportResult Run(SniffedInput input, ImportFormat format, string to, ImportOptions options, string startHint,
        TextWriter output, TextWriter error)
    {
        var data = File.ReadAllBytes(input.Path);
        ImportResult result;
        try
        {
            using var file = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.Read);
            result = RecordingImporter.Import(format, data, input.Path, file, options);
        }
        catch (Exception e) when (e is XtfFormatException or OculusFormatException or PingViewerLogFormatException)
        {
            File.Delete(to);
            throw new CliFailureException(CliErrors.Unreadable(input.Path, SniffedInput.Describe(format), e.Message));
        }
        catch
        {
            File.Delete(to);
            throw;
        }

        var c = CultureInfo.InvariantCulture;
        var truncated = result.TruncatedRecords switch
        {
            0 => string.Empty,
            1 => ", 1 truncated record at the end",
            var n => string.Create(c, $", {n} truncated records at the end"),
        };
        output.WriteLine(string.Create(c,
            $"imported {result.Messages} messages ({result.Skipped} skipped{truncated}) from {Path.GetFileName(input.Path)} ({result.Format}) onto {result.Topic}; wrote {to}"));
        if (result.TruncatedRecords > 0)
        {
            error.WriteLine(string.Create(c,
                $"warning: {input.Path} ends in {(result.TruncatedRecords == 1 ? "a record" : result.TruncatedRecords + " records")} cut off by the end of the file (it was still being written, or copied short): not imported."));
        }

        if (result.Messages == 0)
        {
            File.Delete(to);
            throw new CliFailureException($"{input.Path} held nothing to import ({result.Skipped} items skipped).");
        }

        if (result.StartTimeSource is { } source)
        {
            output.WriteLine($"times from {source}: {Utc(result.FirstTimeNs)} .. {Utc(result.LastTimeNs)}");
        }
        else
        {
            error.WriteLine(
                $"warning: {input.Path} holds no date and no start time was given, so its data is placed at 1970-01-01T00:00:00Z "
                + $"(plots and reports count from there). To place it at the dive's real time: {startHint}");
        }

        return result;
    }

    /// <summary>The --format value naming <paramref name="format"/>.</summary>
    public static string Name(ImportFormat format) => format switch
    {
        ImportFormat.Xtf => "xtf",
        ImportFormat.Oculus => "oculus",
        _ => "pingviewer",
    };

    private static string Utc(long ns) =>
        DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
