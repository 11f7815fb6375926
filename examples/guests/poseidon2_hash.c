/*
 * The guest SDK's Poseidon2 functions through the poseidon2_permute coprocessor, on inputs that
 * reach every case of their code: zkglue_poseidon2_hash of n = 0..17 elements (no block, partial
 * blocks, one and two full blocks, full blocks then a partial one) and zkglue_poseidon2_compress,
 * with `out` aliasing an input. Input element i of the n-element message is 1000·n + i; the
 * compression's inputs are the digests of n = 7 and n = 9. Commits, as u32 little-endian: the
 * 18 digests (8 elements each), then the compression. Needs the poseidon2 coprocessor
 * (ecall 0x101), so it does not run under qemu-riscv32.
 */
#include "zkglue.h"

int main(void) {
  uint32_t words[17], digests[18][8];
  for (uint32_t n = 0; n < 18; n++) {
    for (uint32_t i = 0; i < n; i++) words[i] = 1000 * n + i;
    zkglue_poseidon2_hash(words, n, digests[n]);
  }
  zkglue_commit(digests, sizeof digests);
  uint32_t node[8];
  for (int j = 0; j < 8; j++) node[j] = digests[9][j];
  zkglue_poseidon2_compress(digests[7], node, node); /* out aliases right */
  zkglue_commit(node, sizeof node);
  return 0;
}
