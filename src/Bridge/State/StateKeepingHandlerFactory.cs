using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Bridge.State;

/// <summary>Makes handlers with another factory and hands each new one to the vehicle's <see cref="VehicleStateKeeper"/>,
/// which gives it its restored state before its first message and reads its state at each checkpoint.</summary>
public sealed class StateKeepingHandlerFactory : ISensorHandlerFactory
{
    private readonly ISensorHandlerFactory _inner;
    private readonly VehicleStateKeeper _keeper;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public StateKeepingHandlerFactory(ISensorHandlerFactory inner, VehicleStateKeeper keeper)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(keeper);
        _inner = inner;
        _keeper = keeper;
    }

    /// <inheritdoc/>
    public ISensorHandler? Create(RawKind kind, string sensor, HandlerContext context, out string? refusal)
    {
        var handler = _inner.Create(kind, sensor, context, out refusal);
        if (handler is not null)
        {
            _keeper.Adopt(sensor, handler);
        }

        return handler;
    }
}
