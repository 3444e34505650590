using RovDsp.Dsp.Pipelines.Multibeam;
using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Pipelines.Multibeam;

/// <summary>
/// The lane-parallel exact selection against a plain sort of each column (the expected values come from
/// <see cref="Array.Sort(Array)"/>, not from the code under test): random columns with ties, zeros, −0, +∞ and a
/// column count that leaves 512-, 256-, 128-bit and scalar remainders, on every vector path (each must give the
/// sorted value exactly: the search is integer arithmetic, so no path may differ from another).
/// </summary>
public sealed class ColumnSelectTests
{
    public static TheoryData<int, int, int, double, string> Cases()
    {
        var data = new TheoryData<int, int, int, double, string>();
        foreach (var path in ForcedVectorPaths.All)
        {
            data.Add(256, 703, 5, 0.5, path);
            data.Add(37, 100, 1, 0.0, path);
            data.Add(16 + 8 + 4 + 3, 64, 3, 0.9, path);
            data.Add(1, 9, 1, 0.5, path);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Kth_smallest_of_each_column_matches_sorting(int columns, int rows, int rowStep, double rankFraction,
        string pathName)
    {
        var path = ForcedVectorPaths.Require(pathName);
        var rng = new Random(columns * 7919 + rows);
        var matrix = new float[rows * columns];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = rng.Next(10) switch
            {
                0 => 0f,
                1 => -0f,
                2 => (float)rng.Next(4), // ties
                3 => float.PositiveInfinity,
                4 => float.Epsilon * rng.Next(1, 100), // denormals
                _ => (float)(-Math.Log(1 - rng.NextDouble()) * Math.Pow(10, rng.Next(-6, 7))),
            };
        }
        var first = rowStep / 2;
        var samples = (rows - 1 - first) / rowStep + 1;
        var k = (int)(rankFraction * (samples - 1));
        var result = new float[columns];
        ColumnSelect.KthSmallest(matrix, columns, first, rowStep, samples, k, result,
            new int[ColumnSelect.ScratchLength(samples)], path);
        for (var c = 0; c < columns; c++)
        {
            var column = new float[samples];
            for (var i = 0; i < samples; i++)
            {
                column[i] = matrix[(first + i * rowStep) * columns + c];
            }
            Array.Sort(column);
            // −0 and +0 are equal as values; compare as values so either zero is accepted.
            Assert.True(column[k] == result[c], $"column {c}: {result[c]:R}, sorting gives {column[k]:R}");
        }
    }

    [Fact]
    public void Median_of_a_known_column()
    {
        // One column 5, 1, 4, 2, 3 (and a second, constant one): the median (k = 2) is 3, then 7.
        float[] matrix = [5, 7, 1, 7, 4, 7, 2, 7, 3, 7];
        var result = new float[2];
        ColumnSelect.KthSmallest(matrix, 2, 0, 1, 5, 2, result, new int[ColumnSelect.ScratchLength(5)],
            RovDsp.Dsp.Simd.VectorPaths.Detected);
        Assert.Equal([3f, 7f], result);
    }
}
