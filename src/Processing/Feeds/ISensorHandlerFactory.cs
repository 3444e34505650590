using RovDsp.Processing.Feeds;
using RovDsp.Processing.Topics;

namespace RovDsp.Processing.Feeds;

/// <summary>Makes the handler (decoder + pipeline + feed publisher) for a sensor the first time its raw topic is
/// seen.</summary>
public interface ISensorHandlerFactory
{
    /// <summary>A handler for <paramref name="sensor"/> of <paramref name="kind"/>, or null (with a reason) when the
    /// bridge is not configured to process it.</summary>
    ISensorHandler? Create(RawKind kind, string sensor, HandlerContext context, out string? refusal);
}
