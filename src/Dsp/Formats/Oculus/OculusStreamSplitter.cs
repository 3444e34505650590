using System.Buffers.Binary;

namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>
/// Finds consecutive Oculus messages in a byte buffer (e.g. a TCP capture): each is a 16-byte header followed
/// by payloadSize bytes. After garbage it resynchronises by scanning for the oculusId 0x4F53.
/// </summary>
public static class OculusStreamSplitter
{
    /// <summary>Default bound on payloadSize: larger values are taken as a false oculusId match.</summary>
    public const uint DefaultMaxPayload = 16 * 1024 * 1024;

    /// <summary>Splits <paramref name="buffer"/> into whole messages.</summary>
    /// <param name="buffer">Bytes of the stream.</param>
    /// <param name="maxPayload">Largest plausible payloadSize; a header claiming more is skipped as garbage.</param>
    public static OculusSplitResult Split(ReadOnlyMemory<byte> buffer, uint maxPayload = DefaultMaxPayload)
    {
        var span = buffer.Span;
        var messages = new List<OculusMessage>();
        long skipped = 0;
        var pos = 0;
        while (pos < span.Length)
        {
            if (span.Length - pos < OculusMessageHeader.Size)
            {
                // Too short for a header: keep it only if it could still be the start of one.
                if (span[pos] != 0x53 || (span.Length - pos >= 2 && span[pos + 1] != 0x4F))
                {
                    skipped++;
                    pos++;
                    continue;
                }
                break;
            }
            if (BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]) != OculusMessageHeader.Magic)
            {
                skipped++;
                pos++;
                continue;
            }
            var header = OculusMessageHeader.Parse(span[pos..], pos);
            if (header.PayloadSize > maxPayload)
            {
                skipped++;
                pos++;
                continue;
            }
            if (header.MessageLength > span.Length - pos)
            {
                break;
            }
            messages.Add(new OculusMessage(pos, header, buffer.Slice(pos, (int)header.MessageLength)));
            pos += (int)header.MessageLength;
        }
        return new OculusSplitResult(messages, skipped, pos);
    }
}
