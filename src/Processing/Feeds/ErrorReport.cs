namespace RovDsp.Processing.Feeds;

/// <summary>One rejected input, as reported on the errors topic.</summary>
/// <param name="Source">Topic or sensor it came from.</param>
/// <param name="Reason">Machine-readable reason.</param>
/// <param name="Detail">Human-readable detail.</param>
/// <param name="Time">When it was seen (UTC).</param>
public readonly record struct ErrorReport(string Source, string Reason, string Detail, DateTime Time);
