using BenchmarkDotNet.Attributes;
using RovDsp.Dsp.Formats.Ping;

namespace RovDsp.Benchmarks.Formats;

/// <summary>
/// Ping protocol framing of a recorded-like stream (Ping360 device_data frames of 1200 samples between short
/// garbage runs): <see cref="PingFrameParser"/> fed whole and in 64-byte chunks, against a plain byte-at-a-time
/// state machine with a scalar checksum (the approach of the reference parsers).
/// </summary>
[MemoryDiagnoser]
public class PingFrameParserBenchmarks
{
    private byte[] _stream = [];
    private PingFrameParser _parser = new();
    private PingFrameHandler _handler = _ => { };
    private long _payloadBytes;

    /// <summary>Builds 100 frames with 7 garbage bytes before each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var samples = new byte[1200];
        var frame = new byte[2000];
        var stream = new List<byte>();
        for (int i = 0; i < 100; i++)
        {
            rng.NextBytes(samples);
            var message = new Ping360DeviceData { Angle = (ushort)i, NumberOfSamples = 1200, Data = samples };
            int n = PingFrameWriter.Write(frame, message, 2, 0);
            stream.AddRange([1, 2, 3, 4, 5, 6, 7]);
            stream.AddRange(frame.AsSpan(0, n).ToArray());
        }

        _stream = stream.ToArray();
        _parser = new PingFrameParser();
        _handler = f => _payloadBytes += f.Payload.Length;
    }

    /// <summary>Baseline: byte-at-a-time state machine, scalar checksum, counts valid frames.</summary>
    [Benchmark(Baseline = true)]
    public int ByteStateMachine()
    {
        int frames = 0, state = 0, need = 0, length = 0;
        uint sum = 0;
        ushort received = 0;
        foreach (byte b in _stream)
        {
            switch (state)
            {
                case 0: if (b == 'B') { state = 1; sum = b; } break;
                case 1: if (b == 'R') { state = 2; sum += b; need = 6; length = 0; } else { state = 0; } break;
                case 2:
                    sum += b;
                    if (need == 6) { length = b; } else if (need == 5) { length |= b << 8; }
                    if (--need == 0) { state = length > 0 ? 3 : 4; need = length; }
                    break;
                case 3: sum += b; if (--need == 0) { state = 4; } break;
                case 4: received = b; state = 5; break;
                default:
                    received |= (ushort)(b << 8);
                    if (received == (ushort)sum) { frames++; }
                    state = 0;
                    break;
            }
        }

        return frames;
    }

    /// <summary>The whole stream in one call.</summary>
    [Benchmark]
    public int ParserWhole() => _parser.Process(_stream, _handler);

    /// <summary>The stream in 64-byte chunks (serial-port sized reads).</summary>
    [Benchmark]
    public int ParserChunks64()
    {
        int frames = 0;
        for (int i = 0; i < _stream.Length; i += 64)
        {
            frames += _parser.Process(_stream.AsSpan(i, Math.Min(64, _stream.Length - i)), _handler);
        }

        return frames;
    }
}
