namespace RovDsp.Bridge.Service;

/// <summary>Which raw topics a <see cref="BridgeService"/> subscribes to itself, and which a fleet host
/// (RovDsp.Bridge.Fleet) routes to it through <see cref="BridgeService.PostRawAsync"/>.</summary>
public enum RawIntake
{
    /// <summary>The service subscribes to all of its vehicle's raw topics (prompt kinds on the prompt connection,
    /// everything on the bulk one): one bridge, one vehicle, or a vehicle named on the command line.</summary>
    Own,

    /// <summary>The prompt kinds come from the fleet host's discovery connection (<c>rov/+/raw/{kind}/+</c>, where
    /// the vehicle was found); the service's bulk connection still subscribes to its own vehicle's raw topics for the
    /// bulk kinds, so multibeam frames never cross the shared connection.</summary>
    PromptRouted,

    /// <summary>Everything raw comes from the fleet host's one connection (a shared subscription,
    /// <c>$share/{group}/rov/+/raw/#</c>: one subscription per member, so the broker's strategy decides which member
    /// gets which vehicle); the service subscribes to no raw topic.</summary>
    AllRouted,
}
