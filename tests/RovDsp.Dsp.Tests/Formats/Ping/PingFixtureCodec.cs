using RovDsp.Dsp.Formats.Ping;
using Xunit;

namespace RovDsp.Dsp.Tests.Formats.Ping;

/// <summary>
/// Maps fixture cases (tests/fixtures/gen_ping.py) to the message structs by name: field values are keyed by
/// the protocol's field names, so the expected bytes come from Python's struct packing, not from this code.
/// </summary>
internal static class PingFixtureCodec
{
    public static Dictionary<string, long> Decode(string kind, ReadOnlySpan<byte> payload, out byte[] array)
    {
        var fields = new Dictionary<string, long>();
        array = [];
        switch (kind)
        {
            case "PingAck":
            {
                Assert.True(PingAck.TryRead(payload, out var m));
                fields["acked_id"] = m.AckedId;
                break;
            }
            case "PingNack":
            {
                Assert.True(PingNack.TryRead(payload, out var m));
                fields["nacked_id"] = m.NackedId;
                array = m.NackMessage.ToArray();
                break;
            }
            case "PingAsciiText":
            {
                Assert.True(PingAsciiText.TryRead(payload, out var m));
                array = m.AsciiMessage.ToArray();
                break;
            }
            case "PingGeneralRequest":
            {
                Assert.True(PingGeneralRequest.TryRead(payload, out var m));
                fields["requested_id"] = m.RequestedId;
                break;
            }
            case "PingDeviceInformation":
            {
                Assert.True(PingDeviceInformation.TryRead(payload, out var m));
                fields["device_type"] = m.DeviceType;
                fields["device_revision"] = m.DeviceRevision;
                fields["firmware_version_major"] = m.FirmwareVersionMajor;
                fields["firmware_version_minor"] = m.FirmwareVersionMinor;
                fields["firmware_version_patch"] = m.FirmwareVersionPatch;
                fields["reserved"] = m.Reserved;
                break;
            }
            case "PingProtocolVersion":
            {
                Assert.True(PingProtocolVersion.TryRead(payload, out var m));
                fields["version_major"] = m.VersionMajor;
                fields["version_minor"] = m.VersionMinor;
                fields["version_patch"] = m.VersionPatch;
                fields["reserved"] = m.Reserved;
                break;
            }
            case "PingSetDeviceId":
            {
                Assert.True(PingSetDeviceId.TryRead(payload, out var m));
                fields["device_id"] = m.DeviceId;
                break;
            }
            case "Ping1DSetDeviceId":
            {
                Assert.True(Ping1DSetDeviceId.TryRead(payload, out var m));
                fields["device_id"] = m.DeviceId;
                break;
            }
            case "Ping1DSetRange":
            {
                Assert.True(Ping1DSetRange.TryRead(payload, out var m));
                fields["scan_start"] = m.ScanStart;
                fields["scan_length"] = m.ScanLength;
                break;
            }
            case "Ping1DSetSpeedOfSound":
            {
                Assert.True(Ping1DSetSpeedOfSound.TryRead(payload, out var m));
                fields["speed_of_sound"] = m.SpeedOfSound;
                break;
            }
            case "Ping1DSetModeAuto":
            {
                Assert.True(Ping1DSetModeAuto.TryRead(payload, out var m));
                fields["mode_auto"] = m.ModeAuto;
                break;
            }
            case "Ping1DSetPingInterval":
            {
                Assert.True(Ping1DSetPingInterval.TryRead(payload, out var m));
                fields["ping_interval"] = m.PingInterval;
                break;
            }
            case "Ping1DSetGainSetting":
            {
                Assert.True(Ping1DSetGainSetting.TryRead(payload, out var m));
                fields["gain_setting"] = m.GainSetting;
                break;
            }
            case "Ping1DSetPingEnable":
            {
                Assert.True(Ping1DSetPingEnable.TryRead(payload, out var m));
                fields["ping_enabled"] = m.PingEnabled;
                break;
            }
            case "Ping1DSetOssProfileConfiguration":
            {
                Assert.True(Ping1DSetOssProfileConfiguration.TryRead(payload, out var m));
                fields["number_of_points"] = m.NumberOfPoints;
                fields["normalization_enabled"] = m.NormalizationEnabled;
                fields["enhance_enabled"] = m.EnhanceEnabled;
                break;
            }
            case "Ping1DFirmwareVersion":
            {
                Assert.True(Ping1DFirmwareVersion.TryRead(payload, out var m));
                fields["device_type"] = m.DeviceType;
                fields["device_model"] = m.DeviceModel;
                fields["firmware_version_major"] = m.FirmwareVersionMajor;
                fields["firmware_version_minor"] = m.FirmwareVersionMinor;
                break;
            }
            case "Ping1DDeviceId":
            {
                Assert.True(Ping1DDeviceId.TryRead(payload, out var m));
                fields["device_id"] = m.DeviceId;
                break;
            }
            case "Ping1DVoltage5":
            {
                Assert.True(Ping1DVoltage5.TryRead(payload, out var m));
                fields["voltage_5"] = m.Voltage5;
                break;
            }
            case "Ping1DSpeedOfSound":
            {
                Assert.True(Ping1DSpeedOfSound.TryRead(payload, out var m));
                fields["speed_of_sound"] = m.SpeedOfSound;
                break;
            }
            case "Ping1DRange":
            {
                Assert.True(Ping1DRange.TryRead(payload, out var m));
                fields["scan_start"] = m.ScanStart;
                fields["scan_length"] = m.ScanLength;
                break;
            }
            case "Ping1DModeAuto":
            {
                Assert.True(Ping1DModeAuto.TryRead(payload, out var m));
                fields["mode_auto"] = m.ModeAuto;
                break;
            }
            case "Ping1DPingInterval":
            {
                Assert.True(Ping1DPingInterval.TryRead(payload, out var m));
                fields["ping_interval"] = m.PingInterval;
                break;
            }
            case "Ping1DGainSetting":
            {
                Assert.True(Ping1DGainSetting.TryRead(payload, out var m));
                fields["gain_setting"] = m.GainSetting;
                break;
            }
            case "Ping1DTransmitDuration":
            {
                Assert.True(Ping1DTransmitDuration.TryRead(payload, out var m));
                fields["transmit_duration"] = m.TransmitDuration;
                break;
            }
            case "Ping1DGeneralInfo":
            {
                Assert.True(Ping1DGeneralInfo.TryRead(payload, out var m));
                fields["firmware_version_major"] = m.FirmwareVersionMajor;
                fields["firmware_version_minor"] = m.FirmwareVersionMinor;
                fields["voltage_5"] = m.Voltage5;
                fields["ping_interval"] = m.PingInterval;
                fields["gain_setting"] = m.GainSetting;
                fields["mode_auto"] = m.ModeAuto;
                break;
            }
            case "Ping1DDistanceSimple":
            {
                Assert.True(Ping1DDistanceSimple.TryRead(payload, out var m));
                fields["distance"] = m.Distance;
                fields["confidence"] = m.Confidence;
                break;
            }
            case "Ping1DDistance":
            {
                Assert.True(Ping1DDistance.TryRead(payload, out var m));
                fields["distance"] = m.Distance;
                fields["confidence"] = m.Confidence;
                fields["transmit_duration"] = m.TransmitDuration;
                fields["ping_number"] = m.PingNumber;
                fields["scan_start"] = m.ScanStart;
                fields["scan_length"] = m.ScanLength;
                fields["gain_setting"] = m.GainSetting;
                break;
            }
            case "Ping1DProcessorTemperature":
            {
                Assert.True(Ping1DProcessorTemperature.TryRead(payload, out var m));
                fields["processor_temperature"] = m.ProcessorTemperature;
                break;
            }
            case "Ping1DPcbTemperature":
            {
                Assert.True(Ping1DPcbTemperature.TryRead(payload, out var m));
                fields["pcb_temperature"] = m.PcbTemperature;
                break;
            }
            case "Ping1DPingEnable":
            {
                Assert.True(Ping1DPingEnable.TryRead(payload, out var m));
                fields["ping_enabled"] = m.PingEnabled;
                break;
            }
            case "Ping1DProfile":
            {
                Assert.True(Ping1DProfile.TryRead(payload, out var m));
                fields["distance"] = m.Distance;
                fields["confidence"] = m.Confidence;
                fields["transmit_duration"] = m.TransmitDuration;
                fields["ping_number"] = m.PingNumber;
                fields["scan_start"] = m.ScanStart;
                fields["scan_length"] = m.ScanLength;
                fields["gain_setting"] = m.GainSetting;
                array = m.ProfileData.ToArray();
                break;
            }
            case "Ping1DOssProfileConfiguration":
            {
                Assert.True(Ping1DOssProfileConfiguration.TryRead(payload, out var m));
                fields["number_of_points"] = m.NumberOfPoints;
                fields["normalization_enabled"] = m.NormalizationEnabled;
                fields["enhance_enabled"] = m.EnhanceEnabled;
                break;
            }
            case "Ping1DGotoBootloader":
            {
                Assert.True(Ping1DGotoBootloader.TryRead(payload, out _));
                break;
            }
            case "Ping1DContinuousStart":
            {
                Assert.True(Ping1DContinuousStart.TryRead(payload, out var m));
                fields["id"] = m.Id;
                break;
            }
            case "Ping1DContinuousStop":
            {
                Assert.True(Ping1DContinuousStop.TryRead(payload, out var m));
                fields["id"] = m.Id;
                break;
            }
            case "Ping360SetDeviceId":
            {
                Assert.True(Ping360SetDeviceId.TryRead(payload, out var m));
                fields["id"] = m.Id;
                fields["reserved"] = m.Reserved;
                break;
            }
            case "Ping360DeviceData":
            {
                Assert.True(Ping360DeviceData.TryRead(payload, out var m));
                fields["mode"] = m.Mode;
                fields["gain_setting"] = m.GainSetting;
                fields["angle"] = m.Angle;
                fields["transmit_duration"] = m.TransmitDuration;
                fields["sample_period"] = m.SamplePeriod;
                fields["transmit_frequency"] = m.TransmitFrequency;
                fields["number_of_samples"] = m.NumberOfSamples;
                array = m.Data.ToArray();
                break;
            }
            case "Ping360AutoDeviceData":
            {
                Assert.True(Ping360AutoDeviceData.TryRead(payload, out var m));
                fields["mode"] = m.Mode;
                fields["gain_setting"] = m.GainSetting;
                fields["angle"] = m.Angle;
                fields["transmit_duration"] = m.TransmitDuration;
                fields["sample_period"] = m.SamplePeriod;
                fields["transmit_frequency"] = m.TransmitFrequency;
                fields["start_angle"] = m.StartAngle;
                fields["stop_angle"] = m.StopAngle;
                fields["num_steps"] = m.NumSteps;
                fields["delay"] = m.Delay;
                fields["number_of_samples"] = m.NumberOfSamples;
                array = m.Data.ToArray();
                break;
            }
            case "Ping360Reset":
            {
                Assert.True(Ping360Reset.TryRead(payload, out var m));
                fields["bootloader"] = m.Bootloader;
                fields["reserved"] = m.Reserved;
                break;
            }
            case "Ping360Transducer":
            {
                Assert.True(Ping360Transducer.TryRead(payload, out var m));
                fields["mode"] = m.Mode;
                fields["gain_setting"] = m.GainSetting;
                fields["angle"] = m.Angle;
                fields["transmit_duration"] = m.TransmitDuration;
                fields["sample_period"] = m.SamplePeriod;
                fields["transmit_frequency"] = m.TransmitFrequency;
                fields["number_of_samples"] = m.NumberOfSamples;
                fields["transmit"] = m.Transmit;
                fields["reserved"] = m.Reserved;
                break;
            }
            case "Ping360AutoTransmit":
            {
                Assert.True(Ping360AutoTransmit.TryRead(payload, out var m));
                fields["mode"] = m.Mode;
                fields["gain_setting"] = m.GainSetting;
                fields["transmit_duration"] = m.TransmitDuration;
                fields["sample_period"] = m.SamplePeriod;
                fields["transmit_frequency"] = m.TransmitFrequency;
                fields["number_of_samples"] = m.NumberOfSamples;
                fields["start_angle"] = m.StartAngle;
                fields["stop_angle"] = m.StopAngle;
                fields["num_steps"] = m.NumSteps;
                fields["delay"] = m.Delay;
                break;
            }
            case "Ping360MotorOff":
            {
                Assert.True(Ping360MotorOff.TryRead(payload, out _));
                break;
            }
            default:
                throw new ArgumentException($"No message struct for {kind}.", nameof(kind));
        }

        return fields;
    }

