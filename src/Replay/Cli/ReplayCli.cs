using System.CommandLine;
using RovDsp.Replay.Cli.Commands;

namespace RovDsp.Replay.Cli;

/// <summary>The rovdsp-replay command line, built in one place so the executable and the tests run the same commands
/// (the tests parse and invoke it in-process).</summary>
public static class ReplayCli
{
    /// <summary>How long a stop request (Ctrl+C, SIGTERM) waits for a command to finish cleanly: long enough for
    /// <c>record</c> to write its summary and <c>play</c> its report.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(15);

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Build() => new("rovdsp-replay: simulated dives, imports, MCAP recordings, and MQTT play/record for RovDsp. "
        + RovDsp.Bridge.Connection.LinkExitCodes.HelpText)
    {
        SimulateCommand.Create(),
        PlcTableCommand.Create(),
        ImportCommand.Create(),
        InfoCommand.Create(),
        RepairCommand.Create(),
        ProcessCommand.Create(),
        CampaignDiveCommand.Create(),
        PlayCommand.Create(),
        RecordCommand.Create(),
    };

    /// <summary>Parses and runs <paramref name="args"/>; <c>play</c> and <c>record</c> (and parse errors and help) write
    /// to <paramref name="output"/> and <paramref name="error"/> (the console when null).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = StopGracePeriod };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        // A usage error (unknown option, a value that does not parse) is exit code 2, like a bad setting, not
        // System.CommandLine's 1 (which a runtime failure uses).
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var writer = error ?? Console.Error;
            foreach (var parseError in parsed.Errors)
            {
                writer.WriteLine("error: " + Commands.OptionErrors.Describe(parseError));
            }

            writer.WriteLine("error: see rovdsp-replay --help");
            return Task.FromResult(RovDsp.Bridge.Connection.LinkExitCodes.Usage);
        }

        return parsed.InvokeAsync(configuration, cancellationToken);
    }
}
