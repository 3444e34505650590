using System.Text.Json;

namespace RovDsp.Bridge.State;

/// <summary>The <c>state</c> object of the metrics payload: checkpoints written and failed, checkpoints refused at start
/// and what each owner did with its restored part (absent when the state is not kept).</summary>
public static class StateMetrics
{
    /// <summary>Writes the object when <paramref name="keeper"/> is not null.</summary>
    public static void Write(Utf8JsonWriter json, VehicleStateKeeper? keeper)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (keeper is null)
        {
            return;
        }

        json.WriteStartObject("state");
        json.WriteNumber("checkpoints", keeper.Written);
        json.WriteNumber("writeFailures", keeper.WriteFailures);
        json.WriteNumber("readFailures", keeper.ReadFailures);
        json.WriteBoolean("restored", keeper.Restored is not null);
        json.WriteEndObject();
    }
}
