namespace RovDsp.Dsp.Pipelines.Echosounder;

/// <summary>What an <see cref="AltitudeEstimate"/>'s altitude rests on.</summary>
public enum AltitudeState
{
    /// <summary>The tracker has no bottom: the altitude is NaN (never acquired, or lost for longer than the hold).</summary>
    Lost,

    /// <summary>No acceptable bottom in this ping: the last tracked altitude is held, with decaying confidence.</summary>
    Held,

    /// <summary>The bottom was picked in this ping and accepted by the tracker.</summary>
    Valid,
}
