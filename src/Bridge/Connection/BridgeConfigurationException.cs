namespace RovDsp.Bridge.Connection;

/// <summary>A setting that cannot be used; the message names the setting, so the operator knows what to fix
/// before anything connects.</summary>
public sealed class BridgeConfigurationException : Exception
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public BridgeConfigurationException(string setting, string problem)
        : base($"setting '{setting}' {problem}")
    {
        Setting = setting;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public BridgeConfigurationException()
        : base("invalid bridge configuration")
    {
        Setting = string.Empty;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public BridgeConfigurationException(string message)
        : base(message)
    {
        Setting = string.Empty;
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    public BridgeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = string.Empty;
    }

    /// <summary>The setting at fault.</summary>
    public string Setting { get; }
}
