#!/usr/bin/env bash
# The whole test suite from a fresh clone: set-up, every test (the minutes-long proofs of the
# large example guests in test/large included), then the type check and the formatting check.
# CI runs exactly this. ZKGLUE_LARGE_TESTS=0 npm test leaves test/large out.
set -euo pipefail
cd "$(dirname "$0")/.."
# Large typed arrays on transparent huge pages (README, "Speed"): far fewer page faults.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
bash scripts/setup.sh
ZKGLUE_LARGE_TESTS="${ZKGLUE_LARGE_TESTS:-1}" npx vitest run "$@"
npm run --silent lint
