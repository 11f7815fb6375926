/*
 * Keccak-256 and SHA3-256 of a 1 KiB message with Keccak-f[1600] in a coprocessor: the same
 * program as keccak_sw.c (zkvm_keccak256, zkglue_sha3_256), plus one definition. The SDK's
 * sponge calls zkglue_keccakf1600 once per block, and its own definition is weak (software);
 * defining it here replaces it with one ecall to the Keccak coprocessor of
 * examples/coprocessors/keccak (syscall 0x1000), through the binding that `zkglue bindings`
 * generated from that coprocessor's call description (keccak_binding.h). Commits the same two
 * digests as keccak_sw.c.
 *
 * 16 permutations (8 blocks per digest: 7 full 136-byte blocks and the padded tail). Needs a
 * machine given the Keccak coprocessor (`--coprocessor examples/coprocessors/keccak/index.ts`),
 * so it does not run under qemu-riscv32.
 */
#include "keccak_binding.h"
#include "message_1k.h"
#include "zkglue.h"
#include "zkglue_keccak.h"
#include "zkvm_accelerators.h"

/* The hook: the lanes are 50 little-endian words in place, the coprocessor's layout. */
void zkglue_keccakf1600(uint64_t st[25]) { zkglue_keccak_permute((uint32_t *)st); }

int main(void) {
  zkvm_keccak256_hash keccak;
  uint8_t sha3[32];
  if (zkvm_keccak256(message, sizeof message, &keccak) != ZKVM_EOK) return 1;
  zkglue_sha3_256(message, sizeof message, sha3);
  zkglue_commit(keccak.data, 32);
  zkglue_commit(sha3, 32);
  return 0;
}
