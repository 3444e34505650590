using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MQTTnet.Protocol;
using MQTTnet.Server;
using RovDsp.Bridge.Connection;

namespace RovDsp.Bridge.Broker.Security;

/// <summary>
/// Who may connect to the embedded broker and what each client may do, applied through MQTTnet.Server's events:
/// <list type="bullet">
/// <item>Authentication against a mosquitto password file (when given): no user name is NotAuthorized, a wrong
/// user or password BadUserNameOrPassword, as mosquitto answers.</item>
/// <item>The bridge's own links log in with <see cref="BridgeUserName"/> and a secret made fresh for each run
/// (<see cref="BridgeSecret"/>), known only inside this process; they are trusted like the bridge's in-process
/// injections and not checked against the ACL.</item>
/// <item>A client id is bound to the principal that holds it (a verified user, the bridge, or an unverified name
/// when there is no password file) for as long as its session lives: a connection with an id held by another
/// principal is refused and does not disturb the holder. Ids starting with the bridge's client id belong to the
/// bridge's user alone, password file or not.</item>
/// <item>With an ACL (mosquitto acl_file): a denied publish is not processed (NotAuthorized in an MQTT 5 PUBACK),
/// a subscription no read grant overlaps is refused, and every delivery (retained ones included) is checked
/// for read access, so a reader never gets what the ACL forbids.</item>
/// </list>
/// Every refusal is counted (<see cref="Counters"/>) and raised on <see cref="Refused"/> (deliveries only counted).
/// </summary>
public sealed class BrokerSecurityPolicy
{
    private static readonly object IdentityKey = new();
    private readonly ConcurrentDictionary<string, ClientIdentity> _holders = new(StringComparer.Ordinal);
    private readonly Lock _bind = new();
    private readonly byte[] _secret;
    private readonly MosquittoPasswordFile? _passwords;
    private readonly MosquittoAclFile? _acl;
    private readonly string? _bridgeClientId;
    private MqttServer? _server;

    /// <summary>Creates the policy, reading its password and ACL files (a bad file throws
    /// <see cref="BridgeConfigurationException"/> naming the setting and the line). Takes the broker options' values,
    /// not the options record, so that this namespace does not depend on the broker's (no namespace cycle).</summary>
    /// <param name="passwordFile">mosquitto password file, or null: anyone may connect.</param>
    /// <param name="aclFile">mosquitto acl_file, or null: every client may do anything.</param>
    /// <param name="bridgeClientId">The bridge's client id (ids starting with it are reserved), or null for none.</param>
    /// <param name="bridgeUserName">The user name the bridge's own links log in with.</param>
    public BrokerSecurityPolicy(string? passwordFile, string? aclFile, string? bridgeClientId, string bridgeUserName)
    {
        ArgumentNullException.ThrowIfNull(bridgeUserName);
        _passwords = passwordFile is null ? null : Read("password-file", () => MosquittoPasswordFile.Load(passwordFile));
        _acl = aclFile is null ? null : Read("acl-file", () => MosquittoAclFile.Load(aclFile));
        _bridgeClientId = bridgeClientId;
        BridgeUserName = bridgeUserName;
        BridgeSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _secret = Encoding.UTF8.GetBytes(BridgeSecret);
    }

