using RovDsp.Processing.Metrics;
using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Feeds;

/// <summary>What every sensor handler shares: where feeds go, where refusals are counted, the latency recorders,
/// the topic names and where alarm inputs go.</summary>
/// <param name="Topics">Topic names of the vehicle.</param>
/// <param name="Feeds">Where processed feeds are published (the MQTT link live, a recorder offline).</param>
/// <param name="Errors">Where refused input is counted and reported.</param>
/// <param name="Processing">Decode-and-process time per message.</param>
/// <param name="EndToEnd">Receive-to-published time per message.</param>
/// <param name="Alarms">Where the alarm rules' inputs are reported (the <see cref="AlarmHub"/> live, an
/// <see cref="AlarmReportRecorder"/> offline).</param>
public sealed record HandlerContext(
    TopicScheme Topics, IFeedSink Feeds, ErrorReporter Errors, LatencyRecorder Processing, LatencyRecorder EndToEnd,
    IAlarmSink Alarms);
