using BenchmarkDotNet.Attributes;

namespace RovDsp.Benchmarks.Detection;

/// <summary>The workload both CFAR benchmarks share: 8192 cells of unit exponential noise (square-law detected
/// complex Gaussian noise), guard 2 and training 16 cells per side, and the threshold and mask buffers.</summary>
public abstract class CfarBenchmarkBase
{
    /// <summary>Cells per block.</summary>
    protected const int N = 8192;

    /// <summary>Guard cells per side.</summary>
    protected const int G = 2;

    /// <summary>Training cells per side.</summary>
    protected const int T = 16;

    /// <summary>Power samples.</summary>
    private protected float[] _p = [];

    /// <summary>Threshold buffer.</summary>
    private protected float[] _th = [];

    /// <summary>Detection mask.</summary>
    private protected bool[] _det = [];

    /// <summary>Unit exponential noise (seed 3), then the detector of the derived class.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _p = new float[N];
        for (var i = 0; i < N; i++)
        {
            _p[i] = (float)-Math.Log(1.0 - rng.NextDouble());
        }
        _th = new float[N];
        _det = new bool[N];
        CreateDetector();
    }

    /// <summary>Builds the detector (and any scratch) under test.</summary>
    private protected abstract void CreateDetector();
}
