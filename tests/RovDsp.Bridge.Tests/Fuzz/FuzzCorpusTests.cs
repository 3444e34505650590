using RovDsp.Bridge.Tests.Support;
using RovDsp.Fuzz.Targets;
using RovDsp.Fuzz.Targets.Mqtt;
using RovDsp.Fuzz.Targets.Wire;

namespace RovDsp.Bridge.Tests.Fuzz;

/// <summary>
/// Every committed fuzz input, the seed corpus (fuzz/corpus/&lt;target&gt;/) and the crash regressions
/// (fuzz/regressions/&lt;target&gt;/), through the same target functions the fuzzer runs (fuzz/RovDsp.Fuzz.Targets),
/// without the fuzzer: a regression in the wire codecs, MQTTnet's decoding or the MCAP reader fails the ordinary test
/// run. The targets' own checks (no unexpected exception, round trips) are the assertions.
/// </summary>
public class FuzzCorpusTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.Names)
        {
            foreach (var folder in new[] { "corpus", "regressions" })
            {
                var dir = Path.Combine(RepoFiles.Root, "fuzz", folder, target);
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
                {
                    data.Add(target, Path.GetRelativePath(RepoFiles.Root, file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Committed_input_runs_through_its_target_without_a_finding(string target, string file)
    {
        FuzzTargets.Create(target).Run(File.ReadAllBytes(Path.Combine(RepoFiles.Root, file)));
    }

    [Fact]
    public void Every_target_has_a_committed_corpus()
    {
        foreach (var target in FuzzTargets.Names)
        {
            var dir = Path.Combine(RepoFiles.Root, "fuzz", "corpus", target);
            Assert.True(Directory.Exists(dir) && Directory.EnumerateFiles(dir).Any(), $"no corpus in {dir}");
        }
    }

    [Fact]
    public void Committed_corpus_stays_small()
    {
        var bytes = new DirectoryInfo(Path.Combine(RepoFiles.Root, "fuzz", "corpus")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.InRange(bytes, 1, 2 * 1024 * 1024);
    }

    [Fact]
    public void Wire_seeds_are_valid_messages_each_decoded_by_exactly_one_decoder()
    {
        var target = new WireTarget();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "fuzz", "corpus", "wire")))
        {
            target.Run(File.ReadAllBytes(file));
            Assert.True(target.Decoded == 1, $"{Path.GetFileName(file)}: decoded by {target.Decoded} decoders");
        }
    }

    [Fact]
    public void Mqtt_seeds_are_whole_connections_MQTTnet_decodes()
    {
        var target = new MqttPacketTarget();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "fuzz", "corpus", "mqtt")))
        {
            target.Run(File.ReadAllBytes(file));
            Assert.True(target.PacketsDecoded >= 2, $"{Path.GetFileName(file)}: {target.PacketsDecoded} packets decoded");
        }
    }
}
