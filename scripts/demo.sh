#!/usr/bin/env bash
# The main job on a bundled example, from a fresh clone: set-up, then
#   1. prove a RISC-V guest (SHA-256 of a message, digest in the journal) and verify its receipt,
#   2. the same run proven in segments of 2^15 cycles (how long runs are proven), verified,
#   3. the proof-system demo (custom AIRs, a bus, a cheating prover caught).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

receipt="$(mktemp -d)/sha256.receipt"
echo "== zkglue prove examples/guests/sha256.elf"
npx tsx cli/main.ts prove examples/guests/sha256.elf -o "$receipt"
echo
echo "== zkglue verify $receipt --elf examples/guests/sha256.elf"
npx tsx cli/main.ts verify "$receipt" --elf examples/guests/sha256.elf
echo
segmented="$(dirname "$receipt")/sha256-segments.receipt"
echo "== zkglue prove examples/guests/sha256.elf --segment-cycles 32768 (a linked proof of 3 segments)"
npx tsx cli/main.ts prove examples/guests/sha256.elf --segment-cycles 32768 -o "$segmented" \
  | grep -E "^(cycles|segments|prove time|proof size):"
npx tsx cli/main.ts verify "$segmented" --elf examples/guests/sha256.elf
echo
npx tsx examples/demo.ts "$@"
