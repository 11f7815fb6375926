/**
 * Poseidon2 BabyBear width 16 (Plonky3's permutation): constants, the reference permutation and
 * its layers. The Poseidon2 coprocessor proves calls to it; the memory image (glue/paging)
 * hashes pages and Merkle nodes with it.
 */
export * from "./constants.js";
export * from "./reference.js";
