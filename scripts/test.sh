#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up, then every test. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx vitest run "$@"
