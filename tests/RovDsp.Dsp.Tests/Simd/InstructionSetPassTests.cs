using System.Runtime.Intrinsics;

namespace RovDsp.Dsp.Tests.Simd;

/// <summary>
/// scripts/test.sh reruns the vector-code suites with the wider instruction sets switched off by runtime knobs
/// (DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0, DOTNET_PreferredVectorBitWidth=128) and says in
/// ROVDSP_EXPECTED_VECTOR_BITS how wide the vectors must then be. A knob the runtime ignores (as .NET 10 ignores
/// the older DOTNET_EnableAVX512F) would rerun the widest path and prove nothing; this test fails that pass.
/// </summary>
public sealed class InstructionSetPassTests
{
    [SkippableFact]
    public void The_pass_runs_on_the_vector_width_it_was_asked_for()
    {
        var expected = Environment.GetEnvironmentVariable("ROVDSP_EXPECTED_VECTOR_BITS");
        Skip.If(string.IsNullOrEmpty(expected), "not an instruction-set pass (ROVDSP_EXPECTED_VECTOR_BITS unset): the machine's own widest path runs");
        var widest = Vector512.IsHardwareAccelerated ? 512
            : Vector256.IsHardwareAccelerated ? 256
            : Vector128.IsHardwareAccelerated ? 128
            : 0;
        Assert.Equal(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), widest);
    }
}
