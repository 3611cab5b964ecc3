#!/usr/bin/env bash
# The main job (README): installs what is missing, builds everything, and serves the page on
# localhost. The CLI is at build/native/native-cli/authlens.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo "CLI: $PWD/build/native/native-cli/authlens"
exec node scripts/serve-web.mjs "${PORT:-8080}"
