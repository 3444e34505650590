using RovDsp.Dsp.Formats.Ping;

namespace RovDsp.Dsp.Pipelines.ScanningSonar;

/// <summary>
/// One step of a mechanically scanned sonar (Ping360-class): one transmission at one head angle and the echo
/// intensities along that beam. The fields are those of Ping360's <c>device_data</c> message (id 2300, see
/// <see cref="Ping360DeviceData"/>): angle in gradians (400 per turn), sample period in 25 ns ticks, transmit
/// frequency in kHz, gain setting, transmit duration in µs and 8-bit intensities nearest first. A reusable
/// buffer: allocate one for the largest step and refill it per message.
/// </summary>
public sealed class ScanningSonarStep
{
    /// <summary>Duration of one sample-period tick, seconds (Ping360: 25 ns).</summary>
    public const double TickS = 25e-9;

    /// <summary>Allocates a step holding up to <paramref name="capacity"/> samples.</summary>
    /// <param name="capacity">Most samples, &gt;= 1 (Ping360: 1200).</param>
    public ScanningSonarStep(int capacity = 1200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Intensities = new byte[capacity];
    }

    /// <summary>Acquisition time and sequence number.</summary>
    public MessageStamp Stamp { get; set; }

    /// <summary>Head angle in gradians, 0–399 (0 = the sonar's forward mark, increasing clockwise seen from above).</summary>
    public ushort AngleGrads { get; set; }

    /// <summary>Time between samples in 25 ns ticks (Ping360: 80–40000, i.e. 2–1000 µs).</summary>
    public ushort SamplePeriodTicks { get; set; }

    /// <summary>Valid samples in <see cref="Intensities"/> (Ping360: 200–1200).</summary>
    public int SampleCount { get; set; }

    /// <summary>Transmit frequency in kHz (Ping360: 500–1000, practically 650–850).</summary>
    public ushort TransmitFrequencyKHz { get; set; }

    /// <summary>Analogue gain setting (Ping360: 0 low, 1 normal, 2 high).</summary>
    public byte GainSetting { get; set; }

    /// <summary>Transmit pulse duration in µs.</summary>
    public ushort TransmitDurationUs { get; set; }

    /// <summary>Echo intensities, nearest first; the first <see cref="SampleCount"/> are valid.</summary>
    public byte[] Intensities { get; }

    /// <summary>Sample period in seconds.</summary>
    public double SamplePeriodS => SamplePeriodTicks * TickS;

    /// <summary>
    /// Range of sample <paramref name="index"/>' centre, metres: c·T·(i + 0.5)/2, taking sample i to integrate the
    /// echo over the period [i·T, (i+1)·T) after transmission.
    /// </summary>
    /// <param name="index">Sample index.</param>
    /// <param name="soundSpeedMps">Sound speed, m/s.</param>
    public double RangeOfSample(int index, double soundSpeedMps) => soundSpeedMps * SamplePeriodS * (index + 0.5) / 2.0;

    /// <summary>Range covered by the step, metres: c·T·N/2 (the far edge of the last sample).</summary>
    /// <param name="soundSpeedMps">Sound speed, m/s.</param>
    public double RangeM(double soundSpeedMps) => soundSpeedMps * SamplePeriodS * SampleCount / 2.0;

    /// <summary>
    /// Fills the step from a decoded Ping360 <c>device_data</c> message. The data array's own length is
    /// authoritative (number_of_samples may disagree with it in a truncated or mis-set message).
    /// </summary>
    /// <param name="message">The decoded message.</param>
    /// <param name="stamp">Its acquisition stamp (the Ping protocol carries no time).</param>
    /// <returns>False (step untouched) when the data is empty or longer than the capacity.</returns>
    public bool TryCopyFrom(in Ping360DeviceData message, MessageStamp stamp)
    {
        var data = message.Data;
        if (data.IsEmpty || data.Length > Intensities.Length)
        {
            return false;
        }
        data.CopyTo(Intensities);
        SampleCount = data.Length;
        Stamp = stamp;
        AngleGrads = message.Angle;
        SamplePeriodTicks = message.SamplePeriod;
        TransmitFrequencyKHz = message.TransmitFrequency;
        GainSetting = message.GainSetting;
        TransmitDurationUs = message.TransmitDuration;
        return true;
    }
}
