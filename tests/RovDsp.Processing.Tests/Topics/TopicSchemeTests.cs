using MQTTnet;
using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Tests.Topics;

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
    // The bridge's two connections must split the raw topics exactly: every raw topic the broker delivers to the
    // prompt connection (its filters, matched by MQTTnet's own topic matcher, not ours) is skipped by the bulk
    // connection (IsPromptRaw), and every other raw topic is handled by the bulk one, so nothing is lost or doubled.
    [Theory]
    [InlineData("rov/rov1/raw/echosounder/echo1", true)]
    [InlineData("rov/rov1/raw/slurry/line1", true)]
    [InlineData("rov/rov1/raw/scanning/scan1", true)]
    [InlineData("rov/rov1/raw/sidescan/ss1", true)]
    [InlineData("rov/rov1/raw/ping/ping360", true)]
    [InlineData("rov/rov1/raw/echosounder/", true)]
    [InlineData("rov/rov1/raw/echosounder/bad level!", true)]
    [InlineData("rov/rov1/raw/multibeam/multibeam1", false)]
    [InlineData("rov/rov1/raw/sonar/x", false)]
    [InlineData("rov/rov1/raw/echosounder", false)]
    [InlineData("rov/rov1/raw/echosounder/a/b", false)]
    [InlineData("rov/rov1/raw//x", false)]
    [InlineData("rov/rov1/raw/multibeam", false)]
    public void Prompt_and_bulk_connections_split_raw_topics_as_the_broker_matches_them(string topic, bool prompt)
    {
        var scheme = new TopicScheme("rov1");
        var matchedByBroker = scheme.PromptRawFilters.Any(f => MqttTopicFilterComparer.Compare(topic, f) == MqttTopicFilterCompareResult.IsMatch);
        Assert.Equal(prompt, matchedByBroker);
        Assert.Equal(prompt, scheme.IsPromptRaw(topic));
        Assert.Equal(MqttTopicFilterCompareResult.IsMatch, MqttTopicFilterComparer.Compare(topic, scheme.RawFilter));
    }
}
