using System.Diagnostics;
using RovDsp.Replay.Tests.Recording;

namespace RovDsp.Replay.Tests.Cli;

/// <summary>Help text and refusals of <c>play</c> and <c>record</c>: bad settings stop before anything connects.</summary>
public sealed class PlayRecordOptionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("play", new[] { "--broker", "--port", "--speed", "--from", "--to", "--topic", "--loop", "--duration", "ROVDSP_MQTT_USERNAME" })]
    [InlineData("record", new[] { "--output", "--broker", "--feeds", "--topic", "--duration", "--flush-interval", "--chunk-size", "--compression", "ROVDSP_MQTT_USERNAME" })]
    public async Task Help_exits_zero_and_names_the_key_options(string command, string[] options)
    {
        var run = await CliRun.RunAsync(Timeout, command, "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var option in options)
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--speed", "0", "speed")]
    [InlineData("--speed", "1000", "speed")]
    [InlineData("--speed", "fast", "speed")]
    [InlineData("--broker", "http://127.0.0.1:1883", "broker")]
    [InlineData("--broker", "mqtt://pilot:secret@127.0.0.1:1883", "broker")]
    [InlineData("--topic", "rov/#/raw", "topic")]
    [InlineData("--to", "-3", "to")]
    [InlineData("--from", "-1", "from")]
    public async Task Play_refuses_a_bad_setting_with_exit_2_before_connecting(string option, string value, string setting)
    {
        var clock = Stopwatch.StartNew();
        // A broker nobody listens on: had the command tried to connect, it would have taken the 10 s connect timeout.
        string[] args = option == "--broker"
            ? ["play", ShippedRecordings.PathOf("obstacle.mcap"), option, value]
            : ["play", ShippedRecordings.PathOf("obstacle.mcap"), "--broker", "mqtt://127.0.0.1:9", option, value];
        var run = await CliRun.RunAsync(Timeout, args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"setting '{setting}'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", run.Error + run.Output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("--chunk-size", "12 parsecs", "chunk-size")]
    [InlineData("--qos", "2", "qos")]
    [InlineData("--vehicle", "rov/1", "vehicle")]
    [InlineData("--broker", "mqtt://127.0.0.1:1883/path", "broker")]
    public async Task Record_refuses_a_bad_setting_with_exit_2_before_connecting(string option, string value, string setting)
    {
        var path = Path.Combine(Path.GetTempPath(), "rovdsp-refused-" + Guid.NewGuid().ToString("N") + ".mcap");
        var run = await CliRun.RunAsync(Timeout, "record", "-o", path, option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"setting '{setting}'", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path), "a refused run must not create its output");
    }

    [Fact]
    public async Task Play_of_a_missing_file_names_it()
    {
        var run = await CliRun.RunAsync(Timeout, "play", "/nonexistent/dive.mcap", "--broker", "mqtt://127.0.0.1:9");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("dive.mcap", run.Error, StringComparison.Ordinal);
    }
}
