using RovDsp.Processing.Feeds;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>An error report never echoes what an attacker sent at full length (a 65 KB topic through an external
/// broker, which the embedded broker's topic limit does not cover), yet says how long it was.</summary>
public class ErrorReportTruncationTests
{
    [Fact]
    public void A_65_KB_topic_and_a_long_detail_are_cut_with_their_length_said()
    {
        var reporter = new ErrorReporter(5);
        var topic = "rov/rov1/raw/" + new string('x', 65_000);
        reporter.Report(topic, "bad-topic", new string('y', 10_000));
        Assert.True(reporter.Pending.TryRead(out var report));
        Assert.True(report.Source.Length <= ErrorReporter.MaxSourceLength + 20, $"source of {report.Source.Length} chars");
        Assert.True(report.Detail.Length <= ErrorReporter.MaxDetailLength + 20, $"detail of {report.Detail.Length} chars");
        Assert.StartsWith("rov/rov1/raw/xxx", report.Source, StringComparison.Ordinal);
        Assert.EndsWith($"({topic.Length} chars)", report.Source, StringComparison.Ordinal);
        Assert.InRange(reporter.ToJson(report).Length, 100, 1024);
        Assert.Equal(1, reporter.Counts["bad-topic"]);
    }

    [Fact]
    public void Short_sources_and_details_are_kept_whole()
    {
        var reporter = new ErrorReporter(5);
        reporter.Report("rov/rov1/raw/echosounder/echo1", "truncated", "payload of 12 bytes");
        Assert.True(reporter.Pending.TryRead(out var report));
        Assert.Equal("rov/rov1/raw/echosounder/echo1", report.Source);
        Assert.Equal("payload of 12 bytes", report.Detail);
    }
}
