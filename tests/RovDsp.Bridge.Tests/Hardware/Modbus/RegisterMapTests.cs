using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Hardware.Modbus;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Bridge.Tests.Hardware.Modbus;

/// <summary>The register map: decoding each type and order, grouping into requests, and errors that name the field.</summary>
public class RegisterMapTests
{
    private static RegisterMapEntry Entry(RegisterType type, RegisterOrder words = RegisterOrder.Big, RegisterOrder bytes = RegisterOrder.Big,
        double scale = 1, double offset = 0, ushort address = 0, double pollHz = 10, byte unit = 1) => new()
        {
            Name = "x", Kind = SlurrySensorKind.FlowVelocity, SensorId = 0, Unit = unit, Function = ModbusFunction.ReadHoldingRegisters,
            Address = address, Type = type, WordOrder = words, ByteOrder = bytes, Scale = scale, Offset = offset, EngineeringUnit = "m/s", PollHz = pollHz,
        };

    [Theory]
    // 3.25f is 0x40500000: ABCD, CDAB, BADC, DCBA.
    [InlineData(RegisterOrder.Big, RegisterOrder.Big, 0x4050, 0x0000)]
    [InlineData(RegisterOrder.Little, RegisterOrder.Big, 0x0000, 0x4050)]
    [InlineData(RegisterOrder.Big, RegisterOrder.Little, 0x5040, 0x0000)]
    [InlineData(RegisterOrder.Little, RegisterOrder.Little, 0x0000, 0x5040)]
    public void A_float32_decodes_in_each_word_and_byte_order(RegisterOrder words, RegisterOrder bytes, int r0, int r1) =>
        Assert.Equal(3.25, Entry(RegisterType.Float32, words, bytes).Decode([(ushort)r0, (ushort)r1]));

    [Fact]
    public void Integers_decode_signed_or_unsigned_then_scale_and_offset()
    {
        Assert.Equal(-123.4, Entry(RegisterType.Int16, scale: 0.1).Decode([0xFB2E]), 9);
        Assert.Equal(64302 * 0.1, Entry(RegisterType.UInt16, scale: 0.1).Decode([0xFB2E]), 9);
        Assert.Equal(-2 * 0.01 + 5, Entry(RegisterType.Int32, scale: 0.01, offset: 5).Decode([0xFFFF, 0xFFFE]), 9);
        Assert.Equal(4123456 * 0.01, Entry(RegisterType.Int32, RegisterOrder.Little, scale: 0.01).Decode([0xEB40, 0x003E]), 9);
    }

    [Fact]
    public void The_shipped_map_reads_its_eight_sensors_in_two_requests()
    {
        var map = RegisterMap.Load(Path.Combine(RepoFiles.Root, "docs", "slurry-register-map.json"));
        Assert.Equal(8, map.Sensors.Count);
        var groups = PollGroup.Plan(map.Sensors, map.MaxGap);
        Assert.Equal(2, groups.Count);
        Assert.Equal((1, ModbusFunction.ReadHoldingRegisters, 0, 10, 6), (groups[0].Unit, groups[0].Function, groups[0].Address, groups[0].Count, groups[0].Sensors.Count));
        Assert.Equal((2, ModbusFunction.ReadInputRegisters, 0, 3, 2), (groups[1].Unit, groups[1].Function, groups[1].Address, groups[1].Count, groups[1].Sensors.Count));
    }

    [Fact]
    public void Grouping_splits_at_a_gap_wider_than_allowed_at_another_rate_and_beyond_125_registers()
    {
        var groups = PollGroup.Plan(
        [
            Entry(RegisterType.Float32, address: 0), Entry(RegisterType.Int16, address: 5), // gap 3: joined
            Entry(RegisterType.Int16, address: 20), // gap 14 > 8: new request
            Entry(RegisterType.Int16, address: 6, pollHz: 20), // another rate
            Entry(RegisterType.Int16, address: 140), // would make 20..141 = 121, joined? gap 119 > 8: new request
            Entry(RegisterType.Int16, address: 1, unit: 2), // another unit
        ], 8);
        Assert.Equal(5, groups.Count);
        Assert.Contains(groups, g => g.Address == 0 && g.Count == 6 && g.Sensors.Count == 2);
        Assert.Equal(2, PollGroup.Plan([Entry(RegisterType.Int16, address: 0), Entry(RegisterType.Float32, address: 124)], 200).Count);
    }

    [Theory]
    [InlineData("""{"sensors":[{"kind":"FlowVelocity","address":0,"type":"float64","engineeringUnit":"m/s","pollHz":10}]}""", "sensors[0].type 'float64'")]
    [InlineData("""{"sensors":[{"kind":"FlowVelocity","address":0,"type":"float32","engineeringUnit":"ft/s","pollHz":10}]}""", "sensors[0].engineeringUnit 'ft/s'")]
    [InlineData("""{"sensors":[{"kind":"FlowVelocity","function":6,"address":0,"type":"float32","engineeringUnit":"m/s","pollHz":10}]}""", "sensors[0].function 6")]
    [InlineData("""{"sensors":[{"kind":"Flow","address":0,"type":"float32","engineeringUnit":"m/s","pollHz":10}]}""", "sensors[0].kind 'Flow'")]
    [InlineData("""{"sensors":[{"kind":"FlowVelocity","type":"float32","engineeringUnit":"m/s","pollHz":10}]}""", "sensors[0].address is missing")]
    [InlineData("""{"sensors":[{"kind":"FlowVelocity","address":0,"type":"float32","engineeringUnit":"m/s","pollHz":0}]}""", "sensors[0].pollHz 0")]
    [InlineData("""{"sensors":[]}""", "names no sensors")]
    [InlineData("""{"sensors":""", "is not JSON")]
    public void A_bad_map_is_refused_naming_the_entry_and_field(string json, string expected)
    {
        var ex = Assert.Throws<BridgeConfigurationException>(() => RegisterMap.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
