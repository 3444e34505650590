#!/usr/bin/env bash
# Prints the instruction-set passes this machine can run, one per line: `name|bits|knobs|gate options`.
# Vector code takes another path on each instruction set, and users' CPUs are mostly not this machine's: AVX2
# without AVX-512 (Intel desktops and laptops since Alder Lake, AMD before Zen 4), 128-bit (ARM64's AdvSimd, old
# x64). A pass reruns code with the wider sets switched off by the runtime's knobs; `bits` is the widest vector
# the pass must then see (tests/RovDsp.Dsp.Tests/Simd/InstructionSetPassTests.cs checks the knob took effect).
# .NET 10 reads DOTNET_EnableAVX512 (it ignores DOTNET_EnableAVX512F, the name before .NET 10; both are set), and
# DOTNET_EnableAVX2=0 takes FMA with it. Only x86-64 has these knobs; elsewhere no pass is printed.
# `gate options` select the budgets .ci/run checks in the pass: the allocation budgets always, and the FFT and FIR
# speed budgets (ratios to FFTW, MathNet and a scalar loop, measured in the same run) where the pass has hardware
# FMA; without it (SSE) those kernels run scalar by design, as the FMA the runtime would emulate is slower still.
# At 128 bits complex 1024 measures 1.9-2.3x FFTW's 256-bit code, too close to its 3x budget for a noisy machine,
# so that pass checks real 4096 (1.3-1.5x against 2.5x; the complex FFT inside it fails it if it goes scalar).
# Used by scripts/test.sh (the Dsp and Replay tests) and .ci/run (the gate).
set -euo pipefail
[ "$(uname -m)" = "x86_64" ] || exit 0
flags=" $(grep -m1 '^flags' /proc/cpuinfo || true) "
if [[ "$flags" == *" avx512f "* ]]; then
  echo "avx2|256|DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0|--allocations --only fft-,fir-"
fi
if [[ "$flags" == *" avx2 "* ]] && [[ "$flags" == *" fma "* ]]; then
  # 128-bit vectors with FMA, as ARM64 runs them; then 128-bit SSE without FMA.
  echo "vector128-fma|128|DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DOTNET_PreferredVectorBitWidth=128|--allocations --only fft-real-4096-vs-fftw,fft-complex-4096-vs-mathnet,fir-"
  echo "sse-no-fma|128|DOTNET_EnableAVX2=0|--allocations"
fi
