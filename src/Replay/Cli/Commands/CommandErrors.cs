using RovDsp.Dsp.Formats.Oculus;
using RovDsp.Dsp.Formats.Ping;
using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>Runs a command's body and turns the errors a user can cause (missing files, malformed input, bad
/// values) into one line on standard error and exit code 1, never a stack trace.</summary>
internal static class CommandErrors
{
    /// <summary>Runs <paramref name="body"/>; returns its exit code, or 1 after printing an expected error.</summary>
    public static int Run(Func<int> body) => Run(body, null);

    /// <summary>Runs <paramref name="body"/>, printing an expected error on <paramref name="error"/> (the console's
    /// standard error when null).</summary>
    public static int Run(Func<int> body, TextWriter? error)
    {
        try
        {
            return body();
        }
        catch (CliFailureException e)
        {
            Fail(e.Message, error);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or McapFormatException
            or XtfFormatException or OculusFormatException or PingViewerLogFormatException or ArgumentException
            or InvalidDataException)
        {
            return Fail(e.Message, error);
        }
    }

    /// <summary>Prints <paramref name="message"/> as an error and returns exit code 1.</summary>
    public static int Fail(string message, TextWriter? error = null)
    {
        (error ?? Console.Error).WriteLine("error: " + message);
        return 1;
    }
}
