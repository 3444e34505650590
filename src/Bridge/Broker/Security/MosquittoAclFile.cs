namespace RovDsp.Bridge.Broker.Security;

/// <summary>
/// An access-control list in mosquitto's <c>acl_file</c> format (man mosquitto.conf), decided as mosquitto 2.0
/// decides it:
/// <list type="bullet">
/// <item><c>topic [read|write|readwrite|deny] T</c> lines before any <c>user</c> line are the anonymous clients'
/// (no user name); after <c>user X</c> they are X's. No access word means readwrite (so <c>topic read</c> grants
/// readwrite on the topic "read", as in mosquitto).</item>
/// <item><c>pattern [..] T</c> lines apply to every client wherever they stand, with <c>%u</c> (user name) and
/// <c>%c</c> (client id) substituted; a pattern with <c>%u</c> is skipped for a client without a user name, and a
/// user name or client id containing '+' or '#' is denied once patterns are consulted.</item>
/// <item>A client's own lines are tried first, deny lines before grants; then the patterns, deny before grants.
/// The first line whose topic (wildcards allowed) matches decides: deny refuses, a grant of the asked access
/// allows, any other grant is passed over. Nothing matching means denied.</item>
/// <item>Writing under <c>$SYS</c> is always refused; a user line without '$' never matches a '$' topic.</item>
/// <item>Lines whose first character is '#' are comments; blank lines are skipped; anything else is an error
/// naming the line (mosquitto refuses to start on it too).</item>
/// </list>
/// mosquitto 2.0.11 grants every SUBSCRIBE and checks read access on each delivery instead;
/// <see cref="CanSubscribe"/> additionally refuses a filter that no read grant overlaps, since such a subscription
/// could never receive a message under either broker.
/// </summary>
public sealed class MosquittoAclFile
{
    private readonly Dictionary<string, List<Rule>> _users;
    private readonly List<Rule>? _anonymous;
    private readonly List<Rule> _patterns;

    private MosquittoAclFile(Dictionary<string, List<Rule>> users, List<Rule>? anonymous, List<Rule> patterns)
    {
        _users = users;
        _anonymous = anonymous;
        _patterns = patterns;
    }

    /// <summary>One line: its topic filter and what it grants (the filter's levels split once, for matching).</summary>
    private sealed record Rule(string Topic, AclAccess Access)
    {
        public string[] Levels { get; } = Topic.Split('/');

        public bool HasSubstitution { get; } = Topic.Contains("%c", StringComparison.Ordinal) || Topic.Contains("%u", StringComparison.Ordinal);
    }

    /// <summary>Reads <paramref name="path"/>; throws <see cref="FormatException"/> naming the bad line.</summary>
    public static MosquittoAclFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses the text of an acl_file; <paramref name="source"/> names it in errors.</summary>
    public static MosquittoAclFile Parse(string text, string source = "acl file")
    {
        ArgumentNullException.ThrowIfNull(text);
        var users = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        List<Rule>? anonymous = null;
        var patterns = new List<Rule>();
        List<Rule>? current = null;
        string? user = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var where = $"{source} line {i + 1}";
            var line = lines[i].TrimEnd();
            if (line.StartsWith('#'))
            {
                continue;
            }

            // mosquitto splits on spaces only (strtok " "), skipping leading ones.
            var body = line.TrimStart(' ');
            if (body.Length == 0)
            {
                continue;
            }

            var space = body.IndexOf(' ', StringComparison.Ordinal);
            var keyword = space < 0 ? body : body[..space];
            var rest = space < 0 ? string.Empty : body[(space + 1)..].TrimStart(' ');
            switch (keyword)
            {
                case "user":
                    user = rest.Trim();
                    if (user.Length == 0)
                    {
                        throw new FormatException($"{where}: 'user' without a user name");
                    }

                    current = null;
                    break;
                case "topic":
                case "pattern":
                {
                    var rule = ParseRule(rest, where);
                    if (keyword == "pattern")
                    {
                        Add(patterns, rule);
                    }
                    else
                    {
                        if (current is null)
                        {
                            if (user is null)
                            {
                                current = anonymous ??= [];
                            }
                            else if (!users.TryGetValue(user, out current))
                            {
                                current = [];
                                users[user] = current;
                            }
                        }

                        Add(current, rule);
                    }

                    break;
                }

                default:
                    throw new FormatException($"{where}: '{Truncate(line)}' is not a 'user', 'topic' or 'pattern' line (comments start with '#' in the first column)");
            }
        }

