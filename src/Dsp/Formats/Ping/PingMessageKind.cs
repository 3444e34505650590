namespace RovDsp.Dsp.Formats.Ping;

/// <summary>Every Ping protocol message this library decodes, as resolved by <see cref="PingMessageCatalog.Classify"/>.</summary>
public enum PingMessageKind
{
    /// <summary>An id not defined for the given device type.</summary>
    Unknown = 0,

    /// <summary>Id 1: <see cref="PingAck"/>.</summary>
    PingAck,

    /// <summary>Id 2: <see cref="PingNack"/>.</summary>
    PingNack,

    /// <summary>Id 3: <see cref="PingAsciiText"/>.</summary>
    PingAsciiText,

    /// <summary>Id 6: <see cref="PingGeneralRequest"/>.</summary>
    PingGeneralRequest,

    /// <summary>Id 4: <see cref="PingDeviceInformation"/>.</summary>
    PingDeviceInformation,

    /// <summary>Id 5: <see cref="PingProtocolVersion"/>.</summary>
    PingProtocolVersion,

    /// <summary>Id 100: <see cref="PingSetDeviceId"/>.</summary>
    PingSetDeviceId,

    /// <summary>Id 1000: <see cref="Ping1DSetDeviceId"/>.</summary>
    Ping1DSetDeviceId,

    /// <summary>Id 1001: <see cref="Ping1DSetRange"/>.</summary>
    Ping1DSetRange,

    /// <summary>Id 1002: <see cref="Ping1DSetSpeedOfSound"/>.</summary>
    Ping1DSetSpeedOfSound,

    /// <summary>Id 1003: <see cref="Ping1DSetModeAuto"/>.</summary>
    Ping1DSetModeAuto,

    /// <summary>Id 1004: <see cref="Ping1DSetPingInterval"/>.</summary>
    Ping1DSetPingInterval,

    /// <summary>Id 1005: <see cref="Ping1DSetGainSetting"/>.</summary>
    Ping1DSetGainSetting,

    /// <summary>Id 1006: <see cref="Ping1DSetPingEnable"/>.</summary>
    Ping1DSetPingEnable,

    /// <summary>Id 1007: <see cref="Ping1DSetOssProfileConfiguration"/>.</summary>
    Ping1DSetOssProfileConfiguration,

    /// <summary>Id 1200: <see cref="Ping1DFirmwareVersion"/>.</summary>
    Ping1DFirmwareVersion,

    /// <summary>Id 1201: <see cref="Ping1DDeviceId"/>.</summary>
    Ping1DDeviceId,

    /// <summary>Id 1202: <see cref="Ping1DVoltage5"/>.</summary>
    Ping1DVoltage5,

    /// <summary>Id 1203: <see cref="Ping1DSpeedOfSound"/>.</summary>
    Ping1DSpeedOfSound,

    /// <summary>Id 1204: <see cref="Ping1DRange"/>.</summary>
    Ping1DRange,

    /// <summary>Id 1205: <see cref="Ping1DModeAuto"/>.</summary>
    Ping1DModeAuto,

    /// <summary>Id 1206: <see cref="Ping1DPingInterval"/>.</summary>
    Ping1DPingInterval,

    /// <summary>Id 1207: <see cref="Ping1DGainSetting"/>.</summary>
    Ping1DGainSetting,

    /// <summary>Id 1208: <see cref="Ping1DTransmitDuration"/>.</summary>
    Ping1DTransmitDuration,

    /// <summary>Id 1210: <see cref="Ping1DGeneralInfo"/>.</summary>
    Ping1DGeneralInfo,

    /// <summary>Id 1211: <see cref="Ping1DDistanceSimple"/>.</summary>
    Ping1DDistanceSimple,

    /// <summary>Id 1212: <see cref="Ping1DDistance"/>.</summary>
    Ping1DDistance,

    /// <summary>Id 1213: <see cref="Ping1DProcessorTemperature"/>.</summary>
    Ping1DProcessorTemperature,

    /// <summary>Id 1214: <see cref="Ping1DPcbTemperature"/>.</summary>
    Ping1DPcbTemperature,

    /// <summary>Id 1215: <see cref="Ping1DPingEnable"/>.</summary>
    Ping1DPingEnable,

    /// <summary>Id 1300: <see cref="Ping1DProfile"/>.</summary>
    Ping1DProfile,

    /// <summary>Id 1301: <see cref="Ping1DOssProfileConfiguration"/>.</summary>
    Ping1DOssProfileConfiguration,

    /// <summary>Id 1100: <see cref="Ping1DGotoBootloader"/>.</summary>
    Ping1DGotoBootloader,

    /// <summary>Id 1400: <see cref="Ping1DContinuousStart"/>.</summary>
    Ping1DContinuousStart,

    /// <summary>Id 1401: <see cref="Ping1DContinuousStop"/>.</summary>
    Ping1DContinuousStop,

    /// <summary>Id 2000: <see cref="Ping360SetDeviceId"/>.</summary>
    Ping360SetDeviceId,

    /// <summary>Id 2300: <see cref="Ping360DeviceData"/>.</summary>
    Ping360DeviceData,

    /// <summary>Id 2301: <see cref="Ping360AutoDeviceData"/>.</summary>
    Ping360AutoDeviceData,

    /// <summary>Id 2600: <see cref="Ping360Reset"/>.</summary>
    Ping360Reset,

    /// <summary>Id 2601: <see cref="Ping360Transducer"/>.</summary>
    Ping360Transducer,

    /// <summary>Id 2602: <see cref="Ping360AutoTransmit"/>.</summary>
    Ping360AutoTransmit,

    /// <summary>Id 2903: <see cref="Ping360MotorOff"/>.</summary>
    Ping360MotorOff,
}
