#!/usr/bin/env bash
# Builds rovdsp-bridge and runs the main demonstration: a shipped dive replayed into the embedded MQTT broker
# through the bridge, with the pilot's view live in the terminal. Extra arguments go to rovdsp-bridge
# (e.g. scripts/run.sh --speed 5 --loop, or --replay recordings/clog.mcap). The bridge prints the web console's URL
# (http://127.0.0.1:8080/ by default) before the terminal view starts. Watch the same feeds meanwhile with
#   mosquitto_sub -h 127.0.0.1 -V mqttv5 -t 'rov/#' -v   (over MQTT 3.1.1 the embedded broker needs -i <id>)
# scripts/run.sh --modbus-sim instead polls a simulated slurry-line PLC over Modbus TCP (python3-pymodbus serving the
# dive simulator's values under docs/slurry-register-map.json; see docs/hardware.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# The pilot's web console (http://127.0.0.1:8080/ unless --http ADDR:PORT or --no-http) needs its browser libraries from
# npm (web/console/package-lock.json), installed once before the build copies them beside the bridge.
if [ ! -d web/console/node_modules ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "setup: npm ci in web/console (the web console's mqtt and uplot)"
    (cd web/console && npm ci --no-audit --no-fund) >/dev/null \
      || echo "setup: warning: npm ci in web/console failed; the bridge will run without its web console" >&2
  else
    echo "setup: npm not found: the bridge runs without its web console (install Node.js and npm, then run this again)" >&2
  fi
fi
dotnet build src/Bridge/Cli -c Release -v quiet -nologo
replay=(--replay recordings/obstacle.mcap)
if [ "${1:-}" = "--modbus-sim" ]; then
  shift
  if ! /usr/bin/python3 -c 'import pymodbus' 2>/dev/null; then
    echo "run.sh --modbus-sim needs Debian's python3-pymodbus (sudo apt-get install python3-pymodbus; scripts/test.sh installs it)" >&2
    exit 1
  fi
  dotnet build src/Replay/Cli -c Release -v quiet -nologo
  work=$(mktemp -d)
  sim=
  trap 'if [ -n "$sim" ]; then kill "$sim" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  dotnet src/Replay/Cli/bin/Release/net10.0/rovdsp-replay.dll plc-table --scenario nominal --from 60 --duration 15m -o "$work/plc.csv"
  /usr/bin/python3 scripts/modbus-sim.py --port "$port" --map docs/slurry-register-map.json --csv "$work/plc.csv" \
    >"$work/sim.out" 2>"$work/sim.err" &
  sim=$!
  # The bridge starts once the PLC listens (it says so), not after a guessed pause.
  for _ in $(seq 1 200); do
    grep -q listening "$work/sim.out" 2>/dev/null && break
    if ! kill -0 "$sim" 2>/dev/null; then
      echo "run.sh: the simulated PLC (scripts/modbus-sim.py) stopped:" >&2
      cat "$work/sim.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  cat "$work/sim.out"
  code=0
  dotnet src/Bridge/Cli/bin/Release/net10.0/rovdsp-bridge.dll --modbus "127.0.0.1:$port" --register-map docs/slurry-register-map.json "$@" || code=$?
  exit "$code"
fi
for arg in "$@"; do
  case "$arg" in --replay|--simulate) replay=() ;; esac
done
exec dotnet src/Bridge/Cli/bin/Release/net10.0/rovdsp-bridge.dll "${replay[@]}" "$@"