    public static int EncodeFrame(string kind, IReadOnlyDictionary<string, long> f, byte[] array, byte src, byte dst, Span<byte> destination)
    {
        return kind switch
        {
            "PingAck" => PingFrameWriter.Write(destination, new PingAck { AckedId = (ushort)f["acked_id"] }, src, dst),
            "PingNack" => PingFrameWriter.Write(destination, new PingNack { NackedId = (ushort)f["nacked_id"], NackMessage = array }, src, dst),
            "PingAsciiText" => PingFrameWriter.Write(destination, new PingAsciiText { AsciiMessage = array }, src, dst),
            "PingGeneralRequest" => PingFrameWriter.Write(destination, new PingGeneralRequest { RequestedId = (ushort)f["requested_id"] }, src, dst),
            "PingDeviceInformation" => PingFrameWriter.Write(destination, new PingDeviceInformation { DeviceType = (byte)f["device_type"], DeviceRevision = (byte)f["device_revision"], FirmwareVersionMajor = (byte)f["firmware_version_major"], FirmwareVersionMinor = (byte)f["firmware_version_minor"], FirmwareVersionPatch = (byte)f["firmware_version_patch"], Reserved = (byte)f["reserved"] }, src, dst),
            "PingProtocolVersion" => PingFrameWriter.Write(destination, new PingProtocolVersion { VersionMajor = (byte)f["version_major"], VersionMinor = (byte)f["version_minor"], VersionPatch = (byte)f["version_patch"], Reserved = (byte)f["reserved"] }, src, dst),
            "PingSetDeviceId" => PingFrameWriter.Write(destination, new PingSetDeviceId { DeviceId = (byte)f["device_id"] }, src, dst),
            "Ping1DSetDeviceId" => PingFrameWriter.Write(destination, new Ping1DSetDeviceId { DeviceId = (byte)f["device_id"] }, src, dst),
            "Ping1DSetRange" => PingFrameWriter.Write(destination, new Ping1DSetRange { ScanStart = (uint)f["scan_start"], ScanLength = (uint)f["scan_length"] }, src, dst),
            "Ping1DSetSpeedOfSound" => PingFrameWriter.Write(destination, new Ping1DSetSpeedOfSound { SpeedOfSound = (uint)f["speed_of_sound"] }, src, dst),
            "Ping1DSetModeAuto" => PingFrameWriter.Write(destination, new Ping1DSetModeAuto { ModeAuto = (byte)f["mode_auto"] }, src, dst),
            "Ping1DSetPingInterval" => PingFrameWriter.Write(destination, new Ping1DSetPingInterval { PingInterval = (ushort)f["ping_interval"] }, src, dst),
            "Ping1DSetGainSetting" => PingFrameWriter.Write(destination, new Ping1DSetGainSetting { GainSetting = (byte)f["gain_setting"] }, src, dst),
            "Ping1DSetPingEnable" => PingFrameWriter.Write(destination, new Ping1DSetPingEnable { PingEnabled = (byte)f["ping_enabled"] }, src, dst),
            "Ping1DSetOssProfileConfiguration" => PingFrameWriter.Write(destination, new Ping1DSetOssProfileConfiguration { NumberOfPoints = (ushort)f["number_of_points"], NormalizationEnabled = (byte)f["normalization_enabled"], EnhanceEnabled = (byte)f["enhance_enabled"] }, src, dst),
            "Ping1DFirmwareVersion" => PingFrameWriter.Write(destination, new Ping1DFirmwareVersion { DeviceType = (byte)f["device_type"], DeviceModel = (byte)f["device_model"], FirmwareVersionMajor = (ushort)f["firmware_version_major"], FirmwareVersionMinor = (ushort)f["firmware_version_minor"] }, src, dst),
            "Ping1DDeviceId" => PingFrameWriter.Write(destination, new Ping1DDeviceId { DeviceId = (byte)f["device_id"] }, src, dst),
            "Ping1DVoltage5" => PingFrameWriter.Write(destination, new Ping1DVoltage5 { Voltage5 = (ushort)f["voltage_5"] }, src, dst),
            "Ping1DSpeedOfSound" => PingFrameWriter.Write(destination, new Ping1DSpeedOfSound { SpeedOfSound = (uint)f["speed_of_sound"] }, src, dst),
            "Ping1DRange" => PingFrameWriter.Write(destination, new Ping1DRange { ScanStart = (uint)f["scan_start"], ScanLength = (uint)f["scan_length"] }, src, dst),
            "Ping1DModeAuto" => PingFrameWriter.Write(destination, new Ping1DModeAuto { ModeAuto = (byte)f["mode_auto"] }, src, dst),
            "Ping1DPingInterval" => PingFrameWriter.Write(destination, new Ping1DPingInterval { PingInterval = (ushort)f["ping_interval"] }, src, dst),
            "Ping1DGainSetting" => PingFrameWriter.Write(destination, new Ping1DGainSetting { GainSetting = (uint)f["gain_setting"] }, src, dst),
            "Ping1DTransmitDuration" => PingFrameWriter.Write(destination, new Ping1DTransmitDuration { TransmitDuration = (ushort)f["transmit_duration"] }, src, dst),
            "Ping1DGeneralInfo" => PingFrameWriter.Write(destination, new Ping1DGeneralInfo { FirmwareVersionMajor = (ushort)f["firmware_version_major"], FirmwareVersionMinor = (ushort)f["firmware_version_minor"], Voltage5 = (ushort)f["voltage_5"], PingInterval = (ushort)f["ping_interval"], GainSetting = (byte)f["gain_setting"], ModeAuto = (byte)f["mode_auto"] }, src, dst),
            "Ping1DDistanceSimple" => PingFrameWriter.Write(destination, new Ping1DDistanceSimple { Distance = (uint)f["distance"], Confidence = (byte)f["confidence"] }, src, dst),
            "Ping1DDistance" => PingFrameWriter.Write(destination, new Ping1DDistance { Distance = (uint)f["distance"], Confidence = (ushort)f["confidence"], TransmitDuration = (ushort)f["transmit_duration"], PingNumber = (uint)f["ping_number"], ScanStart = (uint)f["scan_start"], ScanLength = (uint)f["scan_length"], GainSetting = (uint)f["gain_setting"] }, src, dst),
            "Ping1DProcessorTemperature" => PingFrameWriter.Write(destination, new Ping1DProcessorTemperature { ProcessorTemperature = (ushort)f["processor_temperature"] }, src, dst),
            "Ping1DPcbTemperature" => PingFrameWriter.Write(destination, new Ping1DPcbTemperature { PcbTemperature = (ushort)f["pcb_temperature"] }, src, dst),
            "Ping1DPingEnable" => PingFrameWriter.Write(destination, new Ping1DPingEnable { PingEnabled = (byte)f["ping_enabled"] }, src, dst),
            "Ping1DProfile" => PingFrameWriter.Write(destination, new Ping1DProfile { Distance = (uint)f["distance"], Confidence = (ushort)f["confidence"], TransmitDuration = (ushort)f["transmit_duration"], PingNumber = (uint)f["ping_number"], ScanStart = (uint)f["scan_start"], ScanLength = (uint)f["scan_length"], GainSetting = (uint)f["gain_setting"], ProfileData = array }, src, dst),
            "Ping1DOssProfileConfiguration" => PingFrameWriter.Write(destination, new Ping1DOssProfileConfiguration { NumberOfPoints = (ushort)f["number_of_points"], NormalizationEnabled = (byte)f["normalization_enabled"], EnhanceEnabled = (byte)f["enhance_enabled"] }, src, dst),
            "Ping1DGotoBootloader" => PingFrameWriter.Write(destination, new Ping1DGotoBootloader(), src, dst),
            "Ping1DContinuousStart" => PingFrameWriter.Write(destination, new Ping1DContinuousStart { Id = (ushort)f["id"] }, src, dst),
            "Ping1DContinuousStop" => PingFrameWriter.Write(destination, new Ping1DContinuousStop { Id = (ushort)f["id"] }, src, dst),
            "Ping360SetDeviceId" => PingFrameWriter.Write(destination, new Ping360SetDeviceId { Id = (byte)f["id"], Reserved = (byte)f["reserved"] }, src, dst),
            "Ping360DeviceData" => PingFrameWriter.Write(destination, new Ping360DeviceData { Mode = (byte)f["mode"], GainSetting = (byte)f["gain_setting"], Angle = (ushort)f["angle"], TransmitDuration = (ushort)f["transmit_duration"], SamplePeriod = (ushort)f["sample_period"], TransmitFrequency = (ushort)f["transmit_frequency"], NumberOfSamples = (ushort)f["number_of_samples"], Data = array }, src, dst),
            "Ping360AutoDeviceData" => PingFrameWriter.Write(destination, new Ping360AutoDeviceData { Mode = (byte)f["mode"], GainSetting = (byte)f["gain_setting"], Angle = (ushort)f["angle"], TransmitDuration = (ushort)f["transmit_duration"], SamplePeriod = (ushort)f["sample_period"], TransmitFrequency = (ushort)f["transmit_frequency"], StartAngle = (ushort)f["start_angle"], StopAngle = (ushort)f["stop_angle"], NumSteps = (byte)f["num_steps"], Delay = (byte)f["delay"], NumberOfSamples = (ushort)f["number_of_samples"], Data = array }, src, dst),
            "Ping360Reset" => PingFrameWriter.Write(destination, new Ping360Reset { Bootloader = (byte)f["bootloader"], Reserved = (byte)f["reserved"] }, src, dst),
            "Ping360Transducer" => PingFrameWriter.Write(destination, new Ping360Transducer { Mode = (byte)f["mode"], GainSetting = (byte)f["gain_setting"], Angle = (ushort)f["angle"], TransmitDuration = (ushort)f["transmit_duration"], SamplePeriod = (ushort)f["sample_period"], TransmitFrequency = (ushort)f["transmit_frequency"], NumberOfSamples = (ushort)f["number_of_samples"], Transmit = (byte)f["transmit"], Reserved = (byte)f["reserved"] }, src, dst),
            "Ping360AutoTransmit" => PingFrameWriter.Write(destination, new Ping360AutoTransmit { Mode = (byte)f["mode"], GainSetting = (byte)f["gain_setting"], TransmitDuration = (ushort)f["transmit_duration"], SamplePeriod = (ushort)f["sample_period"], TransmitFrequency = (ushort)f["transmit_frequency"], NumberOfSamples = (ushort)f["number_of_samples"], StartAngle = (ushort)f["start_angle"], StopAngle = (ushort)f["stop_angle"], NumSteps = (byte)f["num_steps"], Delay = (byte)f["delay"] }, src, dst),
            "Ping360MotorOff" => PingFrameWriter.Write(destination, new Ping360MotorOff(), src, dst),
            _ => throw new ArgumentException($"No message struct for {kind}.", nameof(kind)),
        };
    }
}
