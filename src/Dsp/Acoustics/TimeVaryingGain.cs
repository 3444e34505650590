using System.Numerics.Tensors;

namespace RovDsp.Dsp.Acoustics;

/// <summary>
/// Time-varying gain for a sonar ping: sample n (time n/fs after transmission) is multiplied by the amplitude
/// factor 10^(G/20) with G = k·log10(R) + 2αR dB, where R = c·n/(2·fs) is the one-way range in metres (clamped
/// below at <see cref="MinRange"/> so the first samples are not amplified by log10 of ~0), k the spreading
/// coefficient (20 for volume backscatter, 30 or 40 for point targets: 40·log10 R is two-way spherical spreading)
/// and α the absorption in dB/m. The table is computed once in double and applied as float32 with
/// TensorPrimitives (vectorised, no allocation).
/// </summary>
public sealed class TimeVaryingGain
{
    private readonly float[] _gain;

    /// <summary>Creates the gain table.</summary>
    /// <param name="sampleCount">Samples per ping, &gt;= 1.</param>
    /// <param name="sampleRate">Sample rate in Hz, &gt; 0.</param>
    /// <param name="soundSpeed">Sound speed in m/s, &gt; 0 (for example from <see cref="SoundSpeed.Mackenzie1981"/>).</param>
    /// <param name="absorptionDbPerKm">Absorption in dB/km, &gt;= 0 (for example from
    /// <see cref="Absorption.FrancoisGarrison"/>).</param>
    /// <param name="spreading">Spreading coefficient k in k·log10(R): 20, 30 or 40 usually; &gt;= 0.</param>
    /// <param name="minRange">Smallest range used in the formula, metres, &gt; 0.</param>
    public TimeVaryingGain(int sampleCount, double sampleRate, double soundSpeed, double absorptionDbPerKm,
        double spreading = 20.0, double minRange = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 1);
        CheckPositive(sampleRate, nameof(sampleRate));
        CheckPositive(soundSpeed, nameof(soundSpeed));
        CheckPositive(minRange, nameof(minRange));
        CheckNonNegative(absorptionDbPerKm, nameof(absorptionDbPerKm));
        CheckNonNegative(spreading, nameof(spreading));
        SampleRate = sampleRate;
        SoundSpeed = soundSpeed;
        AbsorptionDbPerKm = absorptionDbPerKm;
        Spreading = spreading;
        MinRange = minRange;
        _gain = new float[sampleCount];
        for (var n = 0; n < sampleCount; n++)
        {
            var r = Math.Max(Range(n, sampleRate, soundSpeed), minRange);
            _gain[n] = (float)Math.Pow(10.0, GainDb(r, spreading, absorptionDbPerKm) / 20.0);
        }
    }

    /// <summary>Samples per ping (length of the gain table).</summary>
    public int SampleCount => _gain.Length;

    /// <summary>Sample rate in Hz.</summary>
    public double SampleRate { get; }

    /// <summary>Sound speed in m/s.</summary>
    public double SoundSpeed { get; }

    /// <summary>Absorption in dB/km.</summary>
    public double AbsorptionDbPerKm { get; }

    /// <summary>Spreading coefficient k.</summary>
    public double Spreading { get; }

    /// <summary>Range clamp in metres.</summary>
    public double MinRange { get; }

    /// <summary>The linear amplitude factors, one per sample.</summary>
    public ReadOnlySpan<float> Gains => _gain;

    /// <summary>One-way range in metres of sample <paramref name="sample"/>: c·(n/fs)/2.</summary>
    public static double Range(int sample, double sampleRate, double soundSpeed) =>
        soundSpeed * (sample / sampleRate) / 2.0;

    /// <summary>Gain in dB at one-way range <paramref name="rangeM"/>: k·log10(R) + 2·(α/1000)·R.</summary>
    public static double GainDb(double rangeM, double spreading, double absorptionDbPerKm) =>
        spreading * Math.Log10(rangeM) + 2.0 * (absorptionDbPerKm / 1000.0) * rangeM;

    /// <summary>Applies the gain to a ping in place. The ping may be shorter than <see cref="SampleCount"/>.</summary>
    public void Process(Span<float> ping) => Process(ping, ping);

    /// <summary>Writes input·gain to <paramref name="output"/> (which may be the input span).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length > _gain.Length)
        {
            throw new ArgumentException($"ping has {input.Length} samples, more than SampleCount {_gain.Length}", nameof(input));
        }
        if (output.Length < input.Length)
        {
            throw new ArgumentException("output is shorter than input", nameof(output));
        }
        TensorPrimitives.Multiply(input, _gain.AsSpan(0, input.Length), output[..input.Length]);
    }

    private static void CheckPositive(double value, string name)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0");
        }
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and >= 0");
        }
    }
}
