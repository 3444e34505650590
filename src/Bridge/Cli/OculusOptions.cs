using System.CommandLine;

namespace RovDsp.Bridge.Cli;

/// <summary>The <c>--oculus*</c> options of rovdsp-bridge, kept together so the command only adds and resolves them.</summary>
internal sealed class OculusOptions
{
    private readonly Option<string> _address = new("--oculus") { Description = "Oculus multibeam at host[:port] over its TCP protocol (port 52100 by default); see docs/hardware.md." };
    private readonly Option<string> _discover = new("--oculus-discover")
    {
        Description = "Find the Oculus from its UDP status broadcasts (port 52102 by default, or the one given) and connect to the address they give.",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<double?> _range = new("--oculus-range") { Description = "Oculus range, metres (default 20)." };
    private readonly Option<double?> _gain = new("--oculus-gain") { Description = "Oculus gain, percent (default 50)." };
    private readonly Option<double?> _rate = new("--oculus-rate") { Description = "Oculus pings per second: 2, 5, 10, 15 or 40 (default 10)." };
    private readonly Option<string> _mode = new("--oculus-mode") { Description = "Oculus frequency: low (wide fan, the default) or high (narrow, more detail)." };
    private readonly Option<string> _sensor = new("--oculus-sensor") { Description = "Sensor id of the Oculus in rov/{v}/raw/multibeam/{sensor} (default multibeam1)." };
    private readonly Option<int?> _tcpPort = new("--oculus-tcp-port") { Description = "With --oculus-discover: the sonar's TCP port (default 52100)." };

    /// <summary>Makes the options.</summary>
    public static OculusOptions Create() => new();

    /// <summary>Adds them to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _address, _discover, _range, _gain, _rate, _mode, _sensor, _tcpPort })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings from a parse, or null when no Oculus is asked for.</summary>
    public OculusSettings? Resolve(ParseResult result) => OculusSettings.Resolve(new OculusSettings.Inputs(
        result.GetValue(_address), result.GetResult(_discover) is not null, result.GetValue(_discover), result.GetValue(_range),
        result.GetValue(_gain), result.GetValue(_rate), result.GetValue(_mode), result.GetValue(_sensor), result.GetValue(_tcpPort)));
}
