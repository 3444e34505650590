namespace RovDsp.Bridge.Tests.Support;

/// <summary>
/// A <see cref="FactAttribute"/> for tests against a real mosquitto broker and its clients: skipped with a clear
/// message when mosquitto is not installed outside CI, but run (and so failed) under CI=true, where
/// <c>.ci/run</c> installs it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MosquittoFactAttribute : FactAttribute
{
    /// <summary>The skip message.</summary>
    public const string MissingMessage = MosquittoBroker.MissingMessage;

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when mosquitto is missing and CI is not "true".</summary>
    public MosquittoFactAttribute()
    {
        Skip = MosquittoBroker.IsInstalled || MosquittoBroker.IsCi ? null : MissingMessage;
    }
}
