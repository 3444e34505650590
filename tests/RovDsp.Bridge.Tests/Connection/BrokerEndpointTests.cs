using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Tests.Connection;

public class BrokerEndpointTests
{
    [Theory]
    [InlineData("mqtt://127.0.0.1:1884", "127.0.0.1", 1884, false)]
    [InlineData("mqtt://broker.local", "broker.local", 1883, false)]
    [InlineData("mqtts://broker.local", "broker.local", 8883, true)]
    [InlineData("mqtts://10.0.0.5:9000", "10.0.0.5", 9000, true)]
    public void Parses_scheme_host_and_default_ports(string text, string host, int port, bool tls)
    {
        var e = BrokerEndpoint.Parse(text);
        Assert.Equal(new BrokerEndpoint(host, port, tls), e);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("localhost:1883", "scheme")]
    [InlineData("http://host:80", "scheme 'http'")]
    [InlineData("mqtt://user:secret@host:1883", "must not carry a user name or password")]
    [InlineData("mqtt://host:1883/topic", "has a path")]
    public void Rejects_bad_addresses_naming_the_setting(string text, string expected)
    {
        var ex = Assert.Throws<BridgeConfigurationException>(() => BrokerEndpoint.Parse(text, "broker"));
        Assert.Equal("broker", ex.Setting);
        Assert.Contains("'broker'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }
}
