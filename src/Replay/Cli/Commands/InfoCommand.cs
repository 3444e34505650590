using System.CommandLine;
using System.Globalization;
using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Cli.Commands;

/// <summary><c>info</c>: what a recording holds.</summary>
internal static class InfoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "An MCAP recording (cut-off files are read as far as they go)." };
        var command = new Command("info", "Describe a recording: channels, schemas, message counts, rates, time range, largest gaps, size and compression.")
        {
            file,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return CommandErrors.Fail($"{path.FullName} does not exist.", error);
            }

            // What the file is comes first: an empty, text or XTF file is named as such, not as "bad magic".
            if (CliErrors.NotARecording(InputSniffer.Sniff(path.FullName)) is { } problem)
            {
                return CommandErrors.Fail(problem, error);
            }

            var info = RecordingInspector.Inspect(path.FullName);
            if (info.Channels.Count == 0 && info.MessageCount == 0 && !info.Complete)
            {
                return CommandErrors.Fail($"{path.FullName} holds no readable MCAP: {string.Join("; ", info.Damage)}", error);
            }
            Print(info, path.FullName);

            // A damaged file is described as far as it reads, and still fails: a script must not take it as good.
            return info.Complete
                ? 0
                : CommandErrors.Fail(CliErrors.Damaged(path.FullName, (string?)null), error);
        }, parse.InvocationConfiguration.Error));
        return command;
    }

    private static void Print(RecordingInfo info, string path)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"file:        {path}"));
        Console.WriteLine(string.Create(c, $"size:        {info.FileSize} bytes ({info.FileSize / 1048576.0:0.00} MiB)"));
        Console.WriteLine(string.Create(c, $"writer:      {info.Library}{(info.Profile.Length > 0 ? " (profile " + info.Profile + ")" : string.Empty)}"));
        var ratio = info.CompressedBytes > 0 ? (double)info.UncompressedBytes / info.CompressedBytes : 1.0;
        Console.WriteLine(string.Create(c,
            $"chunks:      {info.ChunkCount}, compression {(info.Compression.Count == 0 ? "-" : string.Join('+', info.Compression))}, {info.UncompressedBytes} -> {info.CompressedBytes} bytes (x{ratio:0.00})"));
        if (info.MessageCount > 0)
        {
            var span = (info.LastLogTimeNs - info.FirstLogTimeNs) * 1e-9;
            Console.WriteLine(string.Create(c, $"time:        {Utc(info.FirstLogTimeNs)} .. {Utc(info.LastLogTimeNs)} ({span:0.000} s)"));
        }
        Console.WriteLine(string.Create(c, $"messages:    {info.MessageCount}"));
        Console.WriteLine(info.Complete ? "state:       complete" : "state:       DAMAGED or cut off (see the error below)");
        foreach (var damage in info.Damage)
        {
            Console.WriteLine("  " + damage);
        }
        foreach (var (name, values) in info.Metadata)
        {
            Console.Write("metadata:    " + name);
            foreach (var (key, value) in values)
            {
                Console.Write($" {key}={value}");
            }
            Console.WriteLine();
        }
        Console.WriteLine("channels:");
        Console.WriteLine("  id  messages   rate Hz  max gap s      bytes  encoding / schema  topic");
        foreach (var ch in info.Channels)
        {
            var schema = ch.SchemaName.Length == 0 ? "(no schema)" : $"{ch.SchemaName} [{ch.SchemaEncoding}]";
            Console.WriteLine(string.Create(c,
                $"  {ch.Id,2} {ch.MessageCount,9} {ch.RateHz,9:0.00} {ch.LargestGapNs * 1e-9,10:0.000} {ch.Bytes,10}  {ch.MessageEncoding} / {schema}  {ch.Topic}"));
        }
    }

    private static string Utc(ulong ns) =>
        DateTime.UnixEpoch.AddTicks((long)(ns / 100)).ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);
}
