using RovDsp.Processing;

namespace RovDsp.Bridge.Connection;

/// <summary>A bridge setting that cannot be used (broker address, credentials, options); the message names the
/// setting, so the operator knows what to fix before anything connects. rovdsp-replay's play and record catch it as
/// the <see cref="InvalidSettingException"/> it is.</summary>
public sealed class BridgeConfigurationException : InvalidSettingException
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public BridgeConfigurationException(string setting, string problem)
        : base(setting, problem)
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public BridgeConfigurationException()
        : base("invalid bridge configuration")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public BridgeConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    public BridgeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
