using RovDsp.Dsp.Simd;

namespace RovDsp.Dsp.Tests.Support;

/// <summary>
/// Every vector path a kernel can be held to (<see cref="VectorPath"/>), for theories that check each against the
/// scalar path. A path this machine does not accelerate is skipped with the reason, not passed and not run on
/// software-emulated vectors.
/// </summary>
public static class ForcedVectorPaths
{
    /// <summary>The paths by name, widest first (the enum is internal, so the theories take its name).</summary>
    public static TheoryData<string> All => new() { "Vector512", "Vector256", "Vector128", "Scalar" };

    /// <summary>The path named <paramref name="name"/>; skips the test when this machine lacks it.</summary>
    internal static VectorPath Require(string name)
    {
        var path = Enum.Parse<VectorPath>(name);
        Skip.IfNot(VectorPaths.IsSupported(path),
            $"{path} is not accelerated on this machine or under this runtime's settings (widest: {VectorPaths.Detected})");
        return path;
    }

    /// <summary>Asserts the two spans hold the same floats bit for bit (−0 is not +0, NaN payloads count).</summary>
    public static void BitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, the scalar path gives {expected[i]:R}");
            }
        }
    }
}
