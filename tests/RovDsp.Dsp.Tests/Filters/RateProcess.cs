namespace RovDsp.Dsp.Tests.Filters;

/// <summary>A rate changer's Process: consumes the input, returns the number of outputs written.</summary>
internal delegate int RateProcess(ReadOnlySpan<float> input, Span<float> output);