        return new MosquittoAclFile(users, anonymous, patterns);
    }

    private static Rule ParseRule(string rest, string where)
    {
        if (rest.Length == 0)
        {
            throw new FormatException($"{where}: empty topic");
        }

        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        AclAccess access;
        string topic;
        if (space < 0)
        {
            // A single word is the topic, with readwrite access (mosquitto: "topic read" is the topic "read").
            access = AclAccess.ReadWrite;
            topic = rest;
        }
        else
        {
            var word = rest[..space];
            topic = rest[(space + 1)..].Trim(' ', '\t');
            access = word switch
            {
                "read" => AclAccess.Read,
                "write" => AclAccess.Write,
                "readwrite" => AclAccess.ReadWrite,
                "deny" => AclAccess.Deny,
                _ => throw new FormatException($"{where}: access '{Truncate(word)}' is not read, write, readwrite or deny"),
            };
        }

        if (!TopicFilter.IsValid(topic))
        {
            throw new FormatException($"{where}: '{Truncate(topic)}' is not a valid topic filter");
        }

        return new Rule(topic, access);
    }

    // Deny lines go first, the rest keep their order (mosquitto's add__acl / add__acl_pattern).
    private static void Add(List<Rule> rules, Rule rule)
    {
        if (rule.Access == AclAccess.Deny)
        {
            rules.Insert(0, rule);
        }
        else
        {
            rules.Add(rule);
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>Whether the client (<paramref name="user"/> null for anonymous) may publish on
    /// <paramref name="topic"/>.</summary>
    public bool CanWrite(string? user, string clientId, string topic) => Check(user, clientId, topic, AclAccess.Write);

    /// <summary>Whether the client may receive a message published on <paramref name="topic"/>.</summary>
    public bool CanRead(string? user, string clientId, string topic) => Check(user, clientId, topic, AclAccess.Read);

    /// <summary>Whether a subscription to <paramref name="filter"/> could ever deliver anything to the client: some
    /// read grant (its own lines or a pattern) overlaps the filter. Deliveries are still checked one by one with
    /// <see cref="CanRead"/>, so a granted <c>rov/#</c> delivers only what the client may read.</summary>
    public bool CanSubscribe(string? user, string clientId, string filter)
    {
        foreach (var rule in OwnRules(user))
        {
            if ((rule.Access & AclAccess.Read) != 0 && DollarCompatible(rule.Topic, filter) && TopicFilter.Overlap(rule.Topic, filter))
            {
                return true;
            }
        }

        if (_patterns.Count == 0 || Dangerous(user, clientId))
        {
            return false;
        }

        foreach (var rule in _patterns)
        {
            if ((rule.Access & AclAccess.Read) != 0 && Substitute(rule.Topic, user, clientId) is { } topic && TopicFilter.Overlap(topic, filter))
            {
                return true;
            }
        }

        return false;
    }

    private List<Rule> OwnRules(string? user) =>
        (user is null ? _anonymous : _users.GetValueOrDefault(user)) ?? [];

    private static bool DollarCompatible(string aclTopic, string topic) => !topic.StartsWith('$') || aclTopic.StartsWith('$');

    private static bool Dangerous(string? user, string clientId) =>
        (user is not null && user.AsSpan().IndexOfAny('+', '#') >= 0) || clientId.AsSpan().IndexOfAny('+', '#') >= 0;

    private bool Check(string? user, string clientId, string topic, AclAccess wanted)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(topic);
        if (wanted == AclAccess.Write && topic.StartsWith("$SYS", StringComparison.Ordinal))
        {
            return false;
        }

        var levels = topic.Split('/');
        foreach (var rule in OwnRules(user))
        {
            if (!DollarCompatible(rule.Topic, topic) || !TopicFilter.Matches(rule.Levels, levels))
            {
                continue;
            }

            if (rule.Access == AclAccess.Deny)
            {
                return false;
            }

            if ((rule.Access & wanted) != 0)
            {
                return true;
            }
        }

        if (_patterns.Count == 0 || Dangerous(user, clientId))
        {
            return false;
        }

        foreach (var rule in _patterns)
        {
            var matches = rule.HasSubstitution
                ? Substitute(rule.Topic, user, clientId) is { } pattern && TopicFilter.Matches(pattern.Split('/'), levels)
                : TopicFilter.Matches(rule.Levels, levels);
            if (!matches)
            {
                continue;
            }

            if (rule.Access == AclAccess.Deny)
            {
                return false;
            }

            if ((rule.Access & wanted) != 0)
            {
                return true;
            }
        }

        return false;
    }

    // %c is the client id, %u the user name; a pattern with %u does not apply to a client without one.
    private static string? Substitute(string pattern, string? user, string clientId)
    {
        if (user is null && pattern.Contains("%u", StringComparison.Ordinal))
        {
            return null;
        }

        return pattern.Replace("%c", clientId, StringComparison.Ordinal).Replace("%u", user ?? string.Empty, StringComparison.Ordinal);
    }
}
