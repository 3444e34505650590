#!/usr/bin/python3
"""A simulated slurry-line PLC for RovDsp's tests and demo, on Debian's python3-pymodbus (3.0).

It serves the readings in a CSV (a header `t` then one column per sensor kind, as written by RovDsp's
SlurryPlcTable from the dive simulator) under a register map (docs/slurry-register-map.json format, see
docs/hardware.md), replaying the rows in real time and looping. Each value is encoded exactly as the map
says (raw = (value - offset) / scale, rounded for integer types; word and byte order as given), so what a
Modbus client reads back can be checked against the CSV.

usage: modbus-sim.py --port PORT --map MAP.json --csv VALUES.csv [--host 127.0.0.1] [--once]
Prints "modbus-sim: listening on HOST:PORT" once it serves. --once holds the first row (no replay).
"""
import argparse
import asyncio
import csv
import json
import logging
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server.async_io import ModbusTcpServer

SIZE = 200  # registers served per table; reads beyond are refused with exception 2 (illegal data address)


def encode(entry, value):
    kind = entry["type"].lower()
    raw = (value - entry.get("offset", 0.0)) / entry.get("scale", 1.0)
    if kind == "float32":
        data = struct.pack(">f", raw)
    elif kind == "int32":
        data = struct.pack(">i", int(round(raw)))
    elif kind == "int16":
        data = struct.pack(">h", max(-32768, min(32767, int(round(raw)))))
    elif kind == "uint16":
        data = struct.pack(">H", max(0, min(65535, int(round(raw)))))
    else:
        raise ValueError("unknown type " + kind)
    words = [data[i:i + 2] for i in range(0, len(data), 2)]
    if len(words) == 2 and entry.get("wordOrder", "big").lower() == "little":
        words.reverse()
    if entry.get("byteOrder", "big").lower() == "little":
        words = [w[::-1] for w in words]
    return [struct.unpack(">H", w)[0] for w in words]


def main():
    # pymodbus logs every closed client connection as an error; the simulator's own line is all a run needs.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--map", required=True)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--size", type=int, default=SIZE, help="registers served per table (a smaller table refuses reads beyond it)")
    args = parser.parse_args()

    with open(args.map, encoding="utf-8") as f:
        sensors = json.load(f)["sensors"]
    with open(args.csv, newline="", encoding="utf-8") as f:
        rows = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]
    if not rows:
        sys.exit("modbus-sim: " + args.csv + " holds no rows")

    units = {}
    for s in sensors:
        unit = s.get("unit", 1)
        if unit not in units:
            units[unit] = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, [0] * args.size),
                                             ir=ModbusSequentialDataBlock(0, [0] * args.size), zero_mode=True)
    context = ModbusServerContext(slaves=units, single=False)

    def load(row):
        for s in sensors:
            if s["address"] + (2 if s["type"].lower() in ("int32", "float32") else 1) > args.size:
                continue  # registers this PLC does not map: a read of them is refused
            table = 3 if s.get("function", 3) == 3 else 4
            units[s.get("unit", 1)].setValues(table, s["address"], encode(s, row[s["kind"]]))

    async def replay():
        loop = asyncio.get_running_loop()
        start = loop.time()
        t0 = rows[0]["t"]
        span = rows[-1]["t"] - t0 + (rows[1]["t"] - rows[0]["t"] if len(rows) > 1 else 1.0)
        lap = 0
        while True:
            for row in rows:
                delay = start + lap * span + (row["t"] - t0) - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                load(row)
            lap += 1

    async def run():
        load(rows[0])
        server = ModbusTcpServer(context, address=(args.host, args.port), allow_reuse_address=True)
        task = asyncio.create_task(server.serve_forever())
        while server.server is None:
            await asyncio.sleep(0.01)
        print(f"modbus-sim: listening on {args.host}:{args.port}", flush=True)
        if args.once:
            await task
        else:
            await asyncio.gather(task, replay())

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
