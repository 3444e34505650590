using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>
/// The 256-byte XTFPINGHEADER that opens a sonar packet (Triton XTF spec; field offsets as in pyxtf's
/// XTFPingHeader). Only the fields a side-scan processor uses are exposed.
/// </summary>
public sealed class XtfPingHeader
{
    /// <summary>Size of the ping header in bytes.</summary>
    public const int Size = 256;

    /// <summary>The common packet header at the start of the ping header.</summary>
    public XtfPacketHeader Packet { get; init; }

    /// <summary>Year of the ping.</summary>
    public ushort Year { get; init; }

    /// <summary>Month (1-12).</summary>
    public byte Month { get; init; }

    /// <summary>Day of the month.</summary>
    public byte Day { get; init; }

    /// <summary>Hour.</summary>
    public byte Hour { get; init; }

    /// <summary>Minute.</summary>
    public byte Minute { get; init; }

    /// <summary>Second.</summary>
    public byte Second { get; init; }

    /// <summary>Hundredths of a second.</summary>
    public byte HSeconds { get; init; }

    /// <summary>JulianDay (day of the year).</summary>
    public ushort JulianDay { get; init; }

    /// <summary>EventNumber.</summary>
    public uint EventNumber { get; init; }

    /// <summary>PingNumber (counts up by one per ping).</summary>
    public uint PingNumber { get; init; }

    /// <summary>SoundVelocity in m/s; by XTF convention this is half the speed of sound (one-way).</summary>
    public float SoundVelocity { get; init; }

    /// <summary>ComputedSoundVelocity in m/s.</summary>
    public float ComputedSoundVelocity { get; init; }

    /// <summary>ShipSpeed in knots.</summary>
    public float ShipSpeed { get; init; }

    /// <summary>ShipGyro (heading of the ship) in degrees.</summary>
    public float ShipGyro { get; init; }

    /// <summary>ShipYcoordinate (northing or latitude, per NavUnits).</summary>
    public double ShipYcoordinate { get; init; }

    /// <summary>ShipXcoordinate (easting or longitude, per NavUnits).</summary>
    public double ShipXcoordinate { get; init; }

    /// <summary>SensorSpeed in knots.</summary>
    public float SensorSpeed { get; init; }

    /// <summary>SensorYcoordinate (northing or latitude, per NavUnits).</summary>
    public double SensorYcoordinate { get; init; }

    /// <summary>SensorXcoordinate (easting or longitude, per NavUnits).</summary>
    public double SensorXcoordinate { get; init; }

    /// <summary>SensorDepth in metres.</summary>
    public float SensorDepth { get; init; }

    /// <summary>SensorPrimaryAltitude: altitude above the seabed in metres.</summary>
    public float SensorPrimaryAltitude { get; init; }

    /// <summary>SensorPitch in degrees.</summary>
    public float SensorPitch { get; init; }

    /// <summary>SensorRoll in degrees.</summary>
    public float SensorRoll { get; init; }

    /// <summary>SensorHeading in degrees.</summary>
    public float SensorHeading { get; init; }

    /// <summary>Heave in metres.</summary>
    public float Heave { get; init; }

    /// <summary>The ping time from the date fields, or null when they do not form a valid date.</summary>
    public DateTime? Time
    {
        get
        {
            if (Year is < 1 or > 9999 || Month is < 1 or > 12 || Day < 1 || Day > DateTime.DaysInMonth(Year, Month)
                || Hour > 23 || Minute > 59 || Second > 59 || HSeconds > 99)
            {
                return null;
            }
            return new DateTime(Year, Month, Day, Hour, Minute, Second, HSeconds * 10, DateTimeKind.Utc);
        }
    }

    /// <summary>Parses the ping header at the start of a packet's bytes.</summary>
    /// <param name="packetBytes">The packet's bytes, starting at its magic number.</param>
    /// <param name="packet">The packet's common header (its offset names offsets in errors).</param>
    /// <exception cref="XtfFormatException">The packet is shorter than a ping header.</exception>
    public static XtfPingHeader Parse(ReadOnlySpan<byte> packetBytes, XtfPacketHeader packet)
    {
        if (packet.NumBytesThisRecord < Size || packetBytes.Length < Size)
        {
            throw new XtfFormatException(packet.Offset + 10, $"NumBytesThisRecord {packet.NumBytesThisRecord} is shorter than a {Size}-byte ping header");
        }
        var h = packetBytes[..Size];
        return new XtfPingHeader
        {
            Packet = packet,
            Year = BinaryPrimitives.ReadUInt16LittleEndian(h[14..]),
            Month = h[16],
            Day = h[17],
            Hour = h[18],
            Minute = h[19],
            Second = h[20],
            HSeconds = h[21],
            JulianDay = BinaryPrimitives.ReadUInt16LittleEndian(h[22..]),
            EventNumber = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]),
            PingNumber = BinaryPrimitives.ReadUInt32LittleEndian(h[28..]),
            SoundVelocity = BinaryPrimitives.ReadSingleLittleEndian(h[32..]),
            ComputedSoundVelocity = BinaryPrimitives.ReadSingleLittleEndian(h[72..]),
            ShipSpeed = BinaryPrimitives.ReadSingleLittleEndian(h[120..]),
            ShipGyro = BinaryPrimitives.ReadSingleLittleEndian(h[124..]),
            ShipYcoordinate = BinaryPrimitives.ReadDoubleLittleEndian(h[128..]),
            ShipXcoordinate = BinaryPrimitives.ReadDoubleLittleEndian(h[136..]),
            SensorSpeed = BinaryPrimitives.ReadSingleLittleEndian(h[152..]),
            SensorYcoordinate = BinaryPrimitives.ReadDoubleLittleEndian(h[160..]),
            SensorXcoordinate = BinaryPrimitives.ReadDoubleLittleEndian(h[168..]),
            SensorDepth = BinaryPrimitives.ReadSingleLittleEndian(h[192..]),
            SensorPrimaryAltitude = BinaryPrimitives.ReadSingleLittleEndian(h[196..]),
            SensorPitch = BinaryPrimitives.ReadSingleLittleEndian(h[204..]),
            SensorRoll = BinaryPrimitives.ReadSingleLittleEndian(h[208..]),
            SensorHeading = BinaryPrimitives.ReadSingleLittleEndian(h[212..]),
            Heave = BinaryPrimitives.ReadSingleLittleEndian(h[216..]),
        };
    }
}
