using RovDsp.Bridge.Broker.Security;

namespace RovDsp.Bridge.Tests.Security;

/// <summary>The acl_file rules as man mosquitto.conf states them (and mosquitto 2.0.11 applies them; the same
/// answers are checked against a running mosquitto in <see cref="SameAnswersFromBothBrokersTests"/>).</summary>
public class MosquittoAclFileTests
{
    private const string Acl = """
        # anonymous clients: the lines before any 'user' line
        topic read public/#
        topic public/rw

        user alice
        topic readwrite rov/+/feed/#
        topic deny rov/+/feed/secret
        topic write cmd/alice
        pattern read users/%u/inbox/#
        pattern write clients/%c/out

        user bob
        topic read
        """;

    private static readonly MosquittoAclFile Rules = MosquittoAclFile.Parse(Acl);

    [Fact]
    public void Lines_before_any_user_line_are_the_anonymous_clients()
    {
        Assert.True(Rules.CanRead(null, "c", "public/news/today"));
        Assert.False(Rules.CanWrite(null, "c", "public/news/today"));
        // No access word: readwrite.
        Assert.True(Rules.CanWrite(null, "c", "public/rw"));
        Assert.True(Rules.CanRead(null, "c", "public/rw"));
        // A user does not get the anonymous lines.
        Assert.False(Rules.CanRead("alice", "c", "public/news/today"));
    }

    [Fact]
    public void Deny_wins_over_a_broader_grant_whatever_the_order_of_the_lines()
    {
        Assert.True(Rules.CanRead("alice", "c", "rov/r1/feed/altitude/echo1"));
        Assert.True(Rules.CanWrite("alice", "c", "rov/r1/feed/altitude/echo1"));
        Assert.False(Rules.CanRead("alice", "c", "rov/r1/feed/secret"));
        Assert.False(Rules.CanWrite("alice", "c", "rov/r1/feed/secret"));
        Assert.False(Rules.CanRead("alice", "c", "rov/r1/raw/echosounder/echo1"));
    }

    [Fact]
    public void Write_grants_no_read_and_unknown_users_get_nothing_but_patterns()
    {
        Assert.True(Rules.CanWrite("alice", "c", "cmd/alice"));
        Assert.False(Rules.CanRead("alice", "c", "cmd/alice"));
        Assert.False(Rules.CanWrite("mallory", "c", "cmd/alice"));
        Assert.False(Rules.CanRead("mallory", "c", "rov/r1/feed/altitude/echo1"));
    }

    [Fact]
    public void Patterns_apply_to_every_client_with_user_name_and_client_id_substituted()
    {
        // Patterns apply to all users even though they stand after 'user alice'.
        Assert.True(Rules.CanRead("mallory", "c", "users/mallory/inbox/1"));
        Assert.False(Rules.CanRead("mallory", "c", "users/alice/inbox/1"));
        Assert.True(Rules.CanWrite("mallory", "dev-7", "clients/dev-7/out"));
        Assert.False(Rules.CanWrite("mallory", "dev-7", "clients/dev-8/out"));
        // %u patterns do not apply to a client without a user name; %c ones do.
        Assert.False(Rules.CanRead(null, "c", "users//inbox/1"));
        Assert.True(Rules.CanWrite(null, "anon-1", "clients/anon-1/out"));
        // A user name or client id with a wildcard could widen a pattern: denied.
        Assert.False(Rules.CanRead("+", "c", "users/alice/inbox/1"));
        Assert.False(Rules.CanWrite("mallory", "#", "clients/x/out"));
    }

    [Fact]
    public void A_single_word_after_topic_is_the_topic_itself_with_readwrite()
    {
        // "topic read" grants readwrite on the topic "read" (mosquitto's parser), and nothing else.
        Assert.True(Rules.CanWrite("bob", "c", "read"));
        Assert.False(Rules.CanRead("bob", "c", "public/news"));
        Assert.False(Rules.CanWrite("bob", "c", "anything"));
    }

    [Fact]
    public void Dollar_topics_need_dollar_lines_and_sys_is_never_writable()
    {
        var acl = MosquittoAclFile.Parse("topic readwrite #\ntopic readwrite $SYS/#\n");
        Assert.True(acl.CanRead(null, "c", "$SYS/broker/uptime"));
        Assert.False(acl.CanWrite(null, "c", "$SYS/broker/uptime"));
        var plain = MosquittoAclFile.Parse("topic readwrite #\n");
        Assert.False(plain.CanRead(null, "c", "$SYS/broker/uptime"));
        Assert.True(plain.CanRead(null, "c", "a/b"));
    }

    [Fact]
    public void A_subscription_is_refused_only_when_no_read_grant_overlaps_its_filter()
    {
        Assert.True(Rules.CanSubscribe("alice", "c", "rov/#"));
        Assert.True(Rules.CanSubscribe("alice", "c", "rov/r1/feed/+/echo1"));
        Assert.True(Rules.CanSubscribe("alice", "c", "#"));
        Assert.False(Rules.CanSubscribe("alice", "c", "rov/r1/raw/#"));
        Assert.False(Rules.CanSubscribe("alice", "c", "cmd/alice"));
        Assert.True(Rules.CanSubscribe("mallory", "c", "users/mallory/#"));
        Assert.False(Rules.CanSubscribe("mallory", "c", "users/alice/#"));
    }

    [Theory]
    [InlineData("topic\n", "empty topic")]
    [InlineData("topic sometimes a/b\n", "access 'sometimes'")]
    [InlineData("topic read a/#/b\n", "not a valid topic filter")]
    [InlineData("topic read a/b+\n", "not a valid topic filter")]
    [InlineData("user\n", "without a user name")]
    [InlineData("  # indented comment\n", "is not a 'user', 'topic' or 'pattern' line")]
    [InlineData("topics read a\n", "is not a 'user', 'topic' or 'pattern' line")]
    public void A_bad_line_is_refused_with_its_number(string line, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => MosquittoAclFile.Parse("# ok\ntopic read a/b\n" + line, "acl"));
        Assert.StartsWith("acl line 3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/+", "a/b", true)]
    [InlineData("a/+", "a", false)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "b/#", false)]
    [InlineData("+/x", "a/#", true)]
    [InlineData("a/b/c", "a/+/d", false)]
    public void Filters_overlap_when_some_topic_matches_both(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, TopicFilter.Overlap(a, b));
        Assert.Equal(overlap, TopicFilter.Overlap(b, a));
    }
}
