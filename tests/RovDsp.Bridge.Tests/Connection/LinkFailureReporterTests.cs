using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Tests.Connection;

/// <summary><see cref="LinkFailureReporter"/> prints a failure when its reason changes (with the count of attempts
/// that failed for the previous one), a recovery with its count, and refused publishes at most once per 5 s per topic.</summary>
public sealed class LinkFailureReporterTests
{
    private static MqttLink Link() => new(new MqttLinkOptions { Endpoint = new BrokerEndpoint("127.0.0.1", 1, false), ClientId = "c1" });

    [Fact]
    public async Task Repeated_reasons_are_printed_once_and_a_change_carries_the_count()
    {
        await using var link = Link();
        using var error = new StringWriter();
        var reporter = new LinkFailureReporter(error, "tool: ");
        var refused = new LinkFailure(LinkFailureKind.Unreachable, "connection refused");
        var denied = new LinkFailure(LinkFailureKind.NotAuthorized, "CONNACK NotAuthorized");
        for (var i = 0; i < 20; i++)
        {
            reporter.OnFailure(link, refused);
        }

        reporter.OnFailure(link, denied);
        reporter.OnFailure(link, denied);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "tool: MQTT link c1: unreachable: connection refused",
            "tool: MQTT link c1: not authorised: CONNACK NotAuthorized (after 20 attempts failing with: unreachable: connection refused)",
        ], lines);
        Assert.Equal(LinkExitCodes.Authentication, reporter.ExitCode());
        Assert.Equal(["MQTT link c1 DOWN: not authorised: CONNACK NotAuthorized (22 failed attempts)"], reporter.Problems());

        reporter.OnConnected(link);
        Assert.EndsWith("tool: MQTT link c1: connected after 22 failed attempt(s) (last: not authorised: CONNACK NotAuthorized)",
            error.ToString().TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(LinkExitCodes.Success, reporter.ExitCode());
        Assert.Empty(reporter.Problems());
    }

    [Fact]
    public async Task Refused_publishes_are_rate_limited_per_topic_and_counted()
    {
        await using var link = Link();
        using var error = new StringWriter();
        long now = 0;
        var reporter = new LinkFailureReporter(error, "", () => now);
        var failure = new LinkFailure(LinkFailureKind.NotAuthorized, "refused a publish to 'rov/r/metrics' (PUBACK NotAuthorized)");
        for (var i = 0; i < 10; i++)
        {
            reporter.OnPublishRefused(link, "rov/r/metrics", failure);
            now += 1000;
        }

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // At 0 s and 5 s: the first alone, then the 5 refused since.
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("[1 refused since the last report, 1 in all on this topic]", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("[5 refused since the last report, 6 in all on this topic]", lines[1], StringComparison.Ordinal);
        Assert.Equal(10, reporter.PublishesRefused);
        Assert.Equal(LinkExitCodes.Authentication, reporter.ExitCode());
        Assert.Contains("10 publish(es) to 'rov/r/metrics' refused by the broker", reporter.Problems());
    }
}
