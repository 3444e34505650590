namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// Settings of <see cref="SlurryLinePipeline"/>. The riser's real diameter, flow and pump figures are not public
/// (docs/domain.md#slurry-line): every default below is a stated assumption to be replaced by the line's data sheet.
/// </summary>
public sealed record SlurryLineSettings
{
    /// <summary>Standard gravity, m/s².</summary>
    public const double Gravity = 9.80665;

    /// <summary>Inner pipe diameter at the flow meter, m (the example 0.20 m of docs/domain.md#slurry-line).</summary>
    public double PipeDiameterM { get; init; } = 0.20;

    /// <summary>Density of the carrier seawater, kg/m³: 1,028 is seawater at about 1.5 °C and salinity 34.7 at
    /// atmospheric pressure (UNESCO EOS-80 gives 1,027.8). In situ at 58 MPa it is about 2.5 % higher; the
    /// densitometers' water reading is the value to calibrate this to.</summary>
    public double WaterDensityKgM3 { get; init; } = 1028.0;

    /// <summary>Density of the mud's solid particles, kg/m³. ASSUMPTION: 2,600, typical grain density of pelagic
    /// clay with zeolite and apatite (fish-debris) grains; the mud's measured grain density replaces it.</summary>
    public double SolidsDensityKgM3 { get; init; } = 2600.0;

    /// <summary>Durand's coefficient F_L in V_D = F_L·√(2·g·D·(s − 1)) (Durand and Condolios 1952; Durand 1953,
    /// "Basic relationships of the transportation of solids in pipes", Proc. Minnesota Int. Hydraulics Conv.).
    /// Durand's chart runs from about 0.4 (0.1 mm sand, low Cv) to 1.35 (coarse sand, Cv 15 %). ASSUMPTION: 0.25
    /// for this clay-dominated mud (median grain a few µm, friable aggregates up to 4 mm), extrapolated below the
    /// chart; it gives V_D ≈ 0.61 m/s in a 0.20 m pipe, below the ≈ 0.97 m/s of the 110 m³/h operating point.</summary>
    public double DurandFL { get; init; } = 0.25;

    /// <summary>The sensor table (default <see cref="DefaultSensors"/>).</summary>
    public IReadOnlyList<SlurrySensorSpec> Sensors { get; init; } = DefaultSensors;

    /// <summary>Hampel despiking half window in samples at each sensor's own rate (window 2k+1; Pearson 2002).</summary>
    public int HampelHalfWindow { get; init; } = 5;

    /// <summary>Hampel threshold in robust standard deviations.</summary>
    public double HampelSigmas { get; init; } = 3.0;

    /// <summary>Low-pass cutoff of each sensor's Butterworth smoothing filter, Hz (clipped to 0.4 × the sensor's
    /// rate). 2 Hz keeps the ship-heave band (0.08–0.125 Hz) visible in the displayed pressures.</summary>
    public double LowPassCutoffHz { get; init; } = 2.0;

    /// <summary>Order of that Butterworth filter (1–8).</summary>
    public int LowPassOrder { get; init; } = 2;

    /// <summary>A sensor silent for more than this many of its nominal periods is in dropout.</summary>
    public double DropoutPeriods { get; init; } = 10.0;

    /// <summary>How long a sensor must read good values before an out-of-range or NaN fault clears, s.</summary>
    public double FaultClearS { get; init; } = 1.0;

    /// <summary>Lag of the gamma densitometer behind the flow, s (its counting time constant plus the transport
    /// distance between meters; estimate it with <see cref="SlurryLineDesign.EstimateLagSeconds"/>).</summary>
    public double GammaLagS { get; init; } = 3.0;

    /// <summary>Largest lag the alignment buffer holds, s.</summary>
    public double MaxLagS { get; init; } = 10.0;

    /// <summary>Which densitometer feeds the derived values.</summary>
    public SlurryDensitySource DensitySource { get; init; } = SlurryDensitySource.PreferUltrasonic;

    /// <summary>Offset of the operating day from UTC: "today" starts at local midnight. Default +9 h (JST, the
    /// operator's clock).</summary>
    public TimeSpan DayStartUtcOffset { get; init; } = TimeSpan.FromHours(9);

