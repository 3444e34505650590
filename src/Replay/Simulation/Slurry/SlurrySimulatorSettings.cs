using RovDsp.Dsp.Pipelines.Slurry;

namespace RovDsp.Replay.Simulation.Slurry;

/// <summary>
/// Settings of <see cref="SlurrySimulator"/>: the line's operating point, the pump and riser behaviour, and each
/// sensor's imperfections. Defaults follow docs/domain.md#daily-target (350 t/day of dry solids at Cv ≈ 5 % in a 0.20 m
/// pipe, about 110 m³/h); the rest are stated assumptions.
/// </summary>
public sealed record SlurrySimulatorSettings
{
    /// <summary>The sensor table (ids, rates); the pipeline's default table.</summary>
    public IReadOnlyList<SlurrySensorSpec> Sensors { get; init; } = SlurryLineSettings.DefaultSensors;

    /// <summary>Inner pipe diameter, m.</summary>
    public double PipeDiameterM { get; init; } = 0.20;

    /// <summary>Seawater density, kg/m³.</summary>
    public double WaterDensityKgM3 { get; init; } = 1028.0;

    /// <summary>Grain density of the solids, kg/m³.</summary>
    public double SolidsDensityKgM3 { get; init; } = 2600.0;

    /// <summary>Dry solids lifted per day of continuous mining, t (sets the flow with <see cref="MiningCv"/>).</summary>
    public double DryTonnesPerDay { get; init; } = 350.0;

    /// <summary>Volumetric solids concentration while mining.</summary>
    public double MiningCv { get; init; } = 0.05;

    /// <summary>When the lift pump starts, s into the dive (before the first mining start at 30 s).</summary>
    public double PumpStartS { get; init; } = 5.0;

    /// <summary>Pump spin-up time constant, s.</summary>
    public double PumpSpinUpS { get; init; } = 8.0;

    /// <summary>Pump running speed, rpm.</summary>
    public double PumpSpeedRpm { get; init; } = 900.0;

    /// <summary>Pump current at the operating point, A.</summary>
    public double PumpCurrentA { get; init; } = 300.0;

    /// <summary>Time constant of the concentration at the meters following the collector on or off, s.</summary>
    public double ConcentrationTimeConstantS { get; init; } = 15.0;

    /// <summary>Velocity surge at each mining start, as a fraction of the running velocity (damped oscillation).</summary>
    public double SurgeVelocityFraction { get; init; } = 0.06;

    /// <summary>Pressure surge amplitude at each mining start, kPa.</summary>
    public double SurgePressureKPa { get; init; } = 40.0;

    /// <summary>Decay time constant of a surge, s.</summary>
    public double SurgeDecayS { get; init; } = 10.0;

    /// <summary>Oscillation period of a surge, s.</summary>
    public double SurgePeriodS { get; init; } = 25.0;

    /// <summary>Shortest ship-heave period, s (the heave spectrum peaks at 8–12 s).</summary>
    public double HeavePeriodMinS { get; init; } = 8.0;

    /// <summary>Longest ship-heave period, s.</summary>
    public double HeavePeriodMaxS { get; init; } = 12.0;

    /// <summary>Heave amplitude on the differential pressure, kPa.</summary>
    public double HeaveDifferentialKPa { get; init; } = 12.0;

    /// <summary>Heave amplitude on the riser-top pressure, kPa.</summary>
    public double HeaveTopKPa { get; init; } = 25.0;

    /// <summary>Heave amplitude on the riser-bottom pressure, kPa.</summary>
    public double HeaveBottomKPa { get; init; } = 8.0;

    /// <summary>Heave amplitude on the velocity, m/s.</summary>
    public double HeaveVelocityMps { get; init; } = 0.01;

    /// <summary>Frictional part of the differential pressure at the operating point, kPa.</summary>
    public double FrictionalKPa { get; init; } = 150.0;

    /// <summary>How strongly a restriction raises it: × (1 + gain·(1 − (1 − r)²)), the pump climbing its curve.</summary>
    public double ClogPressureGain { get; init; } = 1.0;

