namespace RovDsp.Bridge.State;

/// <summary>A checkpoint on local disk, replaced atomically: the new payload goes to a temporary file beside it, is
/// flushed to the device (fsync) and renamed over the old one, so a crash or power loss at any moment leaves either the
/// old checkpoint or the new one, never half of one.</summary>
public sealed class CheckpointFile
{
    /// <summary>Creates the file's handle (nothing is touched until written or read).</summary>
    public CheckpointFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The checkpoint's full path.</summary>
    public string Path { get; }

    /// <summary>Writes <paramref name="payload"/> durably in place of the current checkpoint (creating the directory).</summary>
    /// <exception cref="IOException">The disk refused (full, read-only, gone).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file may not be written.</exception>
    public void Write(ReadOnlySpan<byte> payload)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            stream.Write(payload);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>The checkpoint's bytes, or null when there is none.</summary>
    /// <exception cref="CheckpointFormatException">It is larger than a checkpoint can be.</exception>
    public byte[]? Read()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        var length = new FileInfo(Path).Length;
        if (length > CheckpointCodec.MaxBytes)
        {
            throw new CheckpointFormatException($"{length} bytes is more than the {CheckpointCodec.MaxBytes} a checkpoint may have");
        }

        return File.ReadAllBytes(Path);
    }

    /// <summary>Moves a checkpoint that could not be taken up aside (<c>.rejected</c>) so the next one does not destroy
    /// the evidence; returns where it went.</summary>
    public string SetAside()
    {
        var aside = Path + ".rejected";
        File.Move(Path, aside, overwrite: true);
        return aside;
    }
}
