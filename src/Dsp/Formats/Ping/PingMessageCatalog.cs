namespace RovDsp.Dsp.Formats.Ping;

/// <summary>Maps a frame's message id to the message it carries, given the kind of device that sent it.</summary>
/// <remarks>
/// Common messages (ids below 1000) apply to every device. Ping1D (ping1d.json, ids 1000-1999) and Ping360
/// (ping360.json, ids 2000-2999) each define their own set_device_id and other messages; an id of the other
/// family is <see cref="PingMessageKind.Unknown"/> when the device type is known, and is resolved by its range
/// when the device type is <see cref="PingDeviceType.Unknown"/>.
/// </remarks>
public static class PingMessageCatalog
{
    /// <summary>Resolves a message id for a device type.</summary>
    /// <param name="messageId">The frame's message id.</param>
    /// <param name="device">The sending (or addressed) device type.</param>
    /// <returns>The message kind, or <see cref="PingMessageKind.Unknown"/>.</returns>
    public static PingMessageKind Classify(ushort messageId, PingDeviceType device)
    {
        PingMessageKind common = messageId switch
        {
            PingAck.Identifier => PingMessageKind.PingAck,
            PingNack.Identifier => PingMessageKind.PingNack,
            PingAsciiText.Identifier => PingMessageKind.PingAsciiText,
            PingGeneralRequest.Identifier => PingMessageKind.PingGeneralRequest,
            PingDeviceInformation.Identifier => PingMessageKind.PingDeviceInformation,
            PingProtocolVersion.Identifier => PingMessageKind.PingProtocolVersion,
            PingSetDeviceId.Identifier => PingMessageKind.PingSetDeviceId,
            _ => PingMessageKind.Unknown,
        };
        if (common != PingMessageKind.Unknown)
        {
            return common;
        }

        if (device is PingDeviceType.Ping1D or PingDeviceType.Unknown)
        {
            PingMessageKind kind = messageId switch
            {
                Ping1DSetDeviceId.Identifier => PingMessageKind.Ping1DSetDeviceId,
                Ping1DSetRange.Identifier => PingMessageKind.Ping1DSetRange,
                Ping1DSetSpeedOfSound.Identifier => PingMessageKind.Ping1DSetSpeedOfSound,
                Ping1DSetModeAuto.Identifier => PingMessageKind.Ping1DSetModeAuto,
                Ping1DSetPingInterval.Identifier => PingMessageKind.Ping1DSetPingInterval,
                Ping1DSetGainSetting.Identifier => PingMessageKind.Ping1DSetGainSetting,
                Ping1DSetPingEnable.Identifier => PingMessageKind.Ping1DSetPingEnable,
                Ping1DSetOssProfileConfiguration.Identifier => PingMessageKind.Ping1DSetOssProfileConfiguration,
                Ping1DFirmwareVersion.Identifier => PingMessageKind.Ping1DFirmwareVersion,
                Ping1DDeviceId.Identifier => PingMessageKind.Ping1DDeviceId,
                Ping1DVoltage5.Identifier => PingMessageKind.Ping1DVoltage5,
                Ping1DSpeedOfSound.Identifier => PingMessageKind.Ping1DSpeedOfSound,
                Ping1DRange.Identifier => PingMessageKind.Ping1DRange,
                Ping1DModeAuto.Identifier => PingMessageKind.Ping1DModeAuto,
                Ping1DPingInterval.Identifier => PingMessageKind.Ping1DPingInterval,
                Ping1DGainSetting.Identifier => PingMessageKind.Ping1DGainSetting,
                Ping1DTransmitDuration.Identifier => PingMessageKind.Ping1DTransmitDuration,
                Ping1DGeneralInfo.Identifier => PingMessageKind.Ping1DGeneralInfo,
                Ping1DDistanceSimple.Identifier => PingMessageKind.Ping1DDistanceSimple,
                Ping1DDistance.Identifier => PingMessageKind.Ping1DDistance,
                Ping1DProcessorTemperature.Identifier => PingMessageKind.Ping1DProcessorTemperature,
                Ping1DPcbTemperature.Identifier => PingMessageKind.Ping1DPcbTemperature,
                Ping1DPingEnable.Identifier => PingMessageKind.Ping1DPingEnable,
                Ping1DProfile.Identifier => PingMessageKind.Ping1DProfile,
                Ping1DOssProfileConfiguration.Identifier => PingMessageKind.Ping1DOssProfileConfiguration,
                Ping1DGotoBootloader.Identifier => PingMessageKind.Ping1DGotoBootloader,
                Ping1DContinuousStart.Identifier => PingMessageKind.Ping1DContinuousStart,
                Ping1DContinuousStop.Identifier => PingMessageKind.Ping1DContinuousStop,
                _ => PingMessageKind.Unknown,
            };
            if (kind != PingMessageKind.Unknown)
            {
                return kind;
            }
        }

        if (device is PingDeviceType.Ping360 or PingDeviceType.Unknown)
        {
            PingMessageKind kind = messageId switch
            {
                Ping360SetDeviceId.Identifier => PingMessageKind.Ping360SetDeviceId,
                Ping360DeviceData.Identifier => PingMessageKind.Ping360DeviceData,
                Ping360AutoDeviceData.Identifier => PingMessageKind.Ping360AutoDeviceData,
                Ping360Reset.Identifier => PingMessageKind.Ping360Reset,
                Ping360Transducer.Identifier => PingMessageKind.Ping360Transducer,
                Ping360AutoTransmit.Identifier => PingMessageKind.Ping360AutoTransmit,
                Ping360MotorOff.Identifier => PingMessageKind.Ping360MotorOff,
                _ => PingMessageKind.Unknown,
            };
            if (kind != PingMessageKind.Unknown)
            {
                return kind;
            }
        }

        return PingMessageKind.Unknown;
    }

