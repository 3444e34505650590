using System.Net;

namespace RovDsp.Bridge.WebConsole;

/// <summary>What the pilot's web console is served with: where, from which files, and which broker the page talks to.</summary>
public sealed record ConsoleServerOptions
{
    /// <summary>Address and port Kestrel listens on (loopback by default: the page is not exposed by accident; port 0
    /// picks a free one).</summary>
    public IPEndPoint Endpoint { get; init; } = new(IPAddress.Loopback, 8080);

    /// <summary>The page's own files (index.html, the JS modules, the style sheet).</summary>
    public required string WebRoot { get; init; }

    /// <summary>The npm packages the page uses (a node_modules folder holding mqtt and uplot, installed by
    /// <c>npm ci</c>); each is served from its <c>dist</c> folder under <c>/vendor/{name}/</c>.</summary>
    public required string VendorRoot { get; init; }

    /// <summary>The vehicle the page shows first (it lists every vehicle publishing a status).</summary>
    public string Vehicle { get; init; } = "rov1";

    /// <summary>The broker's MQTT-over-WebSocket URL the page connects to; null means this server's own
    /// <see cref="ConsoleServer.MqttPath"/> (the embedded broker's WebSocket endpoint).</summary>
    public Uri? BrokerWebSocketUrl { get; init; }

    /// <summary>Whether the broker needs a user name and password: the page then asks for them before it connects
    /// (it also asks when the broker refuses it as not authorised). The roles and ACL of the vessel-network security
    /// work decide what those credentials may do; the page only subscribes and publishes acknowledgements.</summary>
    public bool CredentialsRequired { get; init; }

    /// <summary>The altitude floor drawn on the altitude trace, m (the bridge's "altitude below" warning threshold).</summary>
    public double AltitudeFloorM { get; init; } = 1.0;

    /// <summary>The npm packages the page needs, each served from its dist folder.</summary>
    public static IReadOnlyList<string> VendorPackages { get; } = ["mqtt", "uplot"];

    /// <summary>Why the console cannot be served from these files, or null when it can.</summary>
    public string? Missing()
    {
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
        {
            return $"the page's files are not at {WebRoot}";
        }

        foreach (var package in VendorPackages)
        {
            if (!Directory.Exists(Path.Combine(VendorRoot, package, "dist")))
            {
                return $"the npm package '{package}' is not installed in {VendorRoot} (run `npm ci` in web/console; scripts/run.sh does when npm is on PATH)";
            }
        }

        return null;
    }
}
