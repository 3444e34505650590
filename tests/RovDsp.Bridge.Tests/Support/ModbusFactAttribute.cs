namespace RovDsp.Bridge.Tests.Support;

/// <summary>A <see cref="FactAttribute"/> for tests against python3-pymodbus and mbpoll: skipped with a clear message
/// when they are missing outside CI, run (and so failed) under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ModbusFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when a peer is missing and CI is not "true".</summary>
    public ModbusFactAttribute()
    {
        Skip = ModbusPeers.IsInstalled || MosquittoBroker.IsCi ? null : ModbusPeers.MissingMessage;
    }
}
