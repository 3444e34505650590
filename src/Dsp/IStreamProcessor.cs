namespace RovDsp.Dsp;

/// <summary>
/// A streaming object that maps each input sample to exactly one output sample and keeps its state across
/// calls: feeding a signal in one block or in many gives bit-identical output. Construction allocates;
/// <see cref="Process"/> never does.
/// </summary>
public interface IStreamProcessor
{
    /// <summary>Processes one block. <paramref name="output"/> must be at least as long as
    /// <paramref name="input"/>; in-place use (the same span for both) is allowed unless the type says otherwise.</summary>
    void Process(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Returns the object to the state it had just after construction.</summary>
    void Reset();
}
