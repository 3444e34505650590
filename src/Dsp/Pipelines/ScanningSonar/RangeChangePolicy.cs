namespace RovDsp.Dsp.Pipelines.ScanningSonar;

/// <summary>What the scanning-sonar image does when the sonar's range setting changes mid-scan.</summary>
public enum RangeChangePolicy
{
    /// <summary>
    /// Resample every stored beam from the old range grid onto the new one (range cells beyond the old range are
    /// emptied): the picture stays in place, coarser or partly empty until the head comes round again.
    /// </summary>
    Rescale = 0,

    /// <summary>Clear the whole image and start the picture again.</summary>
    Clear = 1,
}
