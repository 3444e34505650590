using RovDsp.Dsp.Wire;

namespace RovDsp.Processing.Feeds;

/// <summary>The reason strings (metrics keys and errors-topic values) of wire refusals.</summary>
public static class WireErrorNames
{
    /// <summary>The reason string of <paramref name="error"/>.</summary>
    public static string Of(WireError error) => error switch
    {
        WireError.Truncated => "truncated",
        WireError.Oversized => "oversized",
        WireError.BadMagic => "bad-magic",
        WireError.UnsupportedVersion => "unsupported-version",
        WireError.WrongKind => "wrong-kind",
        WireError.NonFinite => "non-finite",
        WireError.BadField => "bad-field",
        _ => "ok",
    };

    /// <summary>A one-line explanation for the errors topic.</summary>
    public static string Explain(WireError error) => error switch
    {
        WireError.Truncated => "payload shorter than its header or declared lengths",
        WireError.Oversized => "payload longer than declared, or larger than this sensor accepts",
        WireError.BadMagic => "payload does not start with the wire magic 'RW' (0x5752)",
        WireError.UnsupportedVersion => "wire format version is not 1",
        WireError.WrongKind => "message kind does not match the topic's raw kind",
        WireError.NonFinite => "NaN or infinity where a finite number is required",
        WireError.BadField => "a field is outside its valid range",
        _ => "accepted",
    };
}
