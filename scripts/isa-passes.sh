#!/usr/bin/env bash
# Prints the instruction-set passes this machine can run, one per line: `name|bits|knobs`.
# Vector code takes another path on each instruction set, and users' CPUs are mostly not this machine's: AVX2
# without AVX-512 (Intel desktops and laptops since Alder Lake, AMD before Zen 4), 128-bit (ARM64's AdvSimd, old
# x64). A pass reruns code with the wider sets switched off by the runtime's knobs; `bits` is the widest vector
# the pass must then see (tests/RovDsp.Dsp.Tests/Simd/InstructionSetPassTests.cs checks the knob took effect).
# .NET 10 reads DOTNET_EnableAVX512 (it ignores DOTNET_EnableAVX512F, the name before .NET 10; both are set), and
# DOTNET_EnableAVX2=0 takes FMA with it. Only x86-64 has these knobs; elsewhere no pass is printed.
# Used by scripts/test.sh (the Dsp and Replay tests) and .ci/run (the gate's allocation budgets).
set -euo pipefail
[ "$(uname -m)" = "x86_64" ] || exit 0
flags=" $(grep -m1 '^flags' /proc/cpuinfo || true) "
if [[ "$flags" == *" avx512f "* ]]; then
  echo "avx2|256|DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0"
fi
if [[ "$flags" == *" avx2 "* ]] && [[ "$flags" == *" fma "* ]]; then
  # 128-bit vectors with FMA, as ARM64 runs them; then 128-bit SSE without FMA.
  echo "vector128-fma|128|DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DOTNET_PreferredVectorBitWidth=128"
  echo "sse-no-fma|128|DOTNET_EnableAVX2=0"
fi
