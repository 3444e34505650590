namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>What a slurry-line sensor measures (one sensor of each kind in a <see cref="SlurryLineSettings"/> table).</summary>
public enum SlurrySensorKind : byte
{
    /// <summary>Mean axial velocity from an electromagnetic flow meter, m/s (spikes when particles strike the electrodes).</summary>
    FlowVelocity = 0,

    /// <summary>Mixture density from a gamma densitometer, kg/m³ (integrates over seconds, so it lags the flow).</summary>
    DensityGamma = 1,

    /// <summary>Mixture density from an ultrasonic gauge, kg/m³ (no appreciable lag).</summary>
    DensityUltrasonic = 2,

    /// <summary>Pressure at the riser's bottom (pump discharge), kPa absolute.</summary>
    PressureBottom = 3,

    /// <summary>Pressure at the riser's top, kPa absolute.</summary>
    PressureTop = 4,

    /// <summary>Differential pressure across the instrumented riser span, kPa (net of the seawater column: the
    /// transducer's impulse lines are seawater-filled).</summary>
    DifferentialPressure = 5,

    /// <summary>Lift pump speed, rpm.</summary>
    PumpSpeed = 6,

    /// <summary>Lift pump motor current, A.</summary>
    PumpCurrent = 7,
}
