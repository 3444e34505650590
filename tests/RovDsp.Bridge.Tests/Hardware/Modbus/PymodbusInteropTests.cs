using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RovDsp.Bridge.Hardware.Modbus;
using RovDsp.Bridge.Tests.Support;
using RovDsp.Dsp.Pipelines.Slurry;
using RovDsp.Dsp.Wire;
using RovDsp.Replay.Devices;
using RovDsp.Replay.Simulation;
using Xunit.Abstractions;

namespace RovDsp.Bridge.Tests.Hardware.Modbus;

/// <summary>
/// Our Modbus client against independent peers: the dive simulator's slurry values served by python3-pymodbus under
/// the shipped register map (docs/slurry-register-map.json), read back by our client and by mbpoll.
/// </summary>
public sealed class PymodbusInteropTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rovdsp-modbus-").FullName;

    private static string ShippedMap => Path.Combine(RepoFiles.Root, "docs", "slurry-register-map.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Csv, float[] Row) FirstRow()
    {
        var rows = SlurryPlcTable.Rows(ScenarioKind.Nominal, 3, TimeSpan.FromSeconds(10));
        var csv = Path.Combine(_dir, "values.csv");
        SlurryPlcTable.Write(csv, rows);
        return (csv, rows[0].Values);
    }

    // Half a step of the map's integer scaling, plus float32's own rounding.
    private static double Tolerance(RegisterMapEntry s, double value) =>
        (s.Type is RegisterType.Float32 ? 0 : Math.Abs(s.Scale) / 2) + Math.Abs(value) * 1e-6 + 1e-9;

    [ModbusFact]
    public async Task Our_client_and_mbpoll_read_the_values_the_simulator_put_in_the_pymodbus_PLC()
    {
        var (csv, row) = FirstRow();
        var map = RegisterMap.Load(ShippedMap);
        await using var plc = await ModbusPeers.StartAsync(ShippedMap, csv, "--once");
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromSeconds(2));
        foreach (var s in map.Sensors)
        {
            var expected = (double)row[(int)s.Kind];
            var registers = new ushort[s.RegisterCount];
            await client.ReadAsync(s.Unit, s.Function, s.Address, registers, CancellationToken.None);
            var ours = s.Decode(registers);

            // mbpoll: -t 4 holding / 3 input; ":int" and ":float" read 32-bit values, low word first unless -B.
            var table = s.Function == ModbusFunction.ReadHoldingRegisters ? "4" : "3";
            var type = s.Type switch { RegisterType.Int32 => ":int", RegisterType.Float32 => ":float", _ => "" };
            List<string> args = ["-1", "-0", "-q", "-p", plc.Port.ToString(CultureInfo.InvariantCulture), "-a", s.Unit.ToString(CultureInfo.InvariantCulture),
                "-r", s.Address.ToString(CultureInfo.InvariantCulture), "-c", "1", "-t", table + type];
            if (s.RegisterCount == 2 && s.WordOrder == RegisterOrder.Big)
            {
                args.Add("-B");
            }

            args.Add("127.0.0.1");
            var (code, output) = await ModbusPeers.RunAsync("/usr/bin/mbpoll", [.. args]);
            Assert.True(code == 0, output);
            var m = Regex.Match(output, $@"\[{s.Address}\]:\s+(\S+)(?:\s+\((-?\d+)\))?");
            Assert.True(m.Success, output);
            var text = s.Type == RegisterType.Int16 && m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value;
            var theirs = double.Parse(text, CultureInfo.InvariantCulture) * s.Scale + s.Offset;
            log.WriteLine($"{s.Name}: simulator {expected}, ours {ours}, mbpoll {theirs}");
            Assert.InRange(ours, expected - Tolerance(s, expected), expected + Tolerance(s, expected));
            Assert.InRange(theirs, expected - Tolerance(s, expected) - Math.Abs(expected) * 1e-5, expected + Tolerance(s, expected) + Math.Abs(expected) * 1e-5);
        }

        Assert.Equal((0L, 0L, 0L), (client.DeviceExceptions, client.ShortFrames, client.Timeouts));
    }

    [ModbusFact]
    public async Task Function_23_writes_then_reads_in_one_transaction_and_mbpoll_sees_what_it_wrote()
    {
        var (csv, _) = FirstRow();
        await using var plc = await ModbusPeers.StartAsync(ShippedMap, csv, "--once");
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromSeconds(2));
        var read = new ushort[4];
        await client.ReadWriteAsync(1, 100, read, 101, new ushort[] { 111, 222, 333 }, CancellationToken.None);
        Assert.Equal(new ushort[] { 0, 111, 222, 333 }, read);
        var (code, output) = await ModbusPeers.RunAsync("/usr/bin/mbpoll", "-1", "-0", "-q", "-p", plc.Port.ToString(CultureInfo.InvariantCulture), "-a", "1", "-r", "101", "-c", "3", "-t", "4", "127.0.0.1");
        Assert.True(code == 0, output);
        Assert.Matches(@"\[101\]:\s+111\s+\[102\]:\s+222\s+\[103\]:\s+333", output);
    }

    [ModbusFact]
    public async Task A_flow_meter_register_the_PLC_refuses_is_a_faulty_sensor_never_zero_flow()
    {
        var (csv, row) = FirstRow();
        // The flow meter moved to registers 10–11 of a PLC that maps 0–10 only: the grouped read is refused
        // (exception 2), split, and the flow meter's own read keeps being refused while the rest read fine.
        var json = File.ReadAllText(ShippedMap).Replace("\"address\": 0, \"type\": \"float32\",\n      \"wordOrder\": \"big\", \"byteOrder\": \"big\"",
            "\"address\": 10, \"type\": \"float32\",\n      \"wordOrder\": \"big\", \"byteOrder\": \"big\"", StringComparison.Ordinal);
        Assert.Contains("\"address\": 10, \"type\": \"float32\"", json, StringComparison.Ordinal);
        var mapPath = Path.Combine(_dir, "map.json");
        File.WriteAllText(mapPath, json);
        var map = RegisterMap.Load(mapPath);
        await using var plc = await ModbusPeers.StartAsync(mapPath, csv, "--once", "--size", "11");
        await using var client = new ModbusTcpClient("127.0.0.1", plc.Port, TimeSpan.FromSeconds(2));
        var samples = new List<SlurrySample>();
        var poller = new ModbusPoller(client, map, (bytes, _) =>
        {
            Assert.Equal(WireError.None, SlurrySampleCodec.TryDecode(bytes.Span, out var sample));
            samples.Add(sample);
            return ValueTask.CompletedTask;
        });
        Assert.Equal(2, poller.Groups.Count);
        var pipeline = new SlurryLinePipeline(new SlurryLineSettings());
        for (var cycle = 0; cycle < 30; cycle++)
        {
            foreach (var group in poller.Groups.ToList())
            {
                await poller.PollAsync(group, CancellationToken.None);
            }

            await Task.Delay(20);
        }

        foreach (var sample in samples)
        {
            pipeline.Process(sample);
        }

        log.WriteLine($"groups now {poller.Groups.Count}, splits {poller.Splits}, exceptions {client.DeviceExceptions}, readings {poller.Readings}, faulty {poller.FaultyReadings}; {client.LastError}");
        Assert.Equal(1, poller.Splits);
        Assert.Equal(7, poller.Groups.Count); // 6 singles on unit 1, the pump pair on unit 2
        Assert.Equal(30L, client.DeviceExceptions); // the grouped read in cycle 0, then the flow meter in each of the 29 others
        Assert.All(samples.Where(s => s.Kind == SlurrySensorKind.FlowVelocity), s => Assert.True(float.IsNaN(s.Value)));
        var density = samples.Last(s => s.Kind == SlurrySensorKind.DensityGamma).Value;
        Assert.InRange(density, row[1] - 0.051, row[1] + 0.051);
        var state = pipeline.State;
        Assert.True((state.Health[SlurrySensorKind.FlowVelocity] & SlurrySensorFault.NotFinite) != 0, $"flow fault flags {state.Health[SlurrySensorKind.FlowVelocity]}");
        Assert.Equal(SlurrySensorFault.None, state.Health[SlurrySensorKind.DensityGamma] & SlurrySensorFault.NotFinite);
        log.WriteLine($"pipeline with the flow meter faulty: velocity {state.VelocityMps}, dry tph {state.DrySolidsTph}, faults {state.Health.Packed:X}");
    }
}
