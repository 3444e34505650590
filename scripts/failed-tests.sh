#!/usr/bin/env bash
# Lists the failed tests of a test run, one line each: `failed: NAME [PASS]: FIRST LINE OF THE MESSAGE`, from the trx
# files under the results folder given (scripts/test.sh writes them). CI shows only the tail of a run's output, and a
# count of failures without their names cannot be acted on; scripts/test.sh prints these lines beside its summary and
# .ci/run prints them again just before its last line.
# Usage: bash scripts/failed-tests.sh RESULTS_DIR [MAX]   (MAX lines, default 20; a last line says how many more)
set -euo pipefail
results=${1:?usage: failed-tests.sh RESULTS_DIR [MAX]}
max=${2:-20}
shopt -s nullglob
files=("$results"/*.trx "$results"/isa-*/*.trx)
[ "${#files[@]}" -gt 0 ] || exit 0

if command -v python3 >/dev/null 2>&1; then
  python3 - "$max" "${files[@]}" <<'EOF'
import sys, os, xml.etree.ElementTree as ET
limit = int(sys.argv[1]); shown = 0; more = 0
for path in sys.argv[2:]:
    folder = os.path.basename(os.path.dirname(path))
    run = folder if folder.startswith("isa-") else "main"
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"failed: (unreadable trx {path}: {e})"); continue
    for el in root.iter():
        if not el.tag.endswith("UnitTestResult") or el.get("outcome") not in ("Failed", "Error", "Timeout"):
            continue
        if shown >= limit:
            more += 1; continue
        message = ""
        for m in el.iter():
            if m.tag.endswith("Message") and m.text:
                message = m.text.strip().splitlines()[0][:300]; break
        print(f"failed: {el.get('testName')} [{run}]: {message}")
        shown += 1
if more:
    print(f"failed: ... and {more} more (the trx files under {os.path.dirname(sys.argv[2])})")
EOF
else
  # Without python, the names alone: the trx writes testName before outcome on each result.
  grep -ho '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\)"[^>]*>' "${files[@]}" \
    | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p' | head -n "$max"
fi
