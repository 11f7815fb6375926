/**
 * The coprocessor's syscall number; the permutation's constants live in core/poseidon2 (the
 * memory image hashes with the same permutation), re-exported here for the AIR and trace.
 */

/** The guest ABI's syscall number of poseidon2_permute (DESIGN.md). */
export const POSEIDON2_SYSCALL = 0x101;

export * from "../../core/poseidon2/constants.js";
