using RovDsp.Bridge.Topics;

namespace RovDsp.Bridge.Tests.Topics;

public class TopicSchemeTests
{
    [Fact]
    public void Raw_topics_round_trip_for_every_kind()
    {
        var scheme = new TopicScheme("rov1");
        foreach (var kind in Enum.GetValues<RawKind>())
        {
            var topic = scheme.Raw(kind, "sensor_1");
            Assert.StartsWith("rov/rov1/raw/", topic, StringComparison.Ordinal);
            Assert.True(scheme.TryParseRaw(topic, out var k, out var s));
            Assert.Equal(kind, k);
            Assert.Equal("sensor_1", s);
        }

        Assert.Equal("rov/rov1/raw/echosounder/echo1", scheme.Raw(RawKind.Echosounder, "echo1"));
        Assert.Equal("rov/rov1/feed/altitude/echo1", scheme.Feed("altitude", "echo1"));
        Assert.Equal("rov/rov1/status", scheme.Status);
    }

    [Theory]
    [InlineData("rov/rov2/raw/echosounder/echo1")]
    [InlineData("rov/rov1/raw/sonar/echo1")]
    [InlineData("rov/rov1/raw/echosounder")]
    [InlineData("rov/rov1/raw/echosounder/")]
    [InlineData("rov/rov1/raw/echosounder/a/b")]
    [InlineData("rov/rov1/feed/altitude/echo1")]
    [InlineData("rov/rov1/raw/echosounder/bad+name")]
    public void Other_topics_are_not_raw_topics_of_this_vehicle(string topic) =>
        Assert.False(new TopicScheme("rov1").TryParseRaw(topic, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("#")]
    [InlineData("a+")]
    public void Wildcards_and_separators_are_refused_in_ids(string id) =>
        Assert.Throws<ArgumentException>("vehicle", () => new TopicScheme(id));
}
