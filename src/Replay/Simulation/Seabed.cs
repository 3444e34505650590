namespace RovDsp.Replay.Simulation;

/// <summary>
/// The seabed's depth as a smooth random surface: a plane (the regional slope) plus a sum of random cosine
/// ridges whose amplitudes fall with wavenumber, the usual power-law picture of abyssal-plain roughness
/// (Goff and Jordan, J. Geophys. Res. 93(B11), 1988). The mud plains near Minamitorishima are gentle, so the
/// default slope is at most a few degrees and the RMS roughness tens of centimetres.
/// </summary>
public sealed class Seabed
{
    private readonly double _meanDepthM;
    private readonly double _gradientX;
    private readonly double _gradientY;
    private readonly double[] _kx;
    private readonly double[] _ky;
    private readonly double[] _amplitude;
    private readonly double[] _phase;

    /// <summary>Draws a seabed from <paramref name="random"/>.</summary>
    /// <param name="random">The seabed's own random stream.</param>
    /// <param name="meanDepthM">Depth at the origin, metres (5,500–6,000 at the site).</param>
    /// <param name="maxSlopeDeg">Largest regional slope to draw, degrees.</param>
    /// <param name="rmsRoughnessM">RMS height of the roughness about the plane, metres.</param>
    public Seabed(DeterministicRandom random, double meanDepthM, double maxSlopeDeg = 3.0, double rmsRoughnessM = 0.25)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSlopeDeg);
        ArgumentOutOfRangeException.ThrowIfNegative(rmsRoughnessM);
        _meanDepthM = meanDepthM;
        var slope = Math.Tan(random.NextDouble(0.0, maxSlopeDeg) * Math.PI / 180.0);
        var dip = random.NextDouble(0.0, 2.0 * Math.PI);
        _gradientX = slope * Math.Sin(dip);
        _gradientY = slope * Math.Cos(dip);

        // Wavelengths from 200 m down to 1.5 m, log-spaced, amplitude ∝ wavelength^0.9 (a Hurst-like exponent).
        const int Components = 24;
        _kx = new double[Components];
        _ky = new double[Components];
        _amplitude = new double[Components];
        _phase = new double[Components];
        var sumSquares = 0.0;
        for (var i = 0; i < Components; i++)
        {
            var wavelength = 200.0 * Math.Pow(1.5 / 200.0, i / (double)(Components - 1));
            var k = 2.0 * Math.PI / wavelength;
            var direction = random.NextDouble(0.0, 2.0 * Math.PI);
            _kx[i] = k * Math.Cos(direction);
            _ky[i] = k * Math.Sin(direction);
            _amplitude[i] = Math.Pow(wavelength, 0.9) * (0.5 + random.NextDouble());
            _phase[i] = random.NextDouble(0.0, 2.0 * Math.PI);
            sumSquares += 0.5 * _amplitude[i] * _amplitude[i];
        }

        var scale = sumSquares > 0 ? rmsRoughnessM / Math.Sqrt(sumSquares) : 0.0;
        for (var i = 0; i < Components; i++)
        {
            _amplitude[i] *= scale;
        }
    }

    /// <summary>Depth of the seabed at (x, y), metres, positive down.</summary>
    public double DepthAt(double x, double y)
    {
        var d = _meanDepthM + _gradientX * x + _gradientY * y;
        for (var i = 0; i < _amplitude.Length; i++)
        {
            d += _amplitude[i] * Math.Cos(_kx[i] * x + _ky[i] * y + _phase[i]);
        }

        return d;
    }

    /// <summary>The seabed's gradient (∂depth/∂x, ∂depth/∂y) at (x, y): its local slope, for incidence angles.</summary>
    public (double DzDx, double DzDy) GradientAt(double x, double y)
    {
        double gx = _gradientX, gy = _gradientY;
        for (var i = 0; i < _amplitude.Length; i++)
        {
            var s = -_amplitude[i] * Math.Sin(_kx[i] * x + _ky[i] * y + _phase[i]);
            gx += s * _kx[i];
            gy += s * _ky[i];
        }

        return (gx, gy);
    }
}
