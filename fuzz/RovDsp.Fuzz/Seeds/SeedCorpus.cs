namespace RovDsp.Fuzz.Seeds;

/// <summary>Writes the seed corpus of every target (fuzz/corpus/&lt;target&gt;/): inputs made by the real encoders, so
/// the fuzzer starts from valid messages and mutates its way into the error paths. Rewriting it gives the same bytes.</summary>
internal static class SeedCorpus
{
    public static void Write(string root, string recording)
    {
        Save(Path.Combine(root, "wire"), WireSeeds.Create(recording));
        Save(Path.Combine(root, "mqtt"), MqttSeeds.Create(recording));
        Save(Path.Combine(root, "mcap"), McapSeeds.Create(recording));
    }

    private static void Save(string folder, IEnumerable<(string Name, byte[] Bytes)> seeds)
    {
        Directory.CreateDirectory(folder);
        var count = 0;
        long bytes = 0;
        foreach (var (name, data) in seeds)
        {
            File.WriteAllBytes(Path.Combine(folder, name), data);
            count++;
            bytes += data.Length;
        }

        Console.WriteLine($"{folder}: {count} seeds, {bytes:N0} bytes");
    }
}
