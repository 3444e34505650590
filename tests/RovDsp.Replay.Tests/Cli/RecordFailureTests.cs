using System.Net;
using System.Text.RegularExpressions;
using RovDsp.Bridge.Broker;
using RovDsp.Bridge.Connection;
using RovDsp.Replay.Mcap;
using RovDsp.Replay.Tests.Recording;
using RovDsp.Replay.Tests.Support;
using Xunit.Abstractions;

namespace RovDsp.Replay.Tests.Cli;

/// <summary>
/// <c>record</c> onto a full disk stops with a clear error and exit code 1 (it used to print nothing, show
/// "queued 65536" and ignore --duration), leaving a file that <c>repair</c> recovers up to its last flush; <c>repair</c>
/// onto a full disk leaves no empty output behind. The full disk is a real one: a small tmpfs (skipped where mounting
/// is not permitted), and, everywhere, a stream that fails as ENOSPC does, through repair's internal seam.
/// </summary>
public sealed class RecordFailureTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-record-failure-").FullName;

    [SkippableFact]
    public async Task Record_onto_a_full_disk_stops_with_exit_1_and_repair_recovers_what_was_flushed()
    {
        using var disk = SmallTmpfs.TryMount(384 * 1024, out var why);
        Skip.If(disk is null, why);
        await using var broker = await EmbeddedBroker.StartAsync(IPAddress.Loopback, 0);
        var uri = $"mqtt://127.0.0.1:{broker.Port}";
        var path = Path.Combine(disk!.Path, "dive.mcap");
        var record = CliRun.Start(CancellationToken.None, "record", "--broker", uri, "-o", path, "--flush-interval", "0.2", "--duration", "60");
        await record.WaitForOutputAsync("subscribed", TimeSpan.FromSeconds(30));
        using var stopPlay = new CancellationTokenSource();
        var play = CliRun.Start(stopPlay.Token, "play", ShippedRecordings.PathOf("obstacle.mcap"), "--broker", uri, "--from", "20", "--speed", "5");

        // Stops on its own, long before --duration, as soon as the disk is full.
        var code = await record.Task.WaitAsync(TimeSpan.FromSeconds(45));
        await stopPlay.CancelAsync();
        await play.Task.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(record.Output);
        output.WriteLine(record.Error);
        Assert.Equal(LinkExitCodes.RuntimeFailure, code);
        Assert.Contains("No space left on device", record.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", record.Error, StringComparison.Ordinal);
        var flushed = long.Parse(Regex.Match(record.Error, @"holds the (\d+) messages flushed").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(flushed > 0, record.Error);

        var repaired = Path.Combine(_dir, "repaired.mcap");
        var repair = await CliRun.RunAsync(TimeSpan.FromSeconds(60), "repair", path, repaired);
        var result = McapRepair.Repair(path, Path.Combine(_dir, "again.mcap"));
        output.WriteLine($"repair: {result.MessagesRecovered} recovered, flushed {flushed}");
        Assert.True(repair.ExitCode == 0, repair.Error);
        // Everything flushed is back; at most the chunk being flushed when the disk filled may also be complete.
        Assert.True(result.MessagesRecovered >= flushed, $"recovered {result.MessagesRecovered} of {flushed} flushed");
        using var reader = McapReader.Open(repaired);
        Assert.Equal((ulong)result.MessagesRecovered, reader.ReadSummary().Statistics!.MessageCount);
    }

    [SkippableFact]
    public async Task Repair_onto_a_full_disk_fails_with_exit_1_and_leaves_no_output()
    {
        using var disk = SmallTmpfs.TryMount(256 * 1024, out var why);
        Skip.If(disk is null, why);
        var target = Path.Combine(disk!.Path, "repaired.mcap");
        var run = await CliRun.RunAsync(TimeSpan.FromSeconds(60), "repair", ShippedRecordings.PathOf("nominal.mcap"), target);
        output.WriteLine(run.Error);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No space left on device", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public void Repair_that_cannot_write_keeps_an_existing_output_and_leaves_no_partial_file()
    {
        var target = Path.Combine(_dir, "repaired.mcap");
        File.WriteAllText(target, "an earlier repair");
        var ex = Assert.Throws<IOException>(() =>
            McapRepair.Repair(ShippedRecordings.PathOf("nominal.mcap"), target, null, path => new FullDiskStream(path, 100_000)));
        Assert.Contains("No space left", ex.Message, StringComparison.Ordinal);
        Assert.Equal("an earlier repair", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(_dir));

        // Without an earlier file there is none afterwards, not an empty one.
        File.Delete(target);
        Assert.Throws<IOException>(() =>
            McapRepair.Repair(ShippedRecordings.PathOf("nominal.mcap"), target, null, path => new FullDiskStream(path, 100_000)));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    /// <summary>A file that takes <c>capacity</c> bytes and then fails as a full disk does.</summary>
    private sealed class FullDiskStream(string path, long capacity) : Stream
    {
        private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _file.Length;

        public override long Position { get => _file.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_file.Position + count > capacity)
            {
                throw new IOException($"No space left on device : '{path}'", 28);
            }

            _file.Write(buffer, offset, count);
        }

        public override void Flush() => _file.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left behind: harmless.
        }
    }
}
