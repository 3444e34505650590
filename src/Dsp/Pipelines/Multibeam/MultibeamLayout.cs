namespace RovDsp.Dsp.Pipelines.Multibeam;

/// <summary>How a <see cref="MultibeamFrame"/>'s samples are ordered.</summary>
public enum MultibeamLayout
{
    /// <summary>Row-major by range: all beams of bin 0, then all beams of bin 1 (the Oculus SimplePingResult
    /// image layout).</summary>
    RangeMajor,

    /// <summary>Row-major by beam: all bins of beam 0, then beam 1 (the layout the pipeline works in).</summary>
    BeamMajor,
}
