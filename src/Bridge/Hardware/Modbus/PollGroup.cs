namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>One request of a poll cycle: a run of registers of one unit and function, read at one rate, holding
/// one or more sensors.</summary>
/// <param name="Unit">Modbus unit id.</param>
/// <param name="Function">Function 3 or 4.</param>
/// <param name="Address">First register.</param>
/// <param name="Count">Registers read (1–125).</param>
/// <param name="PollHz">Rate of every sensor in the group.</param>
/// <param name="Sensors">The sensors, each at <c>Address - group.Address</c> into the registers read.</param>
public sealed record PollGroup(byte Unit, ModbusFunction Function, ushort Address, ushort Count, double PollHz, IReadOnlyList<RegisterMapEntry> Sensors)
{
    /// <summary>Groups <paramref name="sensors"/> into the fewest requests: same unit, function and rate, sorted by
    /// address, joined while the run stays within 125 registers and the hole between two sensors is at most
    /// <paramref name="maxGap"/> registers.</summary>
    public static List<PollGroup> Plan(IEnumerable<RegisterMapEntry> sensors, int maxGap)
    {
        var groups = new List<PollGroup>();
        foreach (var same in sensors.GroupBy(s => (s.Unit, s.Function, s.PollHz)).OrderBy(g => g.Key.Unit).ThenBy(g => g.Key.Function))
        {
            var run = new List<RegisterMapEntry>();
            int start = 0, end = 0;
            foreach (var s in same.OrderBy(s => s.Address))
            {
                var sEnd = s.Address + s.RegisterCount;
                if (run.Count > 0 && (s.Address - end > maxGap || Math.Max(end, sEnd) - start > ModbusFrame.MaxReadCount))
                {
                    groups.Add(new PollGroup(same.Key.Unit, same.Key.Function, (ushort)start, (ushort)(end - start), same.Key.PollHz, run));
                    run = [];
                }

                if (run.Count == 0)
                {
                    start = s.Address;
                    end = sEnd;
                }

                run.Add(s);
                end = Math.Max(end, sEnd);
            }

            groups.Add(new PollGroup(same.Key.Unit, same.Key.Function, (ushort)start, (ushort)(end - start), same.Key.PollHz, run));
        }

        return groups;
    }

    /// <summary>The group split into one request per sensor (after the device refused the grouped read: a hole
    /// in the run may be unmapped on the PLC).</summary>
    public IEnumerable<PollGroup> Split() =>
        Sensors.Select(s => new PollGroup(Unit, Function, s.Address, (ushort)s.RegisterCount, PollHz, [s]));
}
