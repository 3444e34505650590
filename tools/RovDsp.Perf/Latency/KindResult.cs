namespace RovDsp.Perf.Latency;

/// <summary>One stream's figures in one run.</summary>
/// <param name="Kind">The stream.</param>
/// <param name="Published">Raw messages published.</param>
/// <param name="Feeds">Feeds of this stream received by the outside subscriber (slurry: at most 10/s per line by
/// design; multibeam: obstacles only).</param>
/// <param name="Processing">Handler time per message (decode, pipeline, feed JSON), µs.</param>
/// <param name="EndToEnd">Raw publish (the stamp in the wire header) to feed received by the outside subscriber
/// (the feed's <c>t</c>), µs.</param>
/// <param name="BridgeEndToEnd">Bridge receive handler to feed handed to its MQTT client, µs.</param>
/// <param name="PublisherSend">How long the publisher's PublishAsync took (QoS 0: until the packet is written to the
/// socket), µs: where a large frame's transfer time goes.</param>
/// <param name="Inbound">Raw publish to the bridge's MQTT receive handler, µs.</param>
/// <param name="Queued">Bridge receive handler to worker dequeue, µs.</param>
/// <param name="Handled">Worker time per message, dequeue to handled (feed published, alarms told), µs.</param>
/// <param name="Outbound">Bridge starts publishing the feed to the subscriber receiving it, per message, µs.</param>
/// <param name="RawHop">Raw publish to the same raw message received by the outside subscriber itself (one bare
/// MQTT hop, no bridge), µs; empty when the subscriber does not take raw topics.</param>
/// <param name="NativeRelay">Raw publish to the same raw message back at the outside subscriber after a native relay
/// (mosquitto_sub | mosquitto_pub -l) published it again: two bare hops, no bridge, µs; pings only, else empty.</param>
public sealed record KindResult(MixKind Kind, long Published, long Feeds, LatencyStats Processing, LatencyStats EndToEnd,
    LatencyStats BridgeEndToEnd, LatencyStats PublisherSend, LatencyStats Inbound, LatencyStats Queued, LatencyStats Handled,
    LatencyStats Outbound, LatencyStats RawHop, LatencyStats NativeRelay);
