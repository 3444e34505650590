using System.CommandLine;
using System.CommandLine.Parsing;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// Option errors in the user's words: the option's name and the form it expects ("--start: expected an ISO 8601 time
/// such as 2026-05-01T12:00:00Z"), and output paths whose folder does not exist, checked before any work starts.
/// </summary>
internal static class OptionErrors
{
    /// <summary>The expected form of each value type the commands' options parse, as a user writes it.</summary>
    private static readonly Dictionary<Type, string> Forms = new()
    {
        [typeof(DateTimeOffset)] = "an ISO 8601 time such as 2026-05-01T12:00:00Z",
        [typeof(DateTimeOffset?)] = "an ISO 8601 time such as 2026-05-01T12:00:00Z",
        [typeof(double)] = "a number such as 2.5",
        [typeof(double?)] = "a number such as 2.5",
        [typeof(int)] = "a whole number such as 5",
        [typeof(int?)] = "a whole number such as 5",
        [typeof(long)] = "a whole number such as 5",
        [typeof(ulong)] = "a whole number such as 5",
        [typeof(bool)] = "true or false",
    };

    /// <summary>
    /// <paramref name="error"/> said for a user: a value that did not convert to its option's type becomes
    /// "--opt: expected FORM, got 'value'" rather than System.CommandLine's "...as expected type
    /// 'System.Nullable`1[System.DateTimeOffset]'"; every other error is kept as it is.
    /// </summary>
    public static string Describe(ParseError error)
    {
        if (error.SymbolResult is OptionResult { Option: var option } result
            && Forms.TryGetValue(option.ValueType, out var form)
            // System.CommandLine names the type it could not convert to (ValueType.ToString()); only that error is rewritten.
            && error.Message.Contains(option.ValueType.ToString(), StringComparison.Ordinal))
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            return $"{option.Name}: expected {form}, got '{value}'";
        }

        return error.Message;
    }

    /// <summary>Null when <paramref name="path"/>'s folder exists, else the error naming the option and the folder.</summary>
    /// <param name="option">The option as the user typed it, e.g. "-o/--output".</param>
    /// <param name="path">The output file.</param>
    public static string? MissingFolder(string option, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is null || Directory.Exists(folder)
            ? null
            : $"{option}: the folder {folder} does not exist (create it first, or write somewhere else)";
    }
}