    /// <summary>Daily target, t (docs/domain.md#daily-target: up to 350 t of mud per day; compared with dry solids and
    /// with the wet mixture alike because which one is meant is not public).</summary>
    public double DailyTargetTonnes { get; init; } = 350.0;

    /// <summary>Flow is integrated across a gap in the flow meter's readings for at most this long, s; longer gaps
    /// are counted as unmeasured time.</summary>
    public double MaxHoldS { get; init; } = 10.0;

    /// <summary>Vertical span of the differential-pressure cell, m: the mixture's excess hydrostatic head
    /// (ρm − ρw)·g·span is removed from its reading so that density changes at mining start and stop do not look
    /// like friction.</summary>
    public double DifferentialSpanM { get; init; } = 100.0;

    /// <summary>Cutoff of the clog detector's trend filters, Hz (2nd-order Butterworth on 1-s means). 0.02 Hz
    /// attenuates ship heave (8–12 s period) by about 28 dB; group delay ≈ 11 s.</summary>
    public double ClogTrendCutoffHz { get; init; } = 0.02;

    /// <summary>Raise when the trend velocity is below this multiple of the deposition velocity.</summary>
    public double ClogRaiseVelocityRatio { get; init; } = 1.3;

    /// <summary>Clear when the trend velocity is back above this multiple (hysteresis; above the raise ratio).</summary>
    public double ClogClearVelocityRatio { get; init; } = 1.4;

    /// <summary>"Velocity falling": the trend velocity must be at least this fraction below its maximum over the
    /// look-back window (a start-up, where velocity rises, never qualifies).</summary>
    public double ClogVelocityDropFraction { get; init; } = 0.05;

    /// <summary>"Pressure rising": the frictional pressure difference must be at least this much above its
    /// minimum over the look-back window, kPa (a pump shutdown, where it falls, never qualifies).</summary>
    public double ClogPressureRiseKPa { get; init; } = 20.0;

    /// <summary>Look-back window of the falling/rising tests, s.</summary>
    public double ClogWindowS { get; init; } = 300.0;

    /// <summary>All raise conditions must hold this long before the warning is raised, s.</summary>
    public double ClogRaiseDwellS { get; init; } = 5.0;

    /// <summary>The clear condition must hold this long before the warning clears, s.</summary>
    public double ClogClearDwellS { get; init; } = 10.0;

    /// <summary>The default table: ids 0–7 in <see cref="SlurrySensorKind"/> order. Rates within the
    /// 10–100 Hz of docs/domain.md#sensor-streams; ranges are the transmitters' spans (EM meters read both
    /// directions).</summary>
    public static IReadOnlyList<SlurrySensorSpec> DefaultSensors { get; } =
    [
        new(0, SlurrySensorKind.FlowVelocity, 100.0, -2.0, 8.0),
        new(1, SlurrySensorKind.DensityGamma, 10.0, 900.0, 2200.0, 5.0),
        new(2, SlurrySensorKind.DensityUltrasonic, 50.0, 900.0, 2200.0),
        new(3, SlurrySensorKind.PressureBottom, 50.0, 0.0, 70000.0),
        new(4, SlurrySensorKind.PressureTop, 50.0, 0.0, 5000.0),
        new(5, SlurrySensorKind.DifferentialPressure, 50.0, -500.0, 3000.0),
        new(6, SlurrySensorKind.PumpSpeed, 20.0, 0.0, 3000.0, 0.0),
        new(7, SlurrySensorKind.PumpCurrent, 20.0, 0.0, 1000.0),
    ];

    /// <summary>Checks every setting; the pipeline calls it when it is built.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        static void Require(bool ok, string name, string message)
        {
            if (!ok)
            {
                throw new ArgumentException($"{name}: {message}", name);
            }
        }
        static bool Positive(double x) => x > 0 && double.IsFinite(x);
        static bool NonNegative(double x) => x >= 0 && double.IsFinite(x);

