using RovDsp.Dsp.Pipelines.Echosounder;

namespace RovDsp.Replay.Simulation.Echosounder;

/// <summary>One simulated ping and the truth behind it.</summary>
/// <param name="Ping">What the sensor delivers.</param>
/// <param name="TimeS">Dive time of the ping, seconds.</param>
/// <param name="TrueAltitudeM">True altitude of the transducer above the seabed at the ping, metres.</param>
/// <param name="PlumeHeightM">Height of the mud plume above the seabed, metres (0 when there is none).</param>
/// <param name="HasSecondEcho">Whether the ping carries the second bottom echo at twice the altitude.</param>
/// <param name="FalseLayerRangeM">Range of a false layer's near edge, metres; NaN when there is none.</param>
public sealed record SimulatedEchosounderPing(
    EchosounderPing Ping, double TimeS, double TrueAltitudeM, double PlumeHeightM, bool HasSecondEcho,
    double FalseLayerRangeM);
