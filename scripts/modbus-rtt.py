#!/usr/bin/python3
"""pymodbus's own client round trip, for comparison with RovDsp's: COUNT reads of COUNT_REGS holding registers
of UNIT at ADDRESS, one at a time, over one connection. Prints "pymodbus round trip p50 N us p99 N us".

usage: modbus-rtt.py --port PORT [--host 127.0.0.1] [--count 400] [--unit 1] [--address 0] [--registers 10]
                     [--interval-ms 0]
--interval-ms paces the reads (one every N ms, as a poller does) instead of back to back.
"""
import argparse
import logging
import time

from pymodbus.client import ModbusTcpClient


def main():
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--unit", type=int, default=1)
    parser.add_argument("--address", type=int, default=0)
    parser.add_argument("--registers", type=int, default=10)
    parser.add_argument("--interval-ms", type=float, default=0.0)
    args = parser.parse_args()
    client = ModbusTcpClient(args.host, port=args.port)
    if not client.connect():
        raise SystemExit(f"modbus-rtt: cannot connect to {args.host}:{args.port}")
    times = []
    due = time.perf_counter()
    for _ in range(args.count):
        if args.interval_ms > 0:
            due += args.interval_ms / 1000.0
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        start = time.perf_counter_ns()
        result = client.read_holding_registers(args.address, args.registers, slave=args.unit)
        times.append((time.perf_counter_ns() - start) // 1000)
        if result.isError():
            raise SystemExit(f"modbus-rtt: {result}")
    client.close()
    times.sort()

    def pct(p):
        return times[max(0, min(len(times) - 1, -(-p * len(times) // 100) - 1))]

    print(f"pymodbus round trip p50 {pct(50)} us p99 {pct(99)} us max {times[-1]} us n {len(times)}")


if __name__ == "__main__":
    main()
