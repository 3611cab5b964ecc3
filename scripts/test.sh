#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds, runs every suite —
# unit, conformance, CLI end-to-end against NSD/dnsdist on loopback, the wasm module under
# Node, and the page in headless Chromium — through one ctest run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/build.sh all
echo "== test: ctest (build/native)"
cd build/native
ctest --output-on-failure -j"${JOBS:-2}" --timeout 600
