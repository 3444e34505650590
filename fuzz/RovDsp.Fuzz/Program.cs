using RovDsp.Fuzz;
using RovDsp.Fuzz.Seeds;
using RovDsp.Fuzz.Targets;
using SharpFuzz;

// rovdsp-fuzz TARGET                      one target under afl-fuzz (SharpFuzz persistent mode; stdin once without AFL)
// rovdsp-fuzz replay TARGET PATH...       each file (or every file of each folder) through TARGET, no fuzzer
// rovdsp-fuzz seed CORPUS-ROOT RECORDING  writes CORPUS-ROOT/<target>/ from the real encoders and a recording
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: RovDsp.Fuzz TARGET | replay TARGET PATH... | seed CORPUS-ROOT RECORDING.mcap");
    Console.Error.WriteLine($"targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

if (args[0] == "seed" && args.Length == 3)
{
    SeedCorpus.Write(args[1], args[2]);
    return 0;
}

var name = args[0] == "replay" && args.Length >= 3 ? args[1] : args[0];
if (!FuzzTargets.Names.Contains(name))
{
    Console.Error.WriteLine($"error: unknown target '{name}' (known: {string.Join(", ", FuzzTargets.Names)})");
    return 2;
}

if (args[0] == "replay")
{
    return Replay.Run(FuzzTargets.Create(name), args[2..]);
}

// Instrumented code may run only once Fuzzer.Run has set up the coverage map, so the target (whose constructors are
// instrumented) is created inside it, on the first input. Exceptions from the target are left to SharpFuzz: under AFL
// it reports them as crashes.
IFuzzTarget? target = null;
var buffer = new MemoryStream();
Fuzzer.Run(stream =>
{
    target ??= FuzzTargets.Create(name);
    buffer.SetLength(0);
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
