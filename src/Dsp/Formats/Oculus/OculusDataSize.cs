namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>The DataSizeType of an Oculus image (Oculus.h): bytes per image sample.</summary>
public enum OculusDataSize : byte
{
    /// <summary>8-bit samples.</summary>
    Bits8 = 0,

    /// <summary>16-bit samples.</summary>
    Bits16 = 1,

    /// <summary>24-bit samples.</summary>
    Bits24 = 2,

    /// <summary>32-bit samples.</summary>
    Bits32 = 3,
}
