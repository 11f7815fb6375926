/*
 * The Poseidon2 Merkle root of 1,024 leaves in software (poseidon2_software.h: Plonky3's BabyBear
 * width-16 permutation in RV32IM, Montgomery arithmetic). Commits the root, 8 BabyBear elements
 * as u32 little-endian (32 bytes), to the journal. merkle_1k_cop.c computes the same root with
 * the poseidon2_permute coprocessor and commits the same bytes: the pair measures what the
 * coprocessor saves.
 *
 * Leaf i (i < 1024) is the digest of 8 elements 8i, 8i+1, ..., 8i+7: the leaves are the field
 * elements 0..8191 in order, made as they are used, so neither guest spends cycles or memory on
 * a leaf array. A parent is the 2-to-1 compression of its children (the first 8 words of
 * Poseidon2(left ‖ right), Plonky3's TruncatedPermutation): 512 + 256 + ... + 1 = 1,023
 * permutations. The tree stays in Montgomery form; only the leaves and the root are converted.
 * Uses no coprocessor: it also runs under qemu-riscv32.
 */
#include "poseidon2_software.h"

#define LEAVES 1024

/* The nodes of the level being built, over the one below it (parents overwrite from the left). */
static uint32_t nodes[LEAVES / 2][8];

int main(void) {
  for (uint32_t k = 0; k < LEAVES / 2; k++) {
    uint32_t left[8], right[8]; /* leaves 2k and 2k+1: elements 16k..16k+15 */
#pragma GCC unroll 8
    for (uint32_t j = 0; j < 8; j++) {
      left[j] = p2_to_monty(16 * k + j);
      right[j] = p2_to_monty(16 * k + 8 + j);
    }
    poseidon2_compress_monty(left, right, nodes[k]);
  }
  for (uint32_t n = LEAVES / 2; n > 1; n /= 2) {
    for (uint32_t k = 0; k < n / 2; k++) poseidon2_compress_monty(nodes[2 * k], nodes[2 * k + 1], nodes[k]);
  }
  uint32_t root[8];
  for (int j = 0; j < 8; j++) root[j] = p2_from_monty(nodes[0][j]);
  zkglue_commit(root, sizeof root);
  return 0;
}
