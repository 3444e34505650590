using RovDsp.Dsp.Simd;
using RovDsp.Processing.Compression;

namespace RovDsp.Processing.Tests.Compression;

/// <summary>
/// <see cref="RunLengthDeflater"/>'s run search held to each vector path finds the scalar search's runs, so it
/// writes the same bytes (and they inflate to the input): inputs of every length up to 300 and longer mixtures,
/// so runs start and end at every position of a vector and in every tail. A path this machine does not
/// accelerate is skipped with the reason.
/// </summary>
public sealed class RunLengthDeflaterPathTests
{
    public static TheoryData<string> Paths => new() { "Vector512", "Vector256", "Vector128", "Scalar" };

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_path_writes_the_scalar_paths_bytes(string pathName)
    {
        var path = Enum.Parse<VectorPath>(pathName);
        Skip.IfNot(VectorPaths.IsSupported(path),
            $"{path} is not accelerated on this machine or under this runtime's settings (widest: {VectorPaths.Detected})");
        var scalar = new RunLengthDeflater(VectorPath.Scalar);
        var forced = new RunLengthDeflater(path);
        var random = new Random(20261206);
        for (var trial = 0; trial < 600; trial++)
        {
            var data = new byte[trial < 300 ? trial : random.Next(300, 5000)];
            var runChance = random.NextDouble();
            var i = 0;
            while (i < data.Length)
            {
                if (random.NextDouble() < runChance)
                {
                    var length = Math.Min(data.Length - i, random.Next(1, 80));
                    data.AsSpan(i, length).Fill((byte)random.Next(3));
                    i += length;
                }
                else
                {
                    data[i++] = (byte)random.Next(3);
                }
            }

            var expected = RunLengthDeflaterTests.Compress(scalar, data);
            var actual = RunLengthDeflaterTests.Compress(forced, data);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path}, trial {trial} ({data.Length} bytes): streams differ");
            Assert.Equal(data, RunLengthDeflaterTests.Inflate(actual));
        }
    }
}
