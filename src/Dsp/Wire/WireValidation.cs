using System.Numerics.Tensors;

namespace RovDsp.Dsp.Wire;

/// <summary>Checks shared by the codecs.</summary>
internal static class WireValidation
{
    /// <summary>True when every value is finite: MaxMagnitude propagates NaN and reports infinity, so one
    /// vectorised pass answers for the whole array.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values) =>
        values.IsEmpty || float.IsFinite(TensorPrimitives.MaxMagnitude(values));

    /// <summary>True for a finite, strictly positive value.</summary>
    public static bool Positive(double value) => value > 0 && double.IsFinite(value);
}
