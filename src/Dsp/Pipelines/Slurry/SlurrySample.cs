namespace RovDsp.Dsp.Pipelines.Slurry;

/// <summary>
/// One reading of one slurry-line sensor, as it arrives on the wire: the sensors are interleaved, each at its own
/// rate (10–100 Hz). Fixed fields only, so a wire encoding is a 4+4+2+1+4 byte record.
/// </summary>
/// <param name="Stamp">Acquisition time and the sensor's own sequence number.</param>
/// <param name="SensorId">The sensor's id in the pipeline's sensor table.</param>
/// <param name="Kind">What the sensor measures (checked against the table).</param>
/// <param name="Value">The reading in the kind's unit (m/s, kg/m³, kPa, rpm, A).</param>
public readonly record struct SlurrySample(MessageStamp Stamp, ushort SensorId, SlurrySensorKind Kind, float Value);
