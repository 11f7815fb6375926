#!/usr/bin/env bash
# The main job on a bundled example, from a fresh clone: set-up, then
#   1. prove a guest that hashes 1 KiB with the SHA-256 coprocessor, and verify its receipt,
#   2. what the coprocessor saved: `zkglue savings` of the software and the coprocessor guest
#      (cycles, trace cells, prove time, proof size; an HTML report with charts),
#   3. a long run proven in segments of 2^15 cycles (a linked proof), verified,
#   4. an ECDSA signature verified in a guest on the secp256k1 coprocessors, proven and verified,
#   5. a user's coprocessor loaded from its own file (Keccak-f[1600], examples/coprocessors/),
#   6. the proof-system demo (custom AIRs, a bus, a cheating prover caught).
set -euo pipefail
cd "$(dirname "$0")/.."
# Large typed arrays on transparent huge pages (README, "Speed"): far fewer page faults.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"
bash scripts/setup.sh

out="$(mktemp -d)"
receipt="$out/sha256_1k_cop.receipt"
echo "== zkglue prove examples/guests/sha256_1k_cop.elf (SHA-256 of 1 KiB through the coprocessor)"
npx tsx cli/main.ts prove examples/guests/sha256_1k_cop.elf -o "$receipt"
echo
echo "== zkglue verify $receipt --elf examples/guests/sha256_1k_cop.elf"
npx tsx cli/main.ts verify "$receipt" --elf examples/guests/sha256_1k_cop.elf
echo
echo "== zkglue savings examples/guests/sha256_1k_sw.elf examples/guests/sha256_1k_cop.elf --prove"
npx tsx cli/main.ts savings examples/guests/sha256_1k_sw.elf examples/guests/sha256_1k_cop.elf \
  --prove --runs 1 --html "$out/savings.html"
echo "(the report with charts: $out/savings.html)"
echo
segmented="$out/sha256-segments.receipt"
echo "== zkglue prove examples/guests/sha256.elf --segment-cycles 32768 (a linked proof of 3 segments)"
npx tsx cli/main.ts prove examples/guests/sha256.elf --segment-cycles 32768 -o "$segmented" \
  | grep -E "^(cycles|segments|prove time|proof size):"
npx tsx cli/main.ts verify "$segmented" --elf examples/guests/sha256.elf
echo
ecdsa="$out/ecdsa_verify_cop.receipt"
echo "== zkglue prove examples/guests/ecdsa_verify_cop.elf (ECDSA verify on modmul256 + secp256k1)"
npx tsx cli/main.ts prove examples/guests/ecdsa_verify_cop.elf -o "$ecdsa" \
  | grep -E "^(cycles|prove time|proof size):"
npx tsx cli/main.ts verify "$ecdsa" --elf examples/guests/ecdsa_verify_cop.elf
echo
keccak=examples/coprocessors/keccak/index.ts
echo "== zkglue run examples/guests/keccak_cop.elf --coprocessor $keccak (a user's coprocessor)"
npx tsx cli/main.ts run examples/guests/keccak_cop.elf --coprocessor "$keccak"
echo
npx tsx examples/demo.ts "$@"
