#!/usr/bin/env bash
# The test command: sets up what the tests need on a fresh machine, builds, runs every test project,
# and ends with one line `tests: N passed, N failed, N skipped` summed over all projects.
# Exit status is non-zero if anything failed or no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (dotnet) is not on PATH; RovDsp needs the .NET 10 SDK (see global.json)" >&2
  exit 2
fi

# The real MQTT peer the bridge is tested against: mosquitto and its command-line clients (Debian packages).
# Installed when missing and this machine can (root with apt-get); otherwise those tests skip, or fail under CI=true.
if ! [ -x /usr/sbin/mosquitto ] || ! command -v mosquitto_pub >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "setup: installing mosquitto and mosquitto-clients"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients) >/dev/null 2>&1 \
      || echo "setup: warning: could not install mosquitto; the mosquitto tests will skip (or fail under CI=true)" >&2
  else
    echo "setup: mosquitto is not installed and cannot be installed here (needs root and apt-get)" >&2
  fi
fi

# The independent Modbus peers of the PLC tests: python3-pymodbus (the simulated PLC, scripts/modbus-sim.py) and mbpoll
# (a second client reading the same register map). Same pattern as mosquitto.
if ! [ -d /usr/lib/python3/dist-packages/pymodbus ] || ! [ -x /usr/bin/mbpoll ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "setup: installing python3-pymodbus and mbpoll"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pymodbus mbpoll) >/dev/null 2>&1 \
      || echo "setup: warning: could not install python3-pymodbus and mbpoll; the Modbus peer tests will skip (or fail under CI=true)" >&2
  else
    echo "setup: python3-pymodbus or mbpoll is not installed and cannot be installed here (needs root and apt-get)" >&2
  fi
fi

# FFTW 3 (single precision, Debian's libfftw3-single3: libfftw3f.so.3), the native baseline of the FFT benchmarks and
# of the gate's FFT-vs-FFTW budgets, which .ci/run runs after these tests. Same pattern: installed when missing and
# this machine can; without it those benchmarks and budgets report themselves skipped.
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libfftw3f\.so\.3'; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "setup: installing libfftw3-single3 (FFTW baseline for the FFT benchmarks and gate)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfftw3-single3) >/dev/null 2>&1 \
      || echo "setup: warning: could not install libfftw3-single3; the FFTW benchmarks and gate budgets will skip" >&2
  else
    echo "setup: libfftw3f.so.3 is not installed and cannot be installed here (needs root and apt-get); FFTW baselines skip" >&2
  fi
fi

