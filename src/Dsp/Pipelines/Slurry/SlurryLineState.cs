namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// What <see cref="SlurryLinePipeline"/> knows after a sample. Raw channels (velocity, densities, pressures,
/// pump) are the latest conditioned readings; the derived flows and the day's totals refer to
/// <see cref="TonnesAsOfNs"/>, the instant where every sensor is known (flow delayed to meet the lagging
/// densitometer).
/// </summary>
public struct SlurryLineState
{
    /// <summary>Stamp of the sample that produced this state.</summary>
    public MessageStamp Stamp { get; internal set; }

    /// <summary>Latest conditioned flow velocity, m/s; NaN before the flow meter's first conditioned reading.</summary>
    public float VelocityMps { get; internal set; }

    /// <summary>Volumetric flow Q = v·π·D²/4 at <see cref="TonnesAsOfNs"/>, m³/h; NaN (with the mass flows) while no
    /// flow reading is held (none yet, or none for MaxHoldS): unknown, never zero.</summary>
    public float FlowM3PerHour { get; internal set; }

    /// <summary>Mixture density used at <see cref="TonnesAsOfNs"/>, kg/m³.</summary>
    public float MixtureDensityKgM3 { get; internal set; }

    /// <summary>Which densitometer supplied <see cref="MixtureDensityKgM3"/> (None: held value).</summary>
    public SlurryDensitySource DensitySource { get; internal set; }

    /// <summary>Volumetric solids concentration Cv = (ρm − ρw)/(ρs − ρw).</summary>
    public float VolumetricConcentration { get; internal set; }

    /// <summary>Mixture mass flow ρm·Q, t/h.</summary>
    public float MixtureMassFlowTph { get; internal set; }

    /// <summary>Dry-solids mass flow ρs·Cv·Q, t/h.</summary>
    public float DrySolidsTph { get; internal set; }

    /// <summary>Dry solids lifted since the start of the operating day, t.</summary>
    public double DryTonnesToday { get; internal set; }

    /// <summary>Wet mixture (slurry) lifted since the start of the operating day, t.</summary>
    public double WetTonnesToday { get; internal set; }

    /// <summary>The instant up to which the totals are integrated, ns since the Unix epoch.</summary>
    public long TonnesAsOfNs { get; internal set; }

    /// <summary>Seconds today the flow could not be measured (flow meter silent past the hold limit).</summary>
    public double UnmeasuredSecondsToday { get; internal set; }

    /// <summary><see cref="DryTonnesToday"/> over the daily target.</summary>
    public float DryProgress { get; internal set; }

    /// <summary><see cref="WetTonnesToday"/> over the daily target.</summary>
    public float WetProgress { get; internal set; }

    /// <summary>Dry tonnes expected by the day's end at today's mean rate since counting began, t.</summary>
    public double ProjectedDryTonnesEndOfDay { get; internal set; }

    /// <summary>Wet tonnes expected by the day's end at today's mean rate, t.</summary>
    public double ProjectedWetTonnesEndOfDay { get; internal set; }

    /// <summary>Latest conditioned gamma density, kg/m³ (lagging).</summary>
    public float DensityGammaKgM3 { get; internal set; }

    /// <summary>Latest conditioned ultrasonic density, kg/m³.</summary>
    public float DensityUltrasonicKgM3 { get; internal set; }

    /// <summary>Latest conditioned riser-bottom pressure, kPa.</summary>
    public float PressureBottomKPa { get; internal set; }

    /// <summary>Latest conditioned riser-top pressure, kPa.</summary>
    public float PressureTopKPa { get; internal set; }

    /// <summary>Latest conditioned differential pressure, kPa.</summary>
    public float DifferentialPressureKPa { get; internal set; }

    /// <summary>Differential pressure less the mixture's excess hydrostatic head over the cell's span, kPa.</summary>
    public float FrictionalPressureKPa { get; internal set; }

    /// <summary>Latest conditioned pump speed, rpm.</summary>
    public float PumpSpeedRpm { get; internal set; }

    /// <summary>Latest conditioned pump current, A.</summary>
    public float PumpCurrentA { get; internal set; }

    /// <summary>Durand deposition velocity for the settings, m/s.</summary>
    public float DepositionVelocityMps { get; internal set; }

    /// <summary>Clog detector's heave-free velocity trend, m/s.</summary>
    public float TrendVelocityMps { get; internal set; }

    /// <summary>Clog detector's heave-free frictional pressure trend, kPa.</summary>
    public float TrendFrictionalPressureKPa { get; internal set; }

    /// <summary>Whether the clog/settling warning is raised.</summary>
    public bool ClogWarning { get; internal set; }

    /// <summary>The warning's stage.</summary>
    public ClogStage ClogStage { get; internal set; }

    /// <summary>0 when clear; while warning, 0–1 from the raise threshold down to the deposition velocity.</summary>
    public float ClogLevel { get; internal set; }

    /// <summary>Whether the clog detector had valid inputs at its last tick.</summary>
    public bool ClogDetectorValid { get; internal set; }

    /// <summary>Fault flags per sensor kind.</summary>
    public SlurrySensorHealth Health { get; internal set; }

    /// <summary>Whether any sensor is faulted.</summary>
    public readonly bool AnySensorFault => Health.AnyFault;
}
