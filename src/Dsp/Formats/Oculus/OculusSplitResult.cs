namespace RovDsp.Dsp.Formats.Oculus;

/// <summary>What <see cref="OculusStreamSplitter.Split"/> found in a buffer.</summary>
/// <param name="Messages">The whole messages in buffer order.</param>
/// <param name="SkippedBytes">Bytes discarded while resynchronising on the oculusId.</param>
/// <param name="RemainderOffset">
/// Where an incomplete message (or a possible start of one) begins at the end of the buffer; equals the buffer
/// length when nothing is left over. A streaming caller keeps the bytes from here for the next buffer.
/// </param>
public sealed record OculusSplitResult(IReadOnlyList<OculusMessage> Messages, long SkippedBytes, long RemainderOffset);
