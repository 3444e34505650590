using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Detection;

/// <summary>The comparison step shared by the CFAR detectors: mask[i] = power[i] &gt; threshold[i].</summary>
internal static class CfarMask
{
    /// <summary>Writes the detection mask and returns the number of detections.</summary>
    public static int Compare(ReadOnlySpan<float> power, ReadOnlySpan<float> threshold, Span<bool> detections)
    {
        if (detections.Length < power.Length)
        {
            throw new ArgumentException("detections is shorter than power", nameof(detections));
        }
        var n = power.Length;
        var count = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // 8 cells at a time: the sign bits of the compare give one bit per cell.
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var p = Vector256.Create(power.Slice(i, Vector256<float>.Count));
                var th = Vector256.Create(threshold.Slice(i, Vector256<float>.Count));
                var bits = Vector256.GreaterThan(p, th).ExtractMostSignificantBits();
                count += System.Numerics.BitOperations.PopCount(bits);
                for (var j = 0; j < Vector256<float>.Count; j++)
                {
                    detections[i + j] = ((bits >> j) & 1) != 0;
                }
            }
        }
        for (; i < n; i++)
        {
            var d = power[i] > threshold[i];
            detections[i] = d;
            count += d ? 1 : 0;
        }
        return count;
    }
}
