using RovDsp.Bridge.Cli;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>The Oculus options of rovdsp-bridge: each bad value or combination stops with exit code 2 before anything
/// connects, naming the option and why.</summary>
public class BridgeOculusSettingsTests
{
    private static async Task<(int Code, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BridgeCommand.RunAsync(["--port", "0", "--no-http", .. args], output, error, new Dictionary<string, string?>());
        return (code, error.ToString());
    }

    [Theory]
    [InlineData("oculus-rate", "not one of the sonar's rates", "--oculus", "127.0.0.1", "--oculus-rate", "7")]
    [InlineData("oculus-range", "not within 0.1–200 m", "--oculus", "127.0.0.1", "--oculus-range", "0")]
    [InlineData("oculus-gain", "not within 0–100 %", "--oculus", "127.0.0.1", "--oculus-gain", "120")]
    [InlineData("oculus-mode", "not low or high", "--oculus", "127.0.0.1", "--oculus-mode", "medium")]
    [InlineData("oculus-sensor", "not a topic level", "--oculus", "127.0.0.1", "--oculus-sensor", "a/b")]
    [InlineData("oculus", "no valid port", "--oculus", "127.0.0.1:70000")]
    [InlineData("oculus", "names no host", "--oculus", ":52100")]
    [InlineData("oculus", "need --oculus host[:port] or --oculus-discover", "--oculus-range", "10")]
    [InlineData("oculus-discover", "and --oculus cannot both be given", "--oculus", "127.0.0.1", "--oculus-discover")]
    [InlineData("oculus-discover", "is not a UDP port", "--oculus-discover", "x")]
    public async Task A_bad_Oculus_setting_is_refused_naming_it(string setting, string reason, params string[] args)
    {
        var (code, error) = await Run(args);
        Assert.Equal(BridgeCommand.ConfigurationExitCode, code);
        Assert.Contains(setting, error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
