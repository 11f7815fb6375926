/*
 * Keccak-256 and SHA3-256 of a 1 KiB message in software: zkvm_keccak256 (the zkvm-standards
 * interface) and zkglue_sha3_256 over the SDK's own Keccak-f[1600] (guest/zkglue_keccak.c). Commits
 * the two 32-byte digests. keccak_cop.c hashes the same message with the permutation routed
 * through the Keccak coprocessor and commits the same digests: the pair measures what the
 * coprocessor saves.
 *
 * The message (message_1k.h) is bytes i*7+3 mod 256, built at compile time into .rodata. Uses no
 * coprocessor: it also runs under qemu-riscv32.
 */
#include "message_1k.h"
#include "zkglue.h"
#include "zkglue_keccak.h"
#include "zkvm_accelerators.h"

int main(void) {
  zkvm_keccak256_hash keccak;
  uint8_t sha3[32];
  if (zkvm_keccak256(message, sizeof message, &keccak) != ZKVM_EOK) return 1;
  zkglue_sha3_256(message, sizeof message, sha3);
  zkglue_commit(keccak.data, 32);
  zkglue_commit(sha3, 32);
  return 0;
}
