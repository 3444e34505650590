namespace RovDsp.Dsp.Pipelines.ScanningSonar;

/// <summary>
/// <see cref="ScanningSonarPipeline"/>'s Cartesian display: the 360° polar image as a square picture (top = the
/// sonar's forward mark, the sonar at the centre, the image range at the inscribed circle's edge; pixels outside
/// it are 0), through a pixel-to-cell table built once.
/// </summary>
/// <remarks>
/// Incremental: it keeps the last picture and redraws only the pixels of angles marked changed
/// (<see cref="MarkChanged"/>) since; <see cref="Reset"/> makes the next render redraw everything. The result is the
/// same as a full redraw (<see cref="RenderAll"/>), byte for byte, since each pixel depends on its own cell only.
/// Kept apart from the pipeline because the display is separate from the image and detection it draws from.
/// Allocates nothing after construction.
/// </remarks>
internal sealed class CartesianRenderer
{
    private const int AnglesPerTurn = ScanningSonarPipeline.AnglesPerTurn;
    private readonly int _size;
    private readonly double _displayFullScale;

    /// <summary>The polar cell of each pixel, −1 outside the circle.</summary>
    private readonly int[] _table;

    /// <summary>The Cartesian picture as last rendered, brought up to date angle by angle (see Process).</summary>
    private readonly byte[] _rendered;

    /// <summary>Pixels grouped by the angle of their cell: those of angle a are _anglePixels[_angleStart[a].._angleStart[a+1]].</summary>
    private readonly int[] _angleStart;
    private readonly int[] _anglePixels;

    /// <summary>Angles whose polar row changed since the last render; _allDirty when every row may have.</summary>
    private readonly bool[] _dirty = new bool[AnglesPerTurn];
    private bool _allDirty = true;

    /// <summary>Creates the renderer and its tables.</summary>
    /// <param name="size">Pixels a side.</param>
    /// <param name="bins">Range bins per angle of the polar image.</param>
    /// <param name="displayFullScale">Image value drawn as 255.</param>
    public CartesianRenderer(int size, int bins, double displayFullScale)
    {
        _size = size;
        _displayFullScale = displayFullScale;
        _table = BuildCartesianTable(size, bins);
        _rendered = new byte[_table.Length];
        (_angleStart, _anglePixels) = GroupPixelsByAngle(_table, bins);
    }

    /// <summary>Notes that the polar row of <paramref name="angle"/> changed, so the next render redraws it.</summary>
    /// <param name="angle">The angle, 0..<see cref="ScanningSonarPipeline.AnglesPerTurn"/> − 1.</param>
    public void MarkChanged(int angle) => _dirty[angle] = true;

    /// <summary>Makes the next render redraw every pixel (every row may have changed).</summary>
    public void Reset() => _allDirty = true;

    /// <summary>Renders <paramref name="image"/> into <paramref name="pixels"/>, redrawing only the changed angles.</summary>
    /// <param name="image">The polar image, <see cref="ScanningSonarPipeline.AnglesPerTurn"/> × bins by angle.</param>
    /// <param name="pixels">At least size² bytes.</param>
    public void Process(ReadOnlySpan<float> image, Span<byte> pixels)
    {
        var size = _size;
        if (pixels.Length < size * size)
        {
            throw new ArgumentException($"pixels needs {size * size} bytes, got {pixels.Length}", nameof(pixels));
        }
        var scale = DisplayScale;
        var table = _table;
        var rendered = _rendered;
        if (_allDirty)
        {
            RenderAll(image, rendered);
            Array.Clear(_dirty);
            _allDirty = false;
        }
        else
        {
            for (var a = 0; a < AnglesPerTurn; a++)
            {
                if (!_dirty[a])
                {
                    continue;
                }
                _dirty[a] = false;
                for (var i = _angleStart[a]; i < _angleStart[a + 1]; i++)
                {
                    var p = _anglePixels[i];
                    rendered[p] = ToPixel(image[table[p]], scale);
                }
            }
        }
        rendered.CopyTo(pixels);
    }

    /// <summary>Every pixel redrawn from the polar image: the reference the incremental render must equal.</summary>
    /// <param name="image">The polar image, <see cref="ScanningSonarPipeline.AnglesPerTurn"/> × bins by angle.</param>
    /// <param name="pixels">At least size² bytes.</param>
    public void RenderAll(ReadOnlySpan<float> image, Span<byte> pixels)
    {
        var scale = DisplayScale;
        var table = _table;
        for (var p = 0; p < table.Length; p++)
        {
            var cell = table[p];
            pixels[p] = cell < 0 ? (byte)0 : ToPixel(image[cell], scale);
        }
    }

    private float DisplayScale => (float)(255.0 / _displayFullScale);

    private static byte ToPixel(float value, float scale) => (byte)Math.Clamp(value * scale + 0.5f, 0f, 255f);

    /// <summary>The pixels of <paramref name="table"/> grouped by the angle of their cell, as start offsets per
    /// angle (one more than there are angles) into the pixel list.</summary>
    private static (int[] Start, int[] Pixels) GroupPixelsByAngle(int[] table, int bins)
    {
        var start = new int[AnglesPerTurn + 1];
        foreach (var cell in table)
        {
            if (cell >= 0)
            {
                start[cell / bins + 1]++;
            }
        }
        for (var a = 0; a < AnglesPerTurn; a++)
        {
            start[a + 1] += start[a];
        }
        var pixels = new int[start[AnglesPerTurn]];
        var next = start.AsSpan(0, AnglesPerTurn).ToArray();
        for (var p = 0; p < table.Length; p++)
        {
            if (table[p] >= 0)
            {
                pixels[next[table[p] / bins]++] = p;
            }
        }
        return (start, pixels);
    }

    /// <summary>The polar cell (angle · bins + bin) of each pixel of a <paramref name="size"/>² picture, −1 outside
    /// the inscribed circle.</summary>
    private static int[] BuildCartesianTable(int size, int bins)
    {
        var table = new int[size * size];
        var half = size / 2.0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var east = x + 0.5 - half;
                var north = half - (y + 0.5);
                var radius = Math.Sqrt(east * east + north * north) / half;
                if (radius >= 1.0)
                {
                    table[y * size + x] = -1;
                    continue;
                }
                // Clockwise from the top (the forward mark), as Ping360 angles run.
                var theta = Math.Atan2(east, north);
                var angle = ScanningSonarPipeline.Wrap((int)Math.Round(theta * AnglesPerTurn / (2.0 * Math.PI)));
                var bin = Math.Min(bins - 1, (int)(radius * bins));
                table[y * size + x] = angle * bins + bin;
            }
        }
        return table;
    }
}
