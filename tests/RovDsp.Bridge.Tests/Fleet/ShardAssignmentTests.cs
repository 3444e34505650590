using RovDsp.Bridge.Connection;
using RovDsp.Bridge.Fleet;

namespace RovDsp.Bridge.Tests.Fleet;

/// <summary>The shard hash against vectors computed independently by fnv1a_vectors.py (beside this file; "" and "a"
/// are FNV's own reference values), and --shard parsing.</summary>
public sealed class ShardAssignmentTests
{
    [Theory]
    [InlineData("", 2166136261u, 1, 1)]
    [InlineData("a", 3826002220u, 0, 1)]
    [InlineData("rov1", 1748358811u, 3, 1)]
    [InlineData("rov2", 1765136430u, 2, 0)]
    [InlineData("rov3", 1781914049u, 1, 2)]
    [InlineData("rov4", 1798691668u, 0, 1)]
    [InlineData("rov5", 1815469287u, 3, 0)]
    [InlineData("rov6", 1832246906u, 2, 2)]
    [InlineData("rov7", 1849024525u, 1, 1)]
    [InlineData("rov8", 1597360240u, 0, 1)]
    [InlineData("collector", 1169120536u, 0, 1)]
    [InlineData("riser-01", 2345665782u, 2, 0)]
    [InlineData("ROV_9", 3160556580u, 0, 0)]
    [InlineData("véhicule", 2622569317u, 1, 1)]
    public void HashAndShardMatchTheIndependentVectors(string vehicle, uint hash, int shardOf4, int shardOf3)
    {
        Assert.Equal(hash, ShardAssignment.Hash(vehicle));
        Assert.Equal(shardOf4, ShardAssignment.ShardOf(vehicle, 4));
        Assert.Equal(shardOf3, ShardAssignment.ShardOf(vehicle, 3));
        Assert.True(ShardAssignment.Parse($"{shardOf4}/4").Owns(vehicle));
        Assert.False(ShardAssignment.Parse($"{(shardOf4 + 1) % 4}/4").Owns(vehicle));
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("0/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("/4")]
    [InlineData("0/5000")]
    public void BadShardIsRefusedNamingTheSetting(string text)
    {
        var ex = Assert.Throws<BridgeConfigurationException>(() => ShardAssignment.Parse(text));
        Assert.Contains("shard", ex.Message, StringComparison.Ordinal);
    }
}
