#!/usr/bin/env bash
# The main job on a bundled example, from a fresh clone: set-up, then the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsx examples/demo.ts "$@"
