#!/usr/bin/env bash
# Builds rovdsp-bridge and runs the main demonstration: a shipped dive replayed into the embedded MQTT broker
# through the bridge, with the pilot's view live in the terminal. Extra arguments go to rovdsp-bridge
# (e.g. scripts/run.sh --speed 5 --loop, or --replay recordings/clog.mcap). Watch the same feeds meanwhile with
#   mosquitto_sub -h 127.0.0.1 -V mqttv5 -t 'rov/#' -v   (over MQTT 3.1.1 the embedded broker needs -i <id>)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Bridge/Cli -c Release -v quiet -nologo
replay=(--replay recordings/obstacle.mcap)
for arg in "$@"; do
  case "$arg" in --replay|--simulate) replay=() ;; esac
done
exec dotnet src/Bridge/Cli/bin/Release/net10.0/rovdsp-bridge.dll "${replay[@]}" "$@"
