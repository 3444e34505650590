using RovDsp.Fuzz.Targets;

namespace RovDsp.Fuzz;

/// <summary>Runs saved inputs through a target without the fuzzer, to triage a crash: prints each finding with its
/// exception and returns 1 if there was any.</summary>
internal static class Replay
{
    public static int Run(IFuzzTarget target, IEnumerable<string> paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal))
            : [p]).Order(StringComparer.Ordinal).ToList();
        var findings = 0;
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                findings++;
                Console.WriteLine($"FINDING {file}: {e}");
            }
        }

        Console.WriteLine($"replay {target.Name}: {files.Count} inputs, {findings} findings");
        return findings == 0 ? 0 : 1;
    }
}