    /// <summary>Vertical span of the differential-pressure cell, m.</summary>
    public double DifferentialSpanM { get; init; } = 100.0;

    /// <summary>Depth of the riser's foot, m (sets the bottom pressure).</summary>
    public double RiserFootDepthM { get; init; } = 5700.0;

    /// <summary>Pump head added at the riser's foot at running speed, kPa.</summary>
    public double PumpHeadKPa { get; init; } = 1500.0;

    /// <summary>Riser-top back pressure at running speed, kPa.</summary>
    public double TopPressureKPa { get; init; } = 400.0;

    /// <summary>EM flow meter noise, m/s (1 σ).</summary>
    public double FlowNoiseMps { get; init; } = 0.01;

    /// <summary>Probability per EM reading of a particle-strike spike.</summary>
    public double FlowSpikeProbability { get; init; } = 0.002;

    /// <summary>Smallest spike magnitude, m/s.</summary>
    public double FlowSpikeMinMps { get; init; } = 0.5;

    /// <summary>Largest spike magnitude, m/s.</summary>
    public double FlowSpikeMaxMps { get; init; } = 2.5;

    /// <summary>Gamma densitometer noise, kg/m³ (counting statistics).</summary>
    public double GammaNoiseKgM3 { get; init; } = 3.0;

    /// <summary>Transport delay of the gamma gauge behind the flow meter, s.</summary>
    public double GammaDelayS { get; init; } = 2.5;

    /// <summary>Gamma counting time constant, s (adds its value to the lag of a ramp: 2.5 + 0.5 = 3 s).</summary>
    public double GammaTimeConstantS { get; init; } = 0.5;

    /// <summary>Ultrasonic density noise, kg/m³.</summary>
    public double UltrasonicNoiseKgM3 { get; init; } = 2.0;

    /// <summary>Riser-bottom pressure noise, kPa.</summary>
    public double BottomNoiseKPa { get; init; } = 5.0;

    /// <summary>Riser-top pressure noise, kPa.</summary>
    public double TopNoiseKPa { get; init; } = 2.0;

    /// <summary>Differential pressure noise, kPa.</summary>
    public double DifferentialNoiseKPa { get; init; } = 1.0;

    /// <summary>Pump current noise, A.</summary>
    public double CurrentNoiseA { get; init; } = 1.0;

    /// <summary>Mean time between dropouts of each sensor, s.</summary>
    public double MeanDropoutIntervalS { get; init; } = 180.0;

    /// <summary>Shortest dropout, s.</summary>
    public double DropoutMinS { get; init; } = 0.2;

    /// <summary>Longest dropout, s.</summary>
    public double DropoutMaxS { get; init; } = 1.5;

    /// <summary>Which sensor sticks in the Clog scenario: the ultrasonic densitometer, so the pipeline must fall
    /// back to the lag-aligned gamma gauge while the clog builds.</summary>
    public SlurrySensorKind StuckSensor { get; init; } = SlurrySensorKind.DensityUltrasonic;

    /// <summary>When it sticks, as a fraction of the dive (0.2: before the clog's onset at 0.35).</summary>
    public double StuckStartFraction { get; init; } = 0.2;

    /// <summary>How long it stays stuck, as a fraction of the dive.</summary>
    public double StuckDurationFraction { get; init; } = 0.1;

    /// <summary>Mixture density while mining, kg/m³.</summary>
    public double MiningDensityKgM3 => WaterDensityKgM3 + MiningCv * (SolidsDensityKgM3 - WaterDensityKgM3);

    /// <summary>Running velocity that lifts <see cref="DryTonnesPerDay"/> at <see cref="MiningCv"/>, m/s
    /// (Q = dry / (ρs·Cv) ≈ 112 m³/h, v = Q/(π·D²/4) ≈ 0.99 m/s).</summary>
    public double RunningVelocityMps =>
        DryTonnesPerDay * 1000.0 / 86_400.0 / (SolidsDensityKgM3 * MiningCv) / (Math.PI * PipeDiameterM * PipeDiameterM / 4.0);
}