        Require(Positive(PipeDiameterM), nameof(PipeDiameterM), "must be positive and finite.");
        Require(Positive(WaterDensityKgM3), nameof(WaterDensityKgM3), "must be positive and finite.");
        Require(Positive(SolidsDensityKgM3) && SolidsDensityKgM3 > WaterDensityKgM3,
            nameof(SolidsDensityKgM3), "must be finite and above the water density.");
        Require(Positive(DurandFL), nameof(DurandFL), "must be positive and finite.");
        Require(Sensors is { Count: > 0 }, nameof(Sensors), "the sensor table must not be empty.");
        var kinds = 0;
        for (var i = 0; i < Sensors.Count; i++)
        {
            var spec = Sensors[i];
            Require(spec is not null, nameof(Sensors), $"entry {i} is null.");
            Require((uint)spec!.Kind < SlurryLinePipeline.KindCount, nameof(Sensors), $"entry {i} has an unknown kind.");
            Require((kinds & (1 << (int)spec.Kind)) == 0, nameof(Sensors), $"kind {spec.Kind} appears twice.");
            kinds |= 1 << (int)spec.Kind;
            for (var j = 0; j < i; j++)
            {
                Require(Sensors[j].Id != spec.Id, nameof(Sensors), $"id {spec.Id} appears twice.");
            }
            Require(Positive(spec.RateHz), nameof(Sensors), $"sensor {spec.Id} needs a positive rate.");
            Require(double.IsFinite(spec.MinValue) && double.IsFinite(spec.MaxValue) && spec.MinValue < spec.MaxValue,
                nameof(Sensors), $"sensor {spec.Id} needs a finite range with min < max.");
            Require(NonNegative(spec.StuckWindowS), nameof(Sensors), $"sensor {spec.Id} needs a stuck window >= 0.");
        }
        Require((kinds & 1) != 0, nameof(Sensors), "the table needs a FlowVelocity sensor.");
        Require(HampelHalfWindow is >= 1 and <= 1000, nameof(HampelHalfWindow), "must be 1..1000.");
        Require(NonNegative(HampelSigmas), nameof(HampelSigmas), "must be finite and >= 0.");
        Require(Positive(LowPassCutoffHz), nameof(LowPassCutoffHz), "must be positive and finite.");
        Require(LowPassOrder is >= 1 and <= 8, nameof(LowPassOrder), "must be 1..8.");
        Require(Positive(DropoutPeriods), nameof(DropoutPeriods), "must be positive and finite.");
        Require(NonNegative(FaultClearS), nameof(FaultClearS), "must be finite and >= 0.");
        Require(MaxLagS is >= 0 and <= 120, nameof(MaxLagS), "must be 0..120 ");
        Require(NonNegative(GammaLagS) && GammaLagS <= MaxLagS, nameof(GammaLagS), "must be 0..MaxLagS.");
        Require(Positive(DailyTargetTonnes), nameof(DailyTargetTonnes), "must be positive and finite.");
        Require(MaxHoldS is >= 0 and <= 600, nameof(MaxHoldS), "must be 0..600 ");
        Require(DayStartUtcOffset > TimeSpan.FromHours(-24) && DayStartUtcOffset < TimeSpan.FromHours(24),
            nameof(DayStartUtcOffset), "must lie within ±24 h.");
        Require(NonNegative(DifferentialSpanM), nameof(DifferentialSpanM), "must be finite and >= 0.");
        Require(ClogTrendCutoffHz is > 0 and < 0.5, nameof(ClogTrendCutoffHz), "must be in (0, 0.5) Hz.");
        Require(Positive(ClogRaiseVelocityRatio), nameof(ClogRaiseVelocityRatio), "must be positive.");
        Require(double.IsFinite(ClogClearVelocityRatio) && ClogClearVelocityRatio >= ClogRaiseVelocityRatio,
            nameof(ClogClearVelocityRatio), "must be finite and >= ClogRaiseVelocityRatio.");
        Require(ClogVelocityDropFraction is >= 0 and < 1, nameof(ClogVelocityDropFraction), "must be in [0, 1).");
        Require(NonNegative(ClogPressureRiseKPa), nameof(ClogPressureRiseKPa), "must be finite and >= 0.");
        Require(ClogWindowS is >= 2 and <= 86_400, nameof(ClogWindowS), "must be 2..86,400 ");
        Require(ClogRaiseDwellS is >= 0 and <= 3600, nameof(ClogRaiseDwellS), "must be 0..3,600 ");
        Require(ClogClearDwellS is >= 0 and <= 3600, nameof(ClogClearDwellS), "must be 0..3,600 ");
    }
}
