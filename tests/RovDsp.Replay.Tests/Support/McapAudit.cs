using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using RovDsp.Replay.Mcap;

namespace RovDsp.Replay.Tests.Support;

/// <summary>
/// Keeps a copy of every MCAP file the tests write, for the Foxglove audit at the end of the test run (scripts/test.sh
/// sets <c>ROVDSP_MCAP_AUDIT_DIR</c>, then runs <c>tests/mcap-interop/foxglove-check.mjs --audit</c> over it): every
/// file the product writes in any test must open in Foxglove and Lichtblick, not only those a test checks by name.
/// <para>
/// Files are caught as <see cref="McapWriter"/> closes them (its <see cref="McapFileClosed"/> diagnostic event), before
/// the test deletes its folder, and kept as a digest: their schemas, channels and a sample of each JSON channel's
/// messages, byte for byte (the checks are on those; the MCAP structure itself is checked against @mcap/core by
/// the interop tests). Left out: files whose header library starts with <see cref="FixtureLibrary"/> (a test's
/// deliberately broken input, built with McapWriter), and files written by child processes, which a test hands over
/// with <see cref="Include"/>. Without the variable nothing is subscribed and nothing copied.
/// </para>
/// </summary>
public static class McapAudit
{
    /// <summary>The header library of a test's own fixture file, which the audit leaves out (say why after it).</summary>
    public const string FixtureLibrary = "test fixture";

    private static readonly string? Directory_ = Environment.GetEnvironmentVariable("ROVDSP_MCAP_AUDIT_DIR") is { Length: > 0 } d ? d : null;
    private static readonly Lock Gate = new();
    private static int _next;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "A test assembly: the audit must see every file from the first test on, whatever runs first.")]
    internal static void Start()
    {
        if (Directory_ is null)
        {
            return;
        }

        Directory.CreateDirectory(Directory_);
        DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());
    }

    /// <summary>Adds a file written by a child process (a campaign's dives, a bridge's recording).</summary>
    public static void Include(string path, string library = "child process")
    {
        if (Directory_ is not null && File.Exists(path))
        {
            Keep(path, library, null);
        }
    }

    /// <summary>Adds what a child <c>rovdsp-replay</c> run wrote: the MCAP file its <c>-o</c>/<c>--output</c> names, or every
    /// MCAP file in the folder it names.</summary>
    public static void IncludeOutputOf(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] is not ("-o" or "--output"))
            {
                continue;
            }

            var output = args[i + 1];
            var files = Directory.Exists(output) ? Directory.EnumerateFiles(output, "*.mcap", SearchOption.AllDirectories) : [output];
            foreach (var file in files.Where(f => f.EndsWith(".mcap", StringComparison.Ordinal)))
            {
                Include(file, "rovdsp-replay " + args[0] + ", a child process");
            }
        }
    }

    private static void Keep(string path, string library, ulong? messages)
    {
        if (library.StartsWith(FixtureLibrary, StringComparison.Ordinal) || library == DigestLibrary)
        {
            return;
        }

        var length = new FileInfo(path).Length;
        string copy;
        lock (Gate)
        {
            copy = $"{Environment.ProcessId}-{++_next:D5}-{Path.GetFileName(path)}";
        }

        // Never throws into the writer: a file that cannot be kept is listed as not checked, which fails the audit.
        var note = library;
        try
        {
            var kept = Digest(path, Path.Combine(Directory_!, copy));
            note = $"{library}; {kept}";
        }
        catch (Exception e) when (e is IOException or McapFormatException or UnauthorizedAccessException)
        {
            (copy, note) = ("-", $"{library}: cannot read: {e.Message}");
        }

        var line = string.Join('\t', copy, path, note,
            messages?.ToString(CultureInfo.InvariantCulture) ?? "", length.ToString(CultureInfo.InvariantCulture)) + "\n";
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(Directory_!, $"index-{Environment.ProcessId}.tsv"), line);
        }
    }

    /// <summary>
    /// Writes what the audit checks of <paramref name="path"/> to <paramref name="digest"/>: every schema and channel
    /// record as they are, and of each JSON channel up to <see cref="SampledMessages"/> messages byte for byte (the first
    /// and last ten and the rest evenly spread), so a test run's gigabytes of sonar frames and images cost megabytes.
    /// </summary>
    private static string Digest(string path, string digest)
    {
        using var reader = new McapReader(OpenUnlocked(path));
        var summary = reader.ReadSummary();
        var json = summary.Channels.Values.Where(c => c.MessageEncoding == "json").Select(c => c.Id).ToHashSet();
        var counts = summary.Statistics?.ChannelMessageCounts ?? new Dictionary<ushort, ulong>();
        var seen = new Dictionary<ushort, ulong>();
        var kept = 0;
        using var output = new FileStream(digest, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        using var writer = new McapWriter(output, new McapWriterOptions { Library = DigestLibrary, Compression = McapCompression.Zstd }, leaveOpen: true);
        foreach (var schema in summary.Schemas.Values.OrderBy(s => s.Id))
        {
            writer.WriteSchema(schema);
        }

        foreach (var channel in summary.Channels.Values.OrderBy(c => c.Id))
        {
            writer.WriteChannel(channel);
        }

        if (json.Count > 0)
        {
            foreach (var message in reader.ReadMessages(channelIds: json))
            {
                var i = seen[message.ChannelId] = seen.GetValueOrDefault(message.ChannelId) + 1;
                var count = counts.GetValueOrDefault(message.ChannelId, ulong.MaxValue);
                var stride = Math.Max(1, count / (SampledMessages - 20));
                if (i <= 10 || i + 10 > count || i % stride == 0)
                {
                    writer.WriteMessage(message.ChannelId, message.Sequence, message.LogTime, message.PublishTime, message.Data.Span);
                    kept++;
                }
            }
        }

        return $"{summary.Channels.Count} channels, {json.Count} JSON, {kept} of their {seen.Values.Sum(v => (long)v)} messages kept";
    }

    /// <summary>At most this many messages of one JSON channel go into a digest (a few more when a channel's count is
    /// not a multiple of the stride).</summary>
    public const int SampledMessages = 60;

    private const string DigestLibrary = "mcap audit digest";

    // The writer may hold .NET's advisory lock on the file (FileShare.None, an flock on Linux) until its caller closes
    // it: open it beneath .NET's locking on Linux, which only the audit needs.
    private static FileStream OpenUnlocked(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = Open(path, 0);
            if (fd < 0)
            {
                throw new IOException($"open {path}: errno {Marshal.GetLastPInvokeError()}");
            }

            return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1 << 16);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == McapFileClosed.ListenerName)
            {
                value.Subscribe(new EventObserver());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class EventObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == McapFileClosed.EventName && value.Value is McapFileClosed { Path: { } path } closed)
            {
                Keep(path, closed.Library, closed.Messages);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
