namespace RovDsp.Dsp.Wire;

/// <summary>Why a raw payload was refused. Each reason has its own counter in the bridge's metrics.</summary>
public enum WireError
{
    /// <summary>Nothing wrong.</summary>
    None = 0,

    /// <summary>Shorter than its header or than the lengths it declares.</summary>
    Truncated,

    /// <summary>Longer than its declared lengths, or declaring more than the decoder accepts.</summary>
    Oversized,

    /// <summary>Does not start with the wire magic.</summary>
    BadMagic,

    /// <summary>A format version this build does not read.</summary>
    UnsupportedVersion,

    /// <summary>A message kind other than the one the topic carries, or an unknown kind.</summary>
    WrongKind,

    /// <summary>NaN or infinity where a finite number is required.</summary>
    NonFinite,

    /// <summary>A field outside its valid range (zero sample rate, negative count, unknown enum value).</summary>
    BadField,
}
