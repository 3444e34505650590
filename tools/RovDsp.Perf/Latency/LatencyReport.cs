using System.Globalization;
using System.Text;

namespace RovDsp.Perf.Latency;

/// <summary>The harness's table (console) and CSV rows: one row per broker, load and stream.</summary>
public static class LatencyReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the table of <paramref name="results"/>, then per broker the saturation multiple.</summary>
    public static void WriteTable(IReadOnlyList<LatencyResult> results, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("latencies in microseconds: proc = handler time per message (dequeue to feed built); e2e = raw publish to feed");
        output.WriteLine("received by an outside subscriber; in/out = messages/s; drops = sonar drop-oldest; sq = slurry queue max/end;");
        output.WriteLine("gc = pause ms and gen0/1/2 collections in the measured run (whole process)");
        output.WriteLine();
        output.WriteLine(string.Create(Inv,
            $"{"broker",-9} {"load",4} {"kind",-9} {"proc p50",8} {"p90",6} {"p99",6} {"p99.9",6} {"max",6} | {"e2e p50",8} {"p90",6} {"p99",6} {"p99.9",6} {"max",6} | {"in/s",6} {"out/s",6} {"drops",6} {"sq",9} {"gc",14}  verdict"));
        foreach (var r in results)
        {
            var first = true;
            foreach (var k in r.Kinds)
            {
                var p = k.Processing;
                var e = k.EndToEnd;
                var queue = string.Create(Inv, $"{r.SlurryMaxDepth}/{r.SlurryEndDepth}");
                var gc = string.Create(Inv, $"{r.GcPauseMs:0.0} {r.Collections.Gen0}/{r.Collections.Gen1}/{r.Collections.Gen2}");
                var head = first
                    ? string.Create(Inv, $"{r.InPerSecond,6:0} {r.OutPerSecond,6:0} {r.SonarDropped,6} {queue,9} {gc,14}  {r.Saturated ?? "ok"}")
                    : "";
                output.WriteLine(string.Create(Inv,
                    $"{(first ? r.Broker.ToString().ToLowerInvariant() : ""),-9} {(first ? r.Load + "x" : ""),4} {k.Kind.ToString().ToLowerInvariant(),-9} {p.P50,8:0} {p.P90,6:0} {p.P99,6:0} {p.P999,6:0} {p.Max,6:0} | {e.P50,8:0} {e.P90,6:0} {e.P99,6:0} {e.P999,6:0} {e.Max,6:0} | {head}"));
                first = false;
            }
        }

        WriteHops(results, output);
        output.WriteLine();
        output.WriteLine("saturation rule: " + SaturationRule.Text);
        foreach (var group in results.GroupBy(r => r.Broker))
        {
            var note = group.All(r => r.Saturated is null) ? " (no tested load saturated)" : "";
            output.WriteLine(string.Create(Inv, $"saturation multiple, {group.Key.ToString().ToLowerInvariant()}: {SaturationRule.Multiple(group)}x of the realistic mix{note}"));
        }
    }

    // The bare hop beside the bridge's two: a feed crosses the broker twice, so on a machine whose single hop has a
    // p99 of h, no bridge's end-to-end p99 is much below 2h (the tails of two hops do not simply add, but they are
    // not independent of a shared machine's stalls either).
    private static void WriteHops(IReadOnlyList<LatencyResult> results, TextWriter output)
    {
        var any = false;
        foreach (var r in results)
        {
            foreach (var k in r.Kinds)
            {
                if (k.RawHop.Count == 0)
                {
                    continue;
                }

                if (!any)
                {
                    output.WriteLine();
                    output.WriteLine("bare hop, same runs: raw publish -> the raw message at the outside subscriber itself (mosquitto_sub), µs;");
                    output.WriteLine("e2e/hop = the bridge's end-to-end p99 over the bare hop's p99 (a feed crosses the broker twice);");
                    output.WriteLine("relay = raw publish -> a native relay (mosquitto_sub | mosquitto_pub -l) -> the outside subscriber: two hops, no bridge (pings)");
                    output.WriteLine(string.Create(Inv, $"{"broker",-9} {"load",4} {"kind",-9} {"hop p50",8} {"p90",6} {"p99",6} {"max",6} | {"e2e p99",8} {"e2e/hop",8} | {"relay p50",9} {"p99",6} {"e2e/relay",9}"));
                    any = true;
                }

                var h = k.RawHop;
                var ratio = h.P99 > 0 ? (double)k.EndToEnd.P99 / h.P99 : 0;
                var relay = k.NativeRelay;
                var relayColumns = relay.Count == 0
                    ? ""
                    : string.Create(Inv, $" | {relay.P50,9:0} {relay.P99,6:0} {(double)k.EndToEnd.P99 / Math.Max(1, relay.P99),9:0.00}");
                output.WriteLine(string.Create(Inv,
                    $"{r.Broker.ToString().ToLowerInvariant(),-9} {r.Load + "x",4} {k.Kind.ToString().ToLowerInvariant(),-9} {h.P50,8:0} {h.P90,6:0} {h.P99,6:0} {h.Max,6:0} | {k.EndToEnd.P99,8:0} {ratio,8:0.00}{relayColumns}"));
            }
        }
    }

    /// <summary>The CSV header and rows of <paramref name="results"/>.</summary>
    public static string Csv(IEnumerable<LatencyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var csv = new StringBuilder();
        csv.AppendLine("broker,load,kind,seconds,published,feeds," +
                       "proc_count,proc_p50_us,proc_p90_us,proc_p99_us,proc_p999_us,proc_max_us," +
                       "e2e_count,e2e_p50_us,e2e_p90_us,e2e_p99_us,e2e_p999_us,e2e_max_us," +
                       "bridge_e2e_p50_us,bridge_e2e_p99_us,bridge_e2e_max_us,publish_call_p50_us,publish_call_p99_us," +
                       "inbound_p50_us,inbound_p99_us,queued_p50_us,queued_p99_us,handled_p50_us,handled_p99_us,handled_max_us,outbound_p50_us,outbound_p99_us," +
                       "raw_hop_count,raw_hop_p50_us,raw_hop_p90_us,raw_hop_p99_us,raw_hop_max_us," +
                       "native_relay_count,native_relay_p50_us,native_relay_p90_us,native_relay_p99_us,native_relay_max_us," +
                       "in_per_s,bridge_in_per_s,out_per_s,sonar_dropped,sonar_published,slurry_max_depth,slurry_end_depth," +
                       "backpressure_waits,failures,publisher_late_p99_us,gc_pause_ms,gen0,gen1,gen2,saturated");
        foreach (var r in results)
        {
            foreach (var k in r.Kinds)
            {
                var p = k.Processing;
                var e = k.EndToEnd;
                var b = k.BridgeEndToEnd;
                csv.AppendLine(string.Create(Inv,
                    $"{r.Broker.ToString().ToLowerInvariant()},{r.Load},{k.Kind.ToString().ToLowerInvariant()},{r.Seconds:0.###},{k.Published},{k.Feeds}," +
                    $"{p.Count},{p.P50},{p.P90},{p.P99},{p.P999},{p.Max}," +
                    $"{e.Count},{e.P50},{e.P90},{e.P99},{e.P999},{e.Max}," +
                    $"{b.P50},{b.P99},{b.Max},{k.PublisherSend.P50},{k.PublisherSend.P99}," +
                    $"{k.Inbound.P50},{k.Inbound.P99},{k.Queued.P50},{k.Queued.P99},{k.Handled.P50},{k.Handled.P99},{k.Handled.Max},{k.Outbound.P50},{k.Outbound.P99}," +
                    $"{k.RawHop.Count},{k.RawHop.P50},{k.RawHop.P90},{k.RawHop.P99},{k.RawHop.Max}," +
                    $"{k.NativeRelay.Count},{k.NativeRelay.P50},{k.NativeRelay.P90},{k.NativeRelay.P99},{k.NativeRelay.Max}," +
                    $"{r.InPerSecond:0.#},{r.BridgeInPerSecond:0.#},{r.OutPerSecond:0.#},{r.SonarDropped},{r.SonarPublished},{r.SlurryMaxDepth},{r.SlurryEndDepth}," +
                    $"{r.BackpressureWaits},{r.Failures},{r.PublisherLateness.P99},{r.GcPauseMs:0.###},{r.Collections.Gen0},{r.Collections.Gen1},{r.Collections.Gen2}," +
                    $"\"{r.Saturated ?? ""}\""));
            }
        }

        return csv.ToString();
    }
}
