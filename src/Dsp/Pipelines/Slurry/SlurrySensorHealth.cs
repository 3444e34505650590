namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>The fault flags of the eight slurry sensor kinds, packed one byte per kind (no allocation).</summary>
public readonly struct SlurrySensorHealth : IEquatable<SlurrySensorHealth>
{
    private readonly ulong _packed;

    /// <summary>Wraps packed flags: byte <c>(int)kind</c> holds that kind's <see cref="SlurrySensorFault"/>.</summary>
    /// <param name="packed">The packed flags.</param>
    public SlurrySensorHealth(ulong packed) => _packed = packed;

    /// <summary>The packed flags (for a wire encoding).</summary>
    public ulong Packed => _packed;

    /// <summary>The faults of one sensor kind (<see cref="SlurrySensorFault.NoData"/> for a kind not in the table).</summary>
    /// <param name="kind">The sensor kind.</param>
    public SlurrySensorFault this[SlurrySensorKind kind] => (SlurrySensorFault)((_packed >> (8 * (int)kind)) & 0xFF);

    /// <summary>Whether any sensor has any fault.</summary>
    public bool AnyFault => _packed != 0;

    /// <summary>Returns a copy with one kind's flags replaced.</summary>
    /// <param name="kind">The sensor kind.</param>
    /// <param name="fault">Its flags.</param>
    public SlurrySensorHealth With(SlurrySensorKind kind, SlurrySensorFault fault)
    {
        var shift = 8 * (int)kind;
        return new SlurrySensorHealth((_packed & ~(0xFFUL << shift)) | ((ulong)fault << shift));
    }

    /// <inheritdoc/>
    public bool Equals(SlurrySensorHealth other) => _packed == other._packed;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SlurrySensorHealth other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _packed.GetHashCode();

    /// <summary>Equality of the packed flags.</summary>
    public static bool operator ==(SlurrySensorHealth left, SlurrySensorHealth right) => left.Equals(right);

    /// <summary>Inequality of the packed flags.</summary>
    public static bool operator !=(SlurrySensorHealth left, SlurrySensorHealth right) => !left.Equals(right);
}
