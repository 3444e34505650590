namespace RovDsp.Bridge.Connection;

/// <summary>Told what happens to an <see cref="MqttLink"/>, on the link's own tasks (keep it quick): every failed
/// connection attempt or refused subscription, every connection, every publish the broker refused.</summary>
public interface IMqttLinkObserver
{
    /// <summary>An attempt failed, or the broker refused a subscription (the link stays up then).</summary>
    void OnFailure(MqttLink link, LinkFailure failure);

    /// <summary>The link connected (first time or again) and subscribed.</summary>
    void OnConnected(MqttLink link);

    /// <summary>The broker answered a QoS 1 publish to <paramref name="topic"/> with a failure reason code.</summary>
    void OnPublishRefused(MqttLink link, string topic, LinkFailure failure);
}
