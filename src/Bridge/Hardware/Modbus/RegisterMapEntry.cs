using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Bridge.Hardware.Modbus;

/// <summary>One slurry-line sensor as the PLC holds it (one entry of a <see cref="RegisterMap"/>): engineering value
/// = raw × <see cref="Scale"/> + <see cref="Offset"/>, in the unit the slurry pipeline takes for
/// <see cref="Kind"/>.</summary>
public sealed record RegisterMapEntry
{
    /// <summary>A name for messages (e.g. "flow meter FT-101").</summary>
    public required string Name { get; init; }

    /// <summary>What the sensor measures.</summary>
    public required SlurrySensorKind Kind { get; init; }

    /// <summary>The id the slurry pipeline's sensor table knows it by (default: the kind's number, as in the default table).</summary>
    public required ushort SensorId { get; init; }

    /// <summary>Modbus unit id (slave address) of the PLC or gateway port holding it.</summary>
    public required byte Unit { get; init; }

    /// <summary>Function 3 (holding registers) or 4 (input registers).</summary>
    public required ModbusFunction Function { get; init; }

    /// <summary>Address of its first register, 0-based as on the wire (reference 40001 is address 0).</summary>
    public required ushort Address { get; init; }

    /// <summary>How the registers hold it.</summary>
    public required RegisterType Type { get; init; }

    /// <summary>Order of the two registers of a 32-bit value.</summary>
    public RegisterOrder WordOrder { get; init; } = RegisterOrder.Big;

    /// <summary>Order of the bytes inside each register.</summary>
    public RegisterOrder ByteOrder { get; init; } = RegisterOrder.Big;

    /// <summary>Multiplier applied to the raw number.</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Added after scaling.</summary>
    public double Offset { get; init; }

    /// <summary>The engineering unit, as documentation (checked against the kind's unit).</summary>
    public required string EngineeringUnit { get; init; }

    /// <summary>How often it is read, Hz.</summary>
    public required double PollHz { get; init; }

    /// <summary>Registers it occupies (1 or 2).</summary>
    public int RegisterCount => Type is RegisterType.Int32 or RegisterType.Float32 ? 2 : 1;

    /// <summary>The engineering value held by <paramref name="registers"/> (its first <see cref="RegisterCount"/>).</summary>
    public double Decode(ReadOnlySpan<ushort> registers)
    {
        var swap = ByteOrder == RegisterOrder.Little;
        static ushort Swap(ushort w, bool swap) => swap ? (ushort)((w >> 8) | (w << 8)) : w;

        double raw;
        switch (Type)
        {
            case RegisterType.Int16:
                raw = (short)Swap(registers[0], swap);
                break;
            case RegisterType.UInt16:
                raw = Swap(registers[0], swap);
                break;
            default:
                var (hi, lo) = WordOrder == RegisterOrder.Big ? (Swap(registers[0], swap), Swap(registers[1], swap)) : (Swap(registers[1], swap), Swap(registers[0], swap));
                var bits = ((uint)hi << 16) | lo;
                raw = Type == RegisterType.Int32 ? (int)bits : BitConverter.UInt32BitsToSingle(bits);
                break;
        }

        return raw * Scale + Offset;
    }

    /// <summary>The unit the slurry pipeline takes for <paramref name="kind"/> (docs/domain.md).</summary>
    public static string UnitOf(SlurrySensorKind kind) => kind switch
    {
        SlurrySensorKind.FlowVelocity => "m/s",
        SlurrySensorKind.DensityGamma or SlurrySensorKind.DensityUltrasonic => "kg/m3",
        SlurrySensorKind.PressureBottom or SlurrySensorKind.PressureTop or SlurrySensorKind.DifferentialPressure => "kPa",
        SlurrySensorKind.PumpSpeed => "rpm",
        _ => "A",
    };
}
