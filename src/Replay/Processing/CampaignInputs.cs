using System.Globalization;

namespace RovDsp.Replay.Processing;

/// <summary>
/// The recordings of a campaign: directories (their <c>*.mcap</c> files, not recursive), glob patterns (wildcards
/// <c>*</c> and <c>?</c> in the file name, as a quoted argument the shell does not expand) and plain files, as one list
/// sorted by full path (ordinal) with duplicates removed. Each gets an output folder name (its file name without
/// extension, <c>-2</c>, <c>-3</c>… for a name met again) from the whole sorted list, so every indexed part of a
/// split campaign names a dive the same way. <see cref="Part"/> takes every <c>count</c>-th of them.
/// </summary>
public static class CampaignInputs
{
    /// <summary>The recordings <paramref name="arguments"/> name, in order, each with its output folder name.</summary>
    /// <exception cref="ArgumentException">An argument names nothing (no such file or directory, a glob matching no file).</exception>
    public static IReadOnlyList<(string Path, string Folder)> Expand(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                files.UnionWith(Directory.EnumerateFiles(argument, "*.mcap").Select(Path.GetFullPath));
            }
            else if (File.Exists(argument))
            {
                files.Add(Path.GetFullPath(argument));
            }
            else if (Path.GetFileName(argument).AsSpan().IndexOfAny('*', '?') >= 0)
            {
                var directory = Path.GetDirectoryName(argument);
                directory = string.IsNullOrEmpty(directory) ? "." : directory;
                if (directory.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    throw new ArgumentException($"{argument}: wildcards are allowed only in the file name.");
                }

                var matches = Directory.Exists(directory)
                    ? Directory.EnumerateFiles(directory, Path.GetFileName(argument)).Select(Path.GetFullPath).ToList()
                    : [];
                if (matches.Count == 0)
                {
                    throw new ArgumentException($"{argument} matches no file.");
                }

                files.UnionWith(matches);
            }
            else
            {
                throw new ArgumentException($"{argument} does not exist.");
            }
        }

        // Case-insensitive, so the folders stay apart on a case-insensitive file system too.
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<(string, string)>(files.Count);
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var name = stem;
            for (var k = 2; !taken.Add(name); k++)
            {
                name = stem + "-" + k.ToString(CultureInfo.InvariantCulture);
            }

            list.Add((file, name));
        }

        return list;
    }

    /// <summary>Part <paramref name="index"/> of <paramref name="count"/>: the items at positions <c>index</c>,
    /// <c>index + count</c>, <c>index + 2·count</c>… The parts 0..count-1 together hold every item exactly once.</summary>
    public static IReadOnlyList<T> Part<T>(IReadOnlyList<T> items, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var part = new List<T>();
        for (var i = index; i < items.Count; i += count)
        {
            part.Add(items[i]);
        }

        return part;
    }
}
