using RovDsp.Dsp.Tests.Support;

namespace RovDsp.Dsp.Tests.Formats;

public class SharedDataFactTests
{
    [Theory]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(false, true, false)] // CI without data: run, so the test fails loudly
    [InlineData(false, false, true)] // plain clone without data: skip with a message
    public void Skips_only_without_data_outside_CI(bool present, bool ci, bool skipped)
    {
        var reason = SharedDataFactAttribute.SkipReason(present, ci);
        Assert.Equal(skipped, reason is not null);
        if (skipped)
        {
            Assert.Contains("shared/data", reason!, StringComparison.Ordinal);
        }
    }
}
