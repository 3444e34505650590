namespace RovDsp.Processing;

/// <summary>A setting that cannot be used; the message names the setting, so the operator knows what to fix before
/// anything runs or connects. Thrown by the command-line tools (rovdsp-replay, rovdsp-bridge) and the bridge's own
/// settings, whose <c>RovDsp.Bridge.Connection.BridgeConfigurationException</c> is one of these.</summary>
public class InvalidSettingException : Exception
{
    /// <summary>Creates the exception for <paramref name="setting"/>: the message reads
    /// <c>setting '<paramref name="setting"/>' <paramref name="problem"/></c>.</summary>
    public InvalidSettingException(string setting, string problem)
        : base($"setting '{setting}' {problem}")
    {
        Setting = setting;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public InvalidSettingException()
        : base("invalid setting")
    {
        Setting = string.Empty;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public InvalidSettingException(string message)
        : base(message)
    {
        Setting = string.Empty;
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    public InvalidSettingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = string.Empty;
    }

    /// <summary>The setting at fault (empty when the message is a plain one).</summary>
    public string Setting { get; }
}
