namespace RovDsp.Replay.Tests.Playback;

/// <summary>Tests that measure wall-clock timing run alone, after the parallel ones: a test regenerating a 5 MB dive
/// on the other core (and its garbage collections) once put 100 ms of lateness into the 1x playback test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "timing-sensitive";
}
