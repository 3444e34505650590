namespace RovDsp.Bridge.Broker.Security;

/// <summary>Every refusal of the embedded broker's security policy, counted (for the bridge's metrics).</summary>
public sealed class BrokerSecurityCounters
{
    private long _badCredentials;
    private long _notAuthorized;
    private long _clientIdRefused;
    private long _publishesDenied;
    private long _subscriptionsDenied;
    private long _deliveriesDenied;

    /// <summary>Connections refused for an unknown user or a wrong password (BadUserNameOrPassword).</summary>
    public long ConnectionsRefusedBadCredentials => Interlocked.Read(ref _badCredentials);

    /// <summary>Connections refused without credentials while a password file is configured (NotAuthorized).</summary>
    public long ConnectionsRefusedNotAuthorized => Interlocked.Read(ref _notAuthorized);

    /// <summary>Connections refused for a client id held by another user or reserved for the bridge (NotAuthorized).</summary>
    public long ConnectionsRefusedClientId => Interlocked.Read(ref _clientIdRefused);

    /// <summary>Publishes the ACL refused (not processed; NotAuthorized in an MQTT 5 PUBACK).</summary>
    public long PublishesDenied => Interlocked.Read(ref _publishesDenied);

    /// <summary>Subscriptions the ACL refused (NotAuthorized in the SUBACK).</summary>
    public long SubscriptionsDenied => Interlocked.Read(ref _subscriptionsDenied);

    /// <summary>Messages not delivered to a subscriber the ACL does not let read them.</summary>
    public long DeliveriesDenied => Interlocked.Read(ref _deliveriesDenied);

    internal void CountBadCredentials() => Interlocked.Increment(ref _badCredentials);

    internal void CountNotAuthorized() => Interlocked.Increment(ref _notAuthorized);

    internal void CountClientId() => Interlocked.Increment(ref _clientIdRefused);

    internal void CountPublishDenied() => Interlocked.Increment(ref _publishesDenied);

    internal void CountSubscriptionDenied() => Interlocked.Increment(ref _subscriptionsDenied);

    internal void CountDeliveryDenied() => Interlocked.Increment(ref _deliveriesDenied);
}
