using System.Text.Json;

namespace RovDsp.Dsp.Tests.Support;

/// <summary>
/// Reads a scipy/numpy reference file written by <c>tests/fixtures/generate.py</c>. The files are committed,
/// so the tests need no Python; each one is a JSON object whose layout its generator module documents.
/// </summary>
public static class Fixture
{
    private static readonly Dictionary<string, JsonDocument> Cache = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    /// <summary>The root element of <c>Fixtures/{name}</c> (for example <c>"fft.json"</c>).</summary>
    public static JsonElement Load(string name)
    {
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(name, out var doc))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        $"Fixture '{name}' is missing; regenerate with /usr/bin/python3 tests/fixtures/generate.py", path);
                }
                doc = JsonDocument.Parse(File.ReadAllBytes(path));
                Cache[name] = doc;
            }
            return doc.RootElement;
        }
    }

    /// <summary>The cases of an array-valued property, usually <c>"cases"</c>, for xunit's MemberData.</summary>
    public static IEnumerable<object[]> CaseNames(string file, string arrayProperty = "cases")
    {
        foreach (var c in Load(file).GetProperty(arrayProperty).EnumerateArray())
        {
            yield return new object[] { c.GetProperty("name").GetString()! };
        }
    }

    /// <summary>The case whose <c>name</c> property equals <paramref name="name"/>.</summary>
    public static JsonElement Case(string file, string name, string arrayProperty = "cases")
    {
        foreach (var c in Load(file).GetProperty(arrayProperty).EnumerateArray())
        {
            if (c.GetProperty("name").GetString() == name)
            {
                return c;
            }
        }
        throw new KeyNotFoundException($"No case '{name}' in fixture '{file}'.");
    }

    /// <summary>A JSON number array as doubles.</summary>
    public static double[] Doubles(this JsonElement e, string property)
    {
        var arr = e.GetProperty(property);
        var result = new double[arr.GetArrayLength()];
        var i = 0;
        foreach (var v in arr.EnumerateArray())
        {
            result[i++] = v.GetDouble();
        }
        return result;
    }

    /// <summary>A JSON number array as floats (stream inputs are float32).</summary>
    public static float[] Floats(this JsonElement e, string property)
    {
        var d = e.Doubles(property);
        var result = new float[d.Length];
        for (var i = 0; i < d.Length; i++)
        {
            result[i] = (float)d[i];
        }
        return result;
    }

    /// <summary>A JSON array of equal-length number arrays as a row-major matrix.</summary>
    public static double[][] Rows(this JsonElement e, string property)
    {
        var arr = e.GetProperty(property);
        var rows = new double[arr.GetArrayLength()][];
        var i = 0;
        foreach (var row in arr.EnumerateArray())
        {
            var r = new double[row.GetArrayLength()];
            var j = 0;
            foreach (var v in row.EnumerateArray())
            {
                r[j++] = v.GetDouble();
            }
            rows[i++] = r;
        }
        return rows;
    }

    /// <summary>A number property.</summary>
    public static double Number(this JsonElement e, string property) => e.GetProperty(property).GetDouble();

    /// <summary>An integer property.</summary>
    public static int Int(this JsonElement e, string property) => e.GetProperty(property).GetInt32();

    /// <summary>A string property.</summary>
    public static string Text(this JsonElement e, string property) => e.GetProperty(property).GetString()!;
}