# The MCAP interop tests read our files with Foxglove's @mcap/core and check them against @foxglove/schemas with ajv:
# install the pinned packages (package-lock.json) when any is missing. Without npm those tests skip locally and fail
# under CI=true.
if [ ! -f tests/mcap-interop/node_modules/@mcap/core/package.json ] \
  || [ ! -f tests/mcap-interop/node_modules/@foxglove/schemas/package.json ] \
  || [ ! -f tests/mcap-interop/node_modules/ajv/package.json ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "setup: npm ci in tests/mcap-interop (@mcap/core, @foxglove/schemas, ajv for the MCAP interop tests)"
    (cd tests/mcap-interop && npm ci --no-audit --no-fund) >/dev/null \
      || echo "setup: warning: npm ci in tests/mcap-interop failed; the MCAP interop tests will report it" >&2
  else
    echo "setup: npm not found; the MCAP interop tests (tests/mcap-interop) skip, or fail under CI=true" >&2
  fi
fi

# The pilot's web console: its browser libraries (mqtt, uplot; web/console/package-lock.json) are installed before the
# build, which copies their dist folders beside rovdsp-bridge; its browser tests drive Debian's chromium. Each installed
# when missing and this machine can; without them the browser tests skip, or fail under CI=true.
if [ ! -d web/console/node_modules ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "setup: npm ci in web/console (mqtt and uplot for the pilot's web console)"
    (cd web/console && npm ci --no-audit --no-fund) >/dev/null \
      || echo "setup: warning: npm ci in web/console failed; the console's browser tests will report it" >&2
  else
    echo "setup: npm not found; the bridge builds without its web console and the browser tests skip, or fail under CI=true" >&2
  fi
fi
if ! [ -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "setup: installing chromium (the browser the console's tests drive)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
      || echo "setup: warning: could not install chromium; the browser tests will skip (or fail under CI=true)" >&2
  else
    echo "setup: chromium is not installed and cannot be installed here (needs root and apt-get); the browser tests skip" >&2
  fi
fi

results="TestResults"
rm -rf "$results"
mkdir -p "$results"

set +e
# Build the whole solution first, so a benchmark that no longer compiles fails the run too
# (dotnet test alone builds only the test projects and what they reference).
dotnet build RovDsp.sln -c Release --nologo
status=$?
built=$status
audit="$PWD/$results/mcap-audit"
if [ "$status" -eq 0 ]; then
  # Every MCAP file the tests write is kept (tests/RovDsp.Replay.Tests/Support/McapAudit.cs) for the Foxglove audit below.
  ROVDSP_MCAP_AUDIT_DIR="$audit" dotnet test RovDsp.sln -c Release --nologo --no-build \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" \
    2>&1 | tee "$results/console.log"
  status=${PIPESTATUS[0]}
fi

# The suites that hold vector code (Dsp, Replay) run again on each narrower instruction set this machine can
# switch to (scripts/isa-passes.sh); ROVDSP_ISA_PASSES=0 skips them for a quick local run.
isa_passes=()
if [ "$built" -eq 0 ] && [ "${ROVDSP_ISA_PASSES:-1}" != "0" ]; then
  mapfile -t isa_passes < <(bash scripts/isa-passes.sh)
fi
for pass in "${isa_passes[@]}"; do
  IFS='|' read -r name bits knobs _ <<< "$pass"
  # Left out of the passes: tests of real-time behaviour over MQTT (Replay.Tests' Cli and Playback folders: play,
  # record, lateness) and those that drive mosquitto or node. They hold no vector code of ours, they run once in the
  # main pass, and with every child process on the narrower instruction set their timing margins are not the point.
  echo "isa pass $name: $knobs (Dsp and Replay tests, less the MQTT timing, mosquitto and node ones)"
  for project in tests/RovDsp.Dsp.Tests tests/RovDsp.Replay.Tests; do
    env $knobs ROVDSP_EXPECTED_VECTOR_BITS="$bits" dotnet test "$project" -c Release --nologo --no-build \
      --filter "FullyQualifiedName!~Mosquitto&FullyQualifiedName!~Interop&FullyQualifiedName!~RovDsp.Replay.Tests.Cli.&FullyQualifiedName!~RovDsp.Replay.Tests.Playback." \
      --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results/isa-$name" \
      2>&1 | tee -a "$results/console.log"
    code=${PIPESTATUS[0]}
    if [ "$code" -ne 0 ]; then status=$code; fi
  done
done
set -e

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx "$results"/isa-*/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); total=$(get total)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
  # The trx logger leaves skipped tests out of every counter but total.
  skipped=$((skipped + ${total:-0} - ${p:-0} - ${f:-0} - ${e:-0} - ${t:-0}))
done

if [ "$found" -eq 0 ] && [ "$status" -ne 0 ]; then
  echo "error: the build or the test host failed before any test result was written" >&2
  failed=$((failed + 1))
fi
# Every MCAP file the main pass wrote must open in Foxglove and Lichtblick as a dive: the same checks as
# FoxgloveInteropTests (tests/mcap-interop/foxglove-check.mjs), over all of them. Counted as one test; it needs node and
# the interop packages, like those tests (without them it is counted skipped, and failed under CI=true).
if [ "$built" -eq 0 ]; then
  if command -v node >/dev/null 2>&1 && [ -f tests/mcap-interop/node_modules/@mcap/core/package.json ]; then
    if node tests/mcap-interop/foxglove-check.mjs --audit "$audit" 2>&1 | tee -a "$results/console.log"; then
      passed=$((passed + 1))
      rm -rf "$audit" # a few hundred MB of digests; kept only when the audit fails, to look at
    else
      echo "error: the Foxglove audit of the MCAP files the tests wrote failed (above)" >&2
      failed=$((failed + 1))
    fi
  elif [ "${CI:-}" = "true" ]; then
    echo "error: the Foxglove audit needs node and tests/mcap-interop/node_modules (npm ci)" >&2
    failed=$((failed + 1))
  else
    echo "mcap audit: skipped (node or tests/mcap-interop/node_modules missing)"
    skipped=$((skipped + 1))
  fi
fi
# xunit silently drops a data row whose name repeats another's; a fixture case that never runs is a defect.
if grep -q "Skipping test case with duplicate ID" "$results/console.log" 2>/dev/null; then
  echo "error: xunit skipped test cases with duplicate IDs (fixture case names must be unique):" >&2
  grep "Skipping test case with duplicate ID" "$results/console.log" | head -n 5 >&2
  failed=$((failed + 1))
fi
# The failed tests by name, beside the summary (CI shows only the tail of the output).
if [ "$failed" -ne 0 ]; then bash scripts/failed-tests.sh "$results" || true; fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
