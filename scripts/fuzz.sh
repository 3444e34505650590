#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers (docs/fuzzing.md): AFL++ drives fuzz/RovDsp.Fuzz, whose assemblies
# (RovDsp.Dsp, RovDsp.Replay, MQTTnet) SharpFuzz has instrumented, one target after the other, each starting from its
# committed corpus fuzz/corpus/<target>/.
#
#   bash scripts/fuzz.sh [--seconds N] [--targets wire,mqtt,mcap] [--timeout-ms N]
#
# --seconds is the total fuzzing time, shared evenly by the targets (default 60, what CI runs). Prints one line per
# target with executions, executions/s, edges and paths; exits 1 if any target crashed (each crashing input is
# copied to fuzz/work/crashes/<target>/ and replayed to show its exception: see docs/fuzzing.md to turn it into a
# regression input), 2 if the tools are missing and cannot be installed, 3 if the build or instrumentation failed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
targets="wire,mqtt,mcap"
timeout_ms=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --targets) targets="$2"; shift 2 ;;
    --timeout-ms) timeout_ms="$2"; shift 2 ;;
    *) echo "usage: scripts/fuzz.sh [--seconds N] [--targets wire,mqtt,mcap] [--timeout-ms N]" >&2; exit 2 ;;
  esac
done
IFS=',' read -r -a target_list <<< "$targets"
per_target=$(( seconds / ${#target_list[@]} ))
if [ "$per_target" -lt 5 ]; then per_target=5; fi

work="fuzz/work"
sharpfuzz_version="2.3.0"

# AFL++ (Debian package afl++): installed when missing and this machine can (root with apt-get), like test.sh does
# for mosquitto. Without it the script cannot fuzz and says so.
if ! command -v afl-fuzz >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "fuzz: installing afl++"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++) >/dev/null 2>&1 \
      || { echo "fuzz: error: could not install afl++ with apt-get" >&2; exit 2; }
  else
    echo "fuzz: error: afl-fuzz is not installed and cannot be installed here (needs root and apt-get: apt-get install afl++)" >&2
    exit 2
  fi
fi

# SharpFuzz's instrumenter (dotnet tool SharpFuzz.CommandLine), installed into fuzz/work/tools from NuGet.
sharpfuzz="$work/tools/sharpfuzz"
if [ ! -x "$sharpfuzz" ]; then
  echo "fuzz: installing the SharpFuzz.CommandLine $sharpfuzz_version dotnet tool"
  dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$work/tools" >/dev/null \
    || { echo "fuzz: error: could not install the SharpFuzz.CommandLine dotnet tool" >&2; exit 2; }
fi

# A build of its own (fuzz/work/bin), instrumented in place: the ordinary bin/ folders stay uninstrumented.
rm -rf "$work/bin"
if ! dotnet publish fuzz/RovDsp.Fuzz -c Release -o "$work/bin" --nologo -v quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "fuzz: error: building fuzz/RovDsp.Fuzz failed" >&2
  exit 3
fi
for assembly in RovDsp.Dsp.dll RovDsp.Replay.dll MQTTnet.dll; do
  if ! "$sharpfuzz" "$work/bin/$assembly" >"$work/instrument.log" 2>&1; then
    cat "$work/instrument.log" >&2
    echo "fuzz: error: SharpFuzz could not instrument $assembly" >&2
    exit 3
  fi
done

# The dotnet host is not instrumented itself (the assemblies it loads are): AFL++ must not refuse it for that. No UI,
# no CPU pinning (a shared machine), and no core-dump setup needed (crashes are managed exceptions).
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_TieredPGO=0

afl_stat() { grep -E "^$1 *:" "$2" | head -n 1 | sed -E 's/^[^:]*: *//'; }

crashed=0
for target in "${target_list[@]}"; do
  out="$work/out/$target"
  rm -rf "$out" "$work/crashes/$target"
  mkdir -p "$out"
  echo "fuzz $target: ${per_target} s from fuzz/corpus/$target ($(ls "fuzz/corpus/$target" | wc -l) seeds)"
  set +e
  afl-fuzz -i "fuzz/corpus/$target" -o "$out" -V "$per_target" -t "$timeout_ms" -m none \
    -- dotnet "$work/bin/RovDsp.Fuzz.dll" "$target" >"$out/afl.log" 2>&1
  code=$?
  set -e
  stats="$out/default/fuzzer_stats"
  if [ "$code" -ne 0 ] || [ ! -f "$stats" ]; then
    tail -n 30 "$out/afl.log" >&2
    echo "fuzz $target: FAILED (afl-fuzz exit $code; log in $out/afl.log)"
    crashed=1
    continue
  fi
  crashes=$(find "$out/default/crashes" -type f ! -name README.txt | wc -l)
  hangs=$(find "$out/default/hangs" -type f | wc -l)
  echo "fuzz $target: $(afl_stat execs_done "$stats") executions in $(afl_stat run_time "$stats") s," \
    "$(afl_stat execs_per_sec "$stats") exec/s, edges $(afl_stat edges_found "$stats"), paths $(afl_stat corpus_count "$stats")," \
    "crashes $crashes, hangs $hangs (timeouts over ${timeout_ms} ms, not failures: see docs/fuzzing.md)"
  if [ "$crashes" -gt 0 ]; then
    crashed=1
    mkdir -p "$work/crashes/$target"
    find "$out/default/crashes" -type f ! -name README.txt -exec cp {} "$work/crashes/$target/" \;
    echo "fuzz $target: CRASHED; inputs saved in $work/crashes/$target/; replayed without the fuzzer:"
    # The ordinary (uninstrumented) build: instrumented code must not run outside Fuzzer.Run.
    dotnet run -c Release --project fuzz/RovDsp.Fuzz -- replay "$target" "$work/crashes/$target" 2>&1 | head -n 60 || true
  fi
done

if [ "$crashed" -ne 0 ]; then
  echo "fuzz: FAILED"
  exit 1
fi
echo "fuzz: no crashes"
