using System.Text;

namespace RovDsp.Dsp.Formats.Xtf;

/// <summary>Fixed-width, NUL-padded ASCII fields of XTF headers.</summary>
internal static class XtfText
{
    /// <summary>The text before the first NUL (non-ASCII bytes become '?').</summary>
    public static string Ascii(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }
}
