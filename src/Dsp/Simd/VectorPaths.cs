using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RovDsp.Dsp.Simd;

/// <summary>The vector path this machine runs (<see cref="Detected"/>) and the check that a forced one is
/// possible here.</summary>
internal static class VectorPaths
{
    /// <summary>
    /// The widest width the JIT accelerates on this machine (and under the runtime's knobs:
    /// <c>DOTNET_EnableAVX512=0</c> gives <see cref="VectorPath.Vector256"/>, <c>DOTNET_EnableAVX2=0</c> or
    /// <c>DOTNET_PreferredVectorBitWidth=128</c> <see cref="VectorPath.Vector128"/>). Static readonly, so tiered
    /// code sees it as a constant.
    /// </summary>
    public static readonly VectorPath Detected =
        Vector512.IsHardwareAccelerated ? VectorPath.Vector512
        : Vector256.IsHardwareAccelerated ? VectorPath.Vector256
        : Vector128.IsHardwareAccelerated ? VectorPath.Vector128
        : VectorPath.Scalar;

    /// <summary>
    /// The widest width whose fused multiply-add is hardware here: <see cref="Detected"/> on AVX2, AVX-512 and Arm64,
    /// but <see cref="VectorPath.Scalar"/> on x64 with AVX2 switched off (SSE has no FMA, and the runtime would
    /// emulate every vector FMA lane by lane, slower than scalar code). For kernels whose arithmetic is a chain of
    /// fused multiply-adds (the FFT's butterflies, the FIR's dot products).
    /// </summary>
    public static readonly VectorPath DetectedFused =
        Fma.IsSupported || AdvSimd.IsSupported ? Detected : VectorPath.Scalar;

    /// <summary>Whether <paramref name="path"/> runs in hardware here (it is no wider than <see cref="Detected"/>).</summary>
    public static bool IsSupported(VectorPath path) => path >= VectorPath.Scalar && path <= Detected;

    /// <summary>Returns <paramref name="path"/> when this machine runs it; a wider path would run the
    /// software-emulated vectors (slow, and not what any machine runs), so it throws.</summary>
    /// <exception cref="PlatformNotSupportedException">The machine lacks <paramref name="path"/>.</exception>
    public static VectorPath Require(VectorPath path) => IsSupported(path)
        ? path
        : throw new PlatformNotSupportedException($"vector path {path} is not accelerated on this machine (widest: {Detected})");
}
