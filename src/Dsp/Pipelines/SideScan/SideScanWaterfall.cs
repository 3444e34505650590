namespace RovDsp.Dsp.Pipelines.SideScan;

/// <summary>
/// A fixed-size ring buffer of 8-bit display rows: the newest side-scan lines, port on the left (far range at
/// column 0), starboard on the right. Allocated once; adding a row overwrites the oldest.
/// </summary>
public sealed class SideScanWaterfall
{
    private readonly byte[] _pixels;
    private int _next;

    /// <summary>Allocates the buffer.</summary>
    /// <param name="width">Pixels per row, &gt;= 1.</param>
    /// <param name="capacity">Rows kept, &gt;= 1.</param>
    public SideScanWaterfall(int width, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Width = width;
        Capacity = capacity;
        _pixels = new byte[checked(width * capacity)];
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows kept.</summary>
    public int Capacity { get; }

    /// <summary>Rows currently held (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Rows added since construction or <see cref="Reset"/>.</summary>
    public long TotalRows { get; private set; }

    /// <summary>Claims the next row (overwriting the oldest when full) for the caller to fill entirely.</summary>
    public Span<byte> NextRow()
    {
        var row = _pixels.AsSpan(_next * Width, Width);
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
        TotalRows++;
        return row;
    }

    /// <summary>A held row by age: 0 is the newest.</summary>
    /// <param name="age">0 ≤ age &lt; <see cref="Count"/>.</param>
    public ReadOnlySpan<byte> Row(int age)
    {
        if ((uint)age >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, $"age must be in [0, {Count})");
        }
        var index = (_next - 1 - age + 2 * Capacity) % Capacity;
        return _pixels.AsSpan(index * Width, Width);
    }

    /// <summary>Copies the held rows into a Width × Count image, newest row first (top of a scrolling display).</summary>
    /// <param name="image">At least Width·Count bytes.</param>
    /// <returns>The number of rows written.</returns>
    public int CopyTo(Span<byte> image)
    {
        if (image.Length < Width * Count)
        {
            throw new ArgumentException($"image needs {Width * Count} bytes, got {image.Length}", nameof(image));
        }
        for (var age = 0; age < Count; age++)
        {
            Row(age).CopyTo(image.Slice(age * Width, Width));
        }
        return Count;
    }

    /// <summary>Forgets every row.</summary>
    public void Reset()
    {
        Array.Clear(_pixels);
        _next = 0;
        Count = 0;
        TotalRows = 0;
    }
}
