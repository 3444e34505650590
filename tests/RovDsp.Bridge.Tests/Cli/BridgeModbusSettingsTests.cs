using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>The Modbus options of rovdsp-bridge: each bad combination stops with exit code 2 and names the setting.</summary>
public class BridgeModbusSettingsTests
{
    private static async Task<(int Code, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BridgeCommand.RunAsync(args, output, error, new Dictionary<string, string?>());
        return (code, error.ToString());
    }

    [Theory]
    [InlineData("modbus", "--modbus", "127.0.0.1:1502")]
    [InlineData("register-map", "--register-map", "docs/slurry-register-map.json")]
    public async Task One_Modbus_option_without_the_other_is_refused_naming_it(string setting, string option, string value)
    {
        var (code, error) = await Run("--port", "0", option, value);
        Assert.Equal(BridgeCommand.ConfigurationExitCode, code);
        Assert.Contains(setting, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:0", "no valid port")]
    [InlineData("127.0.0.1:http", "no valid port")]
    [InlineData(":502", "names no host")]
    public async Task A_bad_PLC_address_is_refused_with_its_reason(string address, string reason)
    {
        var map = Path.Combine(RepoFiles.Root, "docs", "slurry-register-map.json");
        var (code, error) = await Run("--port", "0", "--modbus", address, "--register-map", map);
        Assert.Equal(BridgeCommand.ConfigurationExitCode, code);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_register_map_file_is_refused_before_anything_connects()
    {
        var (code, error) = await Run("--port", "0", "--modbus", "127.0.0.1", "--register-map", "/nonexistent/map.json");
        Assert.Equal(BridgeCommand.ConfigurationExitCode, code);
        Assert.Contains("register-map", error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_port_defaults_to_502_and_a_host_name_is_kept()
    {
        var map = Path.Combine(RepoFiles.Root, "docs", "slurry-register-map.json");
        var s = ModbusSettings.Resolve("plc.local", map)!;
        Assert.Equal(("plc.local", 502), (s.Host, s.Port));
        Assert.Null(ModbusSettings.Resolve(null, null));
    }
}
