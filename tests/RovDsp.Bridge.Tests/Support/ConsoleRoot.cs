using System.Net;
using RovDsp.Bridge.WebConsole;

namespace RovDsp.Bridge.Tests.Support;

/// <summary>A throwaway web-console folder for <see cref="ConsoleServer"/> tests that need no real page: an index.html,
/// and the npm packages' dist folders written on demand (deleted with the folder).</summary>
internal sealed class ConsoleRoot : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rovdsp-console-").FullName;

    /// <summary>Options serving this folder on a free loopback port, for <paramref name="vehicle"/>.</summary>
    public ConsoleServerOptions Options(string vehicle = "r9")
    {
        Directory.CreateDirectory(Path.Combine(_root, "wwwroot"));
        File.WriteAllText(Path.Combine(_root, "wwwroot", "index.html"), "<!doctype html><title>console</title>");
        return new ConsoleServerOptions
        {
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
            WebRoot = Path.Combine(_root, "wwwroot"),
            VendorRoot = Path.Combine(_root, "node_modules"),
            Vehicle = vehicle,
        };
    }

    /// <summary>Writes <paramref name="file"/> into the npm package <paramref name="name"/>'s dist folder.</summary>
    public void Package(string name, string file, string content)
    {
        var dist = Path.Combine(_root, "node_modules", name, "dist");
        Directory.CreateDirectory(dist);
        File.WriteAllText(Path.Combine(dist, file), content);
    }

    /// <summary>Both packages the server requires, with placeholder content.</summary>
    public void Packages()
    {
        Package("mqtt", "mqtt.esm.js", "export default 'mqtt';");
        Package("uplot", "uPlot.esm.js", "export default 'uplot';");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
