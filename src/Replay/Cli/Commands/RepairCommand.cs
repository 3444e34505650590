using System.CommandLine;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>repair</c>: rewrites a damaged or cut-off MCAP file with everything that can be read. The output is
/// written to a temporary file and renamed when complete, so a failure (a full disk) leaves no empty output.</summary>
internal static class RepairCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "The damaged MCAP file." };
        var output = new Argument<FileInfo>("output") { Description = "Where the repaired file goes (overwritten)." };
        var command = new Command("repair", "Recover what a damaged or cut-off MCAP file holds into a new, complete, indexed file.")
        {
            input, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var error = parse.InvocationConfiguration.Error;
            var from = parse.GetValue(input)!;
            var to = parse.GetValue(output)!;
            if (!from.Exists)
            {
                return CommandErrors.Fail($"{from.FullName} does not exist.", error);
            }
            if (OptionErrors.MissingFolder("output", to.FullName) is { } missing)
            {
                throw new CliFailureException(missing, CliErrors.Usage);
            }

            if (CliErrors.NotARecording(InputSniffer.Sniff(from.FullName)) is { } problem)
            {
                return CommandErrors.Fail(problem, error);
            }

            if (string.Equals(from.FullName, to.FullName, StringComparison.Ordinal))
            {
                return CommandErrors.Fail("input and output must be different files.", error);
            }
            var result = McapRepair.Repair(from.FullName, to.FullName);
            Console.WriteLine($"input {result.InputLength} bytes, readable {result.ValidLength} bytes ({(result.InputWasComplete ? "complete" : "damaged")})");
            Console.WriteLine($"recovered {result.MessagesRecovered} messages, {result.ChannelsRecovered} channels, {result.SchemasRecovered} schemas, {result.ChunksRecovered} chunks, {result.MetadataRecovered} metadata, {result.AttachmentsRecovered} attachments");
            foreach (var dropped in result.Dropped)
            {
                Console.WriteLine("dropped: " + dropped);
            }
            Console.WriteLine($"wrote {to.FullName}");
            return 0;
        }, parse.InvocationConfiguration.Error));
        return command;
    }
}
