using System.Text;
using RovDsp.Dsp.Formats.Xtf;
using RovDsp.Replay.Recording;

namespace RovDsp.Replay.Cli.Commands;

/// <summary>
/// Tells what a file is from its first bytes, before any parser runs, so every command names the file and what it
/// looks like the same way: an MCAP recording, a format <c>import</c> reads, an empty file, text, or unknown bytes.
/// A parser run on the wrong bytes says things like "Absurd header string length 2063684421"; this says "looks like
/// an XTF side-scan file".
/// </summary>
internal static class InputSniffer
{
    /// <summary>Bytes read from the start of the file: enough for the XTF file header and every magic.</summary>
    private const int HeadBytes = 64 * 1024;

    /// <summary>Looks at <paramref name="path"/>'s first bytes (the file must exist).</summary>
    public static SniffedInput Sniff(string path)
    {
        byte[] head;
        long length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            length = stream.Length;
            head = new byte[(int)Math.Min(HeadBytes, length)];
            stream.ReadExactly(head);
        }

        return new SniffedInput(path, Kind(head), length, head.Length == 0 ? string.Empty : TextStart(head));
    }

    /// <summary>What the bytes are; the extension is not consulted (a wrong extension must not decide).</summary>
    private static InputKind Kind(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return InputKind.Empty;
        }

        // MCAP: 0x89 "MCAP" then the major version and "\r\n" (mcap.dev specification, Magic).
        ReadOnlySpan<byte> mcap = [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P'];
        if (head.StartsWith(mcap))
        {
            return InputKind.Mcap;
        }

        // The importer's own byte detection (an empty name: no extension to fall back on).
        switch (RecordingImporter.Detect(string.Empty, head))
        {
            case ImportFormat.PingViewer:
                return InputKind.PingViewer;
            case ImportFormat.Oculus:
                return InputKind.Oculus;
        }

        if (head[0] == XtfFileHeader.FileFormatMagic && IsXtfHeader(head))
        {
            return InputKind.Xtf;
        }

        return LooksLikeText(head) ? InputKind.Text : InputKind.Unknown;
    }

    private static bool IsXtfHeader(ReadOnlySpan<byte> head)
    {
        try
        {
            XtfFileHeader.Parse(head);
            return true;
        }
        catch (XtfFormatException)
        {
            return false;
        }
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        var sample = head[..Math.Min(head.Length, 512)];
        foreach (var b in sample)
        {
            if (b < 0x09 || (b is > 0x0D and < 0x20) || b == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    // The first line of a text file, shortened, for the message ("it starts with 'hello world'").
    private static string TextStart(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 200)]);
        var line = text.Split('\n', 2)[0].TrimEnd('\r').Trim();
        return line.Length > 40 ? line[..40] + "..." : line;
    }
}
