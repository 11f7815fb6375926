#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up, every test, then the type check and the
# formatting check. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx vitest run "$@"
npm run --silent lint
