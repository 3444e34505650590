using RovDsp.Dsp.Pipelines.Alarms;

namespace RovDsp.Dsp.Tests.Pipelines.Alarms;

// The ISA-18.2 alarm state diagram (ANSI/ISA-18.2-2016, figure "alarm state transition diagram", shelving and
// suppression left out): states are written down from the standard, not from the code.
public class AlarmStateTableTests
{
    private static AlarmEvent Raised(int rule, long t) => new(t, rule, AlarmSeverity.Warning, AlarmTransition.Raised, 1f);

    private static AlarmEvent Cleared(int rule, long t) => new(t, rule, AlarmSeverity.Warning, AlarmTransition.Cleared, 1f);

    [Fact]
    public void Raised_alarm_is_unacknowledged_active_and_remembers_when()
    {
        var table = new AlarmStateTable(3);
        table.Apply(Raised(1, 42));
        Assert.Equal(AlarmState.UnacknowledgedActive, table[1]);
        Assert.Equal(42, table.RaisedNs(1));
        Assert.Equal(AlarmState.Normal, table[0]);
        Assert.Equal(AlarmState.Normal, table[2]);
    }

    [Fact]
    public void Acknowledged_then_cleared_alarm_returns_to_normal()
    {
        var table = new AlarmStateTable(1);
        table.Apply(Raised(0, 1));
        Assert.True(table.Acknowledge(0));
        Assert.Equal(AlarmState.AcknowledgedActive, table[0]);
        table.Apply(Cleared(0, 2));
        Assert.Equal(AlarmState.Normal, table[0]);
    }

    [Fact]
    public void Cleared_before_acknowledgement_stays_until_acknowledged()
    {
        var table = new AlarmStateTable(1);
        table.Apply(Raised(0, 1));
        table.Apply(Cleared(0, 2));
        Assert.Equal(AlarmState.ClearedUnacknowledged, table[0]);
        Assert.True(table.Acknowledge(0));
        Assert.Equal(AlarmState.Normal, table[0]);
    }

    [Fact]
    public void Raised_again_while_cleared_unacknowledged_is_unacknowledged_active_with_the_new_time()
    {
        var table = new AlarmStateTable(1);
        table.Apply(Raised(0, 1));
        table.Apply(Cleared(0, 2));
        table.Apply(Raised(0, 3));
        Assert.Equal(AlarmState.UnacknowledgedActive, table[0]);
        Assert.Equal(3, table.RaisedNs(0));
    }

    [Fact]
    public void Acknowledging_twice_or_a_normal_alarm_changes_nothing()
    {
        var table = new AlarmStateTable(2);
        Assert.False(table.Acknowledge(0));
        Assert.Equal(AlarmState.Normal, table[0]);
        table.Apply(Raised(1, 1));
        Assert.True(table.Acknowledge(1));
        Assert.False(table.Acknowledge(1));
        Assert.Equal(AlarmState.AcknowledgedActive, table[1]);
    }

    [Fact]
    public void Feed_names_the_states_as_docs_topics_md_says()
    {
        Assert.Equal("unacknowledged", AlarmStateTable.Name(AlarmState.UnacknowledgedActive));
        Assert.Equal("acknowledged", AlarmStateTable.Name(AlarmState.AcknowledgedActive));
        Assert.Equal("cleared-unacknowledged", AlarmStateTable.Name(AlarmState.ClearedUnacknowledged));
    }
}
