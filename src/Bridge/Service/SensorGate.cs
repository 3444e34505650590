namespace RovDsp.Bridge.Service;

/// <summary>Applies <see cref="SensorLimits"/> as pipelines are created: says whether one more sensor may have one.</summary>
internal sealed class SensorGate
{
    private readonly SensorLimits _limits;
    private readonly Lock _lock = new();
    private int _admitted;

    public SensorGate(SensorLimits limits) => _limits = limits;

    /// <summary>Pipelines admitted so far.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Takes a place for <paramref name="sensor"/>, or says why not.</summary>
    public bool TryAdmit(string sensor, out string refusal)
    {
        if (_limits.AllowedSensors is { } allowed && !allowed.Contains(sensor))
        {
            refusal = "this sensor id is not among the vehicle's configured sensors";
            return false;
        }

        lock (_lock)
        {
            if (_admitted >= _limits.MaxSensors)
            {
                refusal = $"the vehicle has {_limits.MaxSensors} sensors already (the limit)";
                return false;
            }

            _admitted++;
        }

        refusal = string.Empty;
        return true;
    }
}
