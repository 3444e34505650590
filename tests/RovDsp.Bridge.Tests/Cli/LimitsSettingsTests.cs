using RovDsp.Bridge.Cli;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Tests.Cli;

/// <summary>The Limits section of the configuration reaches the bridge's options, and a bad value names its key.</summary>
public class LimitsSettingsTests
{
    private static BridgeSettings Resolve(Dictionary<string, string?> environment) =>
        BridgeSettings.Resolve(new BridgeSettings.Inputs(null, 0, null, null, null, null, null, false, null, null, null, null, null, null, true, null), environment);

    [Fact]
    public void Limits_from_the_environment_reach_the_broker_and_sensor_limits()
    {
        var settings = Resolve(new()
        {
            ["ROVDSP_LIMITS_MAXPACKETBYTES"] = "1048576",
            ["ROVDSP_LIMITS_MAXCONNECTIONS"] = "10",
            ["ROVDSP_LIMITS_CONNECTTIMEOUTSECONDS"] = "2.5",
            ["ROVDSP_LIMITS_MAXQUEUEDBYTESPERCLIENT"] = "4194304",
            ["ROVDSP_LIMITS_MAXTOPICLENGTH"] = "128",
            ["ROVDSP_LIMITS_MAXRETAINEDMESSAGES"] = "50",
            ["ROVDSP_LIMITS_MAXRETAINEDBYTES"] = "65536",
            ["ROVDSP_LIMITS_SENSORS"] = "echo1, line1",
            ["ROVDSP_LIMITS_MAXSENSORS"] = "4",
        });
        var limits = settings.Bridge.BrokerLimits;
        Assert.Equal(1_048_576, limits.MaxPacketBytes);
        Assert.Equal(10, limits.MaxConnections);
        Assert.Equal(TimeSpan.FromSeconds(2.5), limits.ConnectTimeout);
        Assert.Equal(4_194_304, limits.MaxQueuedBytesPerClient);
        Assert.Equal(128, limits.MaxTopicLength);
        Assert.Equal(50, limits.MaxRetainedMessages);
        Assert.Equal(65_536, limits.MaxRetainedBytes);
        Assert.Equal(["echo1", "line1"], settings.Bridge.Sensors.AllowedSensors!.Order(StringComparer.Ordinal));
        Assert.Equal(4, settings.Bridge.Sensors.MaxSensors);
    }

    [Fact]
    public void Defaults_hold_when_nothing_is_configured()
    {
        var settings = Resolve([]);
        Assert.Equal(2 * 1024 * 1024, settings.Bridge.BrokerLimits.MaxPacketBytes);
        Assert.Null(settings.Bridge.Sensors.AllowedSensors);
    }

    [Theory]
    [InlineData("ROVDSP_LIMITS_MAXPACKETBYTES", "lots", "limits:MaxPacketBytes")]
    [InlineData("ROVDSP_LIMITS_MAXPACKETBYTES", "300000000", "max-packet-bytes")]
    [InlineData("ROVDSP_LIMITS_MAXCONNECTIONS", "0", "max-connections")]
    [InlineData("ROVDSP_LIMITS_CONNECTTIMEOUTSECONDS", "-1", "limits:ConnectTimeoutSeconds")]
    [InlineData("ROVDSP_LIMITS_MAXSENSORS", "0", "max-sensors")]
    public void A_bad_limit_is_refused_naming_it(string key, string value, string setting)
    {
        var ex = Assert.Throws<BridgeConfigurationException>(() => Resolve(new() { [key] = value }));
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }
}
