/*
 * Poseidon2 over BabyBear through the poseidon2_permute coprocessor (ecall 0x101): the 2-to-1
 * compression and the sponge hash Plonky3 builds its Poseidon2 Merkle trees from
 * (TruncatedPermutation and PaddingFreeSponge over the width-16 permutation), so a guest's
 * digests equal Plonky3's. The guest only moves words in and out of a 16-word state on its
 * stack; each permutation is one call. Field elements are not checked here: a word >= p reaches
 * the coprocessor, which refuses the call.
 *
 * The copy loops are unrolled: a Merkle node costs one call plus these copies, and the loops'
 * counters and branches were half of it (merkle_1k_cop: 151 cycles per node rolled, measured).
 */
#include "zkglue.h"

/* Plonky3 symmetric/src/compression.rs, TruncatedPermutation::compress with N = 2, CHUNK = 8:
   permute left ‖ right, keep the first 8 words, no feed-forward. Both inputs are copied into the
   state before `out` is written, so `out` may alias either. */
void zkglue_poseidon2_compress(const uint32_t left[8], const uint32_t right[8], uint32_t out[8]) {
  uint32_t state[16];
#pragma GCC unroll 8
  for (int j = 0; j < 8; j++) {
    state[j] = left[j];
    state[8 + j] = right[j];
  }
  zkglue_poseidon2_permute(state);
#pragma GCC unroll 8
  for (int j = 0; j < 8; j++) out[j] = state[j];
}

/* Plonky3 symmetric/src/sponge.rs, PaddingFreeSponge::hash_iter with WIDTH 16, RATE 8, OUT 8:
   the state starts at zero; full blocks overwrite the rate and are permuted; a non-empty partial
   block overwrites its prefix of the rate and is permuted; an empty one is not. */
void zkglue_poseidon2_hash(const uint32_t *words, size_t n, uint32_t out[8]) {
  uint32_t state[16] = {0};
  for (; n >= 8; words += 8, n -= 8) {
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) state[j] = words[j];
    zkglue_poseidon2_permute(state);
  }
  if (n > 0) {
    for (size_t j = 0; j < n; j++) state[j] = words[j];
    zkglue_poseidon2_permute(state);
  }
#pragma GCC unroll 8
  for (int j = 0; j < 8; j++) out[j] = state[j];
}
