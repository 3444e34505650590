using RovDsp.Bridge.Tests.Support;

namespace RovDsp.Console.Tests.Support;

/// <summary>A fact that needs Debian's chromium and the console's npm packages (web/console, <c>npm ci</c>): skipped
/// with the reason when either is missing outside CI, run (and so failed) under CI=true, where scripts/test.sh installs
/// them.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when something is missing and CI is not "true".</summary>
    public BrowserFactAttribute()
    {
        Skip = BrowserSession.Missing() is { } missing && !MosquittoBroker.IsCi ? missing : null;
    }

    /// <summary>Whether the test needs mosquitto too (skipped the same way when it is missing).</summary>
    public bool Mosquitto
    {
        get => false;
        init
        {
            if (value && Skip is null && !MosquittoBroker.IsInstalled && !MosquittoBroker.IsCi)
            {
                Skip = MosquittoBroker.MissingMessage;
            }
        }
    }
}
