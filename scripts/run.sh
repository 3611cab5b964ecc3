#!/usr/bin/env bash
# The main job (README): installs what building and serving need, builds the CLI, the WebAssembly
# module and the page (not the test suites: scripts/test.sh does), and serves the page on
# localhost. The CLI is at build/native/native-cli/authlens.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh serve
bash scripts/build.sh serve
echo "CLI: $PWD/build/native/native-cli/authlens"
exec node scripts/serve-web.mjs "${PORT:-8080}"
