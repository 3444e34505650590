using System.Diagnostics;

namespace RovDsp.Replay.Tests.Support;

/// <summary>A small tmpfs mounted for one test, to make a real full disk (ENOSPC) without filling the machine's.
/// Mounting needs root (CAP_SYS_ADMIN); <see cref="TryMount"/> returns null where it is not permitted, and the test
/// is skipped with that reason.</summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path)
    {
        Path = path;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/>; null (and why in <paramref name="why"/>) when not permitted.</summary>
    public static SmallTmpfs? TryMount(long bytes, out string why)
    {
        var path = Directory.CreateTempSubdirectory("rovdsp-full-disk-").FullName;
        var (code, error) = Run("/usr/bin/mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            why = $"cannot mount a tmpfs here (mount exit {code}: {error.Trim()}); a full disk needs one";
            return null;
        }

        why = string.Empty;
        return new SmallTmpfs(path);
    }

    private static (int Code, string Error) Run(string tool, params string[] arguments)
    {
        if (!File.Exists(tool))
        {
            return (-1, tool + " is missing");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Run("/usr/bin/umount", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
