namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>
/// The placement of a Cartesian fan image: pixel (column c, row r) has its centre at
/// starboard x = (c + 0.5 − <see cref="OriginColumn"/>)·<see cref="MetresPerPixel"/> and
/// ahead y = (<see cref="OriginRow"/> − r − 0.5)·<see cref="MetresPerPixel"/>, so the sonar sits at
/// (<see cref="OriginColumn"/>, <see cref="OriginRow"/>) in pixel units and ahead is up.
/// </summary>
/// <param name="Width">Pixels across.</param>
/// <param name="Height">Pixels down.</param>
/// <param name="MetresPerPixel">Pixel size, metres (square pixels).</param>
/// <param name="OriginColumn">Column coordinate of the sonar (pixel edges are integers).</param>
/// <param name="OriginRow">Row coordinate of the sonar.</param>
public readonly record struct FanImageGeometry(int Width, int Height, float MetresPerPixel, float OriginColumn, float OriginRow)
{
    /// <summary>The pixel containing the point at <paramref name="rangeM"/>, <paramref name="bearingRad"/>.</summary>
    public (int Column, int Row) PixelOf(float rangeM, float bearingRad)
    {
        var (sin, cos) = MathF.SinCos(bearingRad);
        return ((int)MathF.Floor(OriginColumn + rangeM * sin / MetresPerPixel),
            (int)MathF.Floor(OriginRow - rangeM * cos / MetresPerPixel));
    }
}
