namespace RovDsp.Fuzz.Targets;

/// <summary>
/// One fuzz target: a parser driven with arbitrary bytes. <see cref="Run"/> returns normally for every input the parser
/// handles as designed (decoded, or refused with its own error); a finding is any exception that escapes it, either
/// an unexpected one from the parser or a <see cref="FuzzFindingException"/> for a broken invariant.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>Short name: the folder of its corpus (fuzz/corpus/NAME) and the fuzzer's command-line argument.</summary>
    string Name { get; }

    /// <summary>Runs one input through the parser and checks its invariants.</summary>
    void Run(ReadOnlySpan<byte> input);
}
