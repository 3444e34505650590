using System.Numerics;

namespace RovDsp.Dsp.Design;

/// <summary>
/// A transfer function as zeros, poles and gain, in the element order scipy's functions produce (the order
/// matters: it decides ties in the SOS pairing).
/// </summary>
/// <param name="Zeros">The zeros.</param>
/// <param name="Poles">The poles.</param>
/// <param name="Gain">The overall gain k.</param>
internal sealed record Zpk(Complex[] Zeros, Complex[] Poles, double Gain);