    private static T Read<T>(string setting, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new BridgeConfigurationException(setting, ex.Message);
        }
    }

    /// <summary>A client's principal: who it proved (or, without a password file, claimed) to be.</summary>
    /// <param name="User">User name (null for none).</param>
    /// <param name="Verified">Whether the password file or the bridge secret proved it.</param>
    /// <param name="IsBridge">Whether it is one of the bridge's own links (per-run secret).</param>
    private sealed record ClientIdentity(string? User, bool Verified, bool IsBridge)
    {
        public string Principal => (IsBridge ? "bridge:" : Verified ? "user:" : "claimed:") + User;
    }

    /// <summary>The user name the bridge's own links log in with.</summary>
    public string BridgeUserName { get; }

    /// <summary>The password of the bridge's own links for this run (random; never written anywhere).</summary>
    public string BridgeSecret { get; }

    /// <summary>Whether a password file is in force.</summary>
    public bool RequiresLogin => _passwords is not null;

    /// <summary>Whether an ACL is in force.</summary>
    public bool HasAcl => _acl is not null;

    /// <summary>The refusals so far.</summary>
    public BrokerSecurityCounters Counters { get; } = new();

    /// <summary>Raised on each refused connection, publish or subscription (on the broker's thread: keep it short).</summary>
    public event Action<BrokerRefusal>? Refused;

    /// <summary>Hooks the policy into <paramref name="server"/> before it starts. The ACL's per-message handlers are
    /// only hooked when there is an ACL, so an open broker pays nothing per message.</summary>
    public void Attach(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        server.ClientConnectedAsync += OnClientConnectedAsync;
        server.SessionDeletedAsync += OnSessionDeletedAsync;
        if (_acl is not null)
        {
            server.InterceptingPublishAsync += OnInterceptingPublishAsync;
            server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
            server.InterceptingClientEnqueueAsync += OnInterceptingClientEnqueueAsync;
        }
    }

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (e.ReasonCode != MqttConnectReasonCode.Success)
        {
            return Task.CompletedTask;
        }

        // MQTT 5 clients may leave the id to the broker (assigned by the handler before this one).
        var clientId = string.IsNullOrEmpty(e.ClientId) ? e.AssignedClientIdentifier ?? string.Empty : e.ClientId;
        var user = e.UserName;
        var password = e.RawPassword ?? [];
        var isBridge = user == BridgeUserName && e.RawPassword is not null && CryptographicOperations.FixedTimeEquals(password, _secret);
        var verified = isBridge;
        if (!isBridge && _passwords is not null)
        {
            if (user is null)
            {
                Counters.CountNotAuthorized();
                return Refuse(e, MqttConnectReasonCode.NotAuthorized, "broker-not-authorized", clientId, user,
                    "connection without a user name refused: the broker has a password file");
            }

            if (!_passwords.Verify(user, password))
            {
                Counters.CountBadCredentials();
                return Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "broker-bad-credentials", clientId, user,
                    "unknown user or wrong password");
            }

            verified = true;
        }

        var identity = new ClientIdentity(user, verified, isBridge);
        if (_bridgeClientId is not null && clientId.StartsWith(_bridgeClientId, StringComparison.Ordinal) && !(isBridge || (verified && user == BridgeUserName)))
        {
            Counters.CountClientId();
            return Refuse(e, MqttConnectReasonCode.NotAuthorized, "broker-client-id-refused", clientId, user,
                $"client ids starting with '{_bridgeClientId}' belong to the bridge's user");
        }

        // MQTTnet refuses an empty id after this handler (MQTT 3.1.1): nothing to bind, nothing left behind.
        if (clientId.Length == 0)
        {
            return Task.CompletedTask;
        }

        lock (_bind)
        {
            if (_holders.TryGetValue(clientId, out var holder) && holder.Principal != identity.Principal)
            {
                Counters.CountClientId();
                return Refuse(e, MqttConnectReasonCode.NotAuthorized, "broker-client-id-refused", clientId, user,
                    "client id is held by another user's session");
            }

            _holders[clientId] = identity;
        }

        e.SessionItems[IdentityKey] = identity;
        return Task.CompletedTask;
    }

    private Task Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason, string clientId, string? user, string detail)
    {
        e.ReasonCode = code;
        Refused?.Invoke(new BrokerRefusal(reason, clientId, user, null, detail));
        return Task.CompletedTask;
    }

    // A session reused across a takeover keeps its id bound even if a deletion of the old one raced the validation.
    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (e.SessionItems[IdentityKey] is ClientIdentity identity)
        {
            _holders[e.ClientId] = identity;
        }

        return Task.CompletedTask;
    }

    private Task OnSessionDeletedAsync(SessionDeletedEventArgs e)
    {
        _holders.TryRemove(e.Id, out _);
        return Task.CompletedTask;
    }

    private Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        // Injected by the bridge in this process (MQTTnet hands injections the server's own session items).
        if (_server is not null && ReferenceEquals(e.SessionItems, _server.ServerSessionItems))
        {
            return Task.CompletedTask;
        }

        var identity = e.SessionItems?[IdentityKey] as ClientIdentity;
        var topic = e.ApplicationMessage.Topic ?? string.Empty;
        if (identity is { IsBridge: true } || (identity is not null && _acl!.CanWrite(identity.User, e.ClientId, topic)))
        {
            return Task.CompletedTask;
        }

        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        Counters.CountPublishDenied();
        Refused?.Invoke(new BrokerRefusal("broker-publish-denied", e.ClientId, identity?.User, Truncate(topic), "the ACL does not let this client publish here"));
        return Task.CompletedTask;
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var identity = e.SessionItems?[IdentityKey] as ClientIdentity;
        var filter = e.TopicFilter.Topic ?? string.Empty;
        if (identity is { IsBridge: true } || (identity is not null && _acl!.CanSubscribe(identity.User, e.ClientId, filter)))
        {
            return Task.CompletedTask;
        }

        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        Counters.CountSubscriptionDenied();
        Refused?.Invoke(new BrokerRefusal("broker-subscribe-denied", e.ClientId, identity?.User, Truncate(filter), "the ACL lets this client read nothing under this filter"));
        return Task.CompletedTask;
    }

    private Task OnInterceptingClientEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        // An unknown receiver (its session going away) gets nothing: closed, not open, on doubt.
        if (_holders.TryGetValue(e.ReceiverClientId, out var identity)
            && (identity.IsBridge || _acl!.CanRead(identity.User, e.ReceiverClientId, e.ApplicationMessage.Topic)))
        {
            return Task.CompletedTask;
        }

        e.AcceptEnqueue = false;
        Counters.CountDeliveryDenied();
        return Task.CompletedTask;
    }

    private static string Truncate(string topic) => topic.Length <= 200 ? topic : topic[..200] + "…";
}
