using RovDsp.Bridge.Cli;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>rovdsp-bridge's fleet flags: a bad combination stops with exit code 2 naming the setting, before
/// anything connects.</summary>
public sealed class FleetCommandTests
{
    [Theory]
    [InlineData("--vehicles rov1,rov2", "vehicles")]
    [InlineData("--broker mqtt://127.0.0.1:1 --vehicle rov1 --vehicles rov1,rov2", "vehicle")]
    [InlineData("--broker mqtt://127.0.0.1:1 --shard 4/4", "shard")]
    [InlineData("--broker mqtt://127.0.0.1:1 --shard x", "shard")]
    [InlineData("--broker mqtt://127.0.0.1:1 --max-vehicles 4", "max-vehicles")]
    [InlineData("--broker mqtt://127.0.0.1:1 --vehicles + --max-vehicles 0", "max-vehicles")]
    [InlineData("--broker mqtt://127.0.0.1:1 --vehicles , ", "vehicles")]
    [InlineData("--broker mqtt://127.0.0.1:1 --vehicles rov1,rov2 --simulate nominal", "vehicles")]
    [InlineData("--broker mqtt://127.0.0.1:1 --vehicles rov1 --share-group g", "share-group")]
    [InlineData("--broker mqtt://127.0.0.1:1 --share-group g --client-id a/b", "client-id")]
    public async Task BadFleetSettingsExitWithTwoNamingTheSetting(string args, string setting)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await BridgeCommand.RunAsync(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), output, error, new Dictionary<string, string?>());
        Assert.Equal(2, code);
        Assert.Contains(setting, error.ToString(), StringComparison.Ordinal);
    }
}
