namespace RovDsp.Bridge.Broker.Security;

/// <summary>One refusal by the embedded broker's security policy, as the bridge reports it on its errors topic.</summary>
/// <param name="Reason">Short reason key: <c>broker-bad-credentials</c>, <c>broker-not-authorized</c>,
/// <c>broker-client-id-refused</c>, <c>broker-publish-denied</c>, <c>broker-subscribe-denied</c>.</param>
/// <param name="ClientId">The client's id.</param>
/// <param name="User">Its user name (null for none).</param>
/// <param name="Topic">The topic or filter concerned (null for a connection), truncated.</param>
/// <param name="Detail">What happened, in words.</param>
public sealed record BrokerRefusal(string Reason, string ClientId, string? User, string? Topic, string Detail);
