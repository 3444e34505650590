using System.Text;

namespace RovDsp.Replay.Processing;

/// <summary>Writes a run's CSV tables (one per JSON feed topic) and latest images (one PNG per image topic)
/// into an output folder, named after the topic without the vehicle root (<c>feed/altitude/echo1</c> →
/// <c>altitude-echo1.csv</c>, <c>alarms/events</c> → <c>alarms-events.csv</c>).</summary>
public static class DiveOutputFiles
{
    /// <summary>Writes the files; returns their names relative to <paramref name="folder"/>, in order.</summary>
    public static IReadOnlyList<string> Write(DiveProcessResult result, string folder, string vehicle = "rov1")
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var names = new List<string>();
        foreach (var table in result.Sink.Tables)
        {
            var name = FileName(table.Topic, vehicle) + ".csv";
            using (var writer = new StreamWriter(Path.Combine(folder, name), false, new UTF8Encoding(false)))
            {
                table.WriteCsv(writer);
            }

            names.Add(name);
        }

        foreach (var topic in result.Sink.ImageTopics)
        {
            var name = FileName(topic, vehicle) + ".png";
            File.WriteAllBytes(Path.Combine(folder, name), result.Sink.LatestImage(topic)!);
            names.Add(name);
        }

        return names;
    }

    /// <summary>The file name (without extension) for <paramref name="topic"/>.</summary>
    public static string FileName(string topic, string vehicle = "rov1")
    {
        ArgumentNullException.ThrowIfNull(topic);
        var name = topic;
        var root = "rov/" + vehicle + "/";
        if (name.StartsWith(root, StringComparison.Ordinal))
        {
            name = name[root.Length..];
        }

        if (name.StartsWith("feed/", StringComparison.Ordinal))
        {
            name = name["feed/".Length..];
        }

        return name.Replace('/', '-');
    }
}