    /// <summary>The message id of a message kind.</summary>
    /// <param name="kind">A defined message kind.</param>
    /// <returns>Its protocol id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined message.</exception>
    public static ushort MessageIdOf(PingMessageKind kind) => kind switch
    {
        PingMessageKind.PingAck => PingAck.Identifier,
        PingMessageKind.PingNack => PingNack.Identifier,
        PingMessageKind.PingAsciiText => PingAsciiText.Identifier,
        PingMessageKind.PingGeneralRequest => PingGeneralRequest.Identifier,
        PingMessageKind.PingDeviceInformation => PingDeviceInformation.Identifier,
        PingMessageKind.PingProtocolVersion => PingProtocolVersion.Identifier,
        PingMessageKind.PingSetDeviceId => PingSetDeviceId.Identifier,
        PingMessageKind.Ping1DSetDeviceId => Ping1DSetDeviceId.Identifier,
        PingMessageKind.Ping1DSetRange => Ping1DSetRange.Identifier,
        PingMessageKind.Ping1DSetSpeedOfSound => Ping1DSetSpeedOfSound.Identifier,
        PingMessageKind.Ping1DSetModeAuto => Ping1DSetModeAuto.Identifier,
        PingMessageKind.Ping1DSetPingInterval => Ping1DSetPingInterval.Identifier,
        PingMessageKind.Ping1DSetGainSetting => Ping1DSetGainSetting.Identifier,
        PingMessageKind.Ping1DSetPingEnable => Ping1DSetPingEnable.Identifier,
        PingMessageKind.Ping1DSetOssProfileConfiguration => Ping1DSetOssProfileConfiguration.Identifier,
        PingMessageKind.Ping1DFirmwareVersion => Ping1DFirmwareVersion.Identifier,
        PingMessageKind.Ping1DDeviceId => Ping1DDeviceId.Identifier,
        PingMessageKind.Ping1DVoltage5 => Ping1DVoltage5.Identifier,
        PingMessageKind.Ping1DSpeedOfSound => Ping1DSpeedOfSound.Identifier,
        PingMessageKind.Ping1DRange => Ping1DRange.Identifier,
        PingMessageKind.Ping1DModeAuto => Ping1DModeAuto.Identifier,
        PingMessageKind.Ping1DPingInterval => Ping1DPingInterval.Identifier,
        PingMessageKind.Ping1DGainSetting => Ping1DGainSetting.Identifier,
        PingMessageKind.Ping1DTransmitDuration => Ping1DTransmitDuration.Identifier,
        PingMessageKind.Ping1DGeneralInfo => Ping1DGeneralInfo.Identifier,
        PingMessageKind.Ping1DDistanceSimple => Ping1DDistanceSimple.Identifier,
        PingMessageKind.Ping1DDistance => Ping1DDistance.Identifier,
        PingMessageKind.Ping1DProcessorTemperature => Ping1DProcessorTemperature.Identifier,
        PingMessageKind.Ping1DPcbTemperature => Ping1DPcbTemperature.Identifier,
        PingMessageKind.Ping1DPingEnable => Ping1DPingEnable.Identifier,
        PingMessageKind.Ping1DProfile => Ping1DProfile.Identifier,
        PingMessageKind.Ping1DOssProfileConfiguration => Ping1DOssProfileConfiguration.Identifier,
        PingMessageKind.Ping1DGotoBootloader => Ping1DGotoBootloader.Identifier,
        PingMessageKind.Ping1DContinuousStart => Ping1DContinuousStart.Identifier,
        PingMessageKind.Ping1DContinuousStop => Ping1DContinuousStop.Identifier,
        PingMessageKind.Ping360SetDeviceId => Ping360SetDeviceId.Identifier,
        PingMessageKind.Ping360DeviceData => Ping360DeviceData.Identifier,
        PingMessageKind.Ping360AutoDeviceData => Ping360AutoDeviceData.Identifier,
        PingMessageKind.Ping360Reset => Ping360Reset.Identifier,
        PingMessageKind.Ping360Transducer => Ping360Transducer.Identifier,
        PingMessageKind.Ping360AutoTransmit => Ping360AutoTransmit.Identifier,
        PingMessageKind.Ping360MotorOff => Ping360MotorOff.Identifier,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a defined Ping message."),
    };
}
