/**
 * Sizes shared by the BLAKE3 kernel's generator and its TypeScript driver (kept apart from the
 * generator, which imports node:fs, so the library never loads it).
 */

/** Leaf digests `leaves_to_parents` holds at once (a multiple of 8, so parents come in fours). */
export const LEAF_BATCH = 256;
/** Byte offset, in a call's scratch, of the leaf digests `leaves_to_parents` keeps there. */
export const LEAF_TMP = 512 + 32 * 128;
/** Scratch bytes one call owns: CV, block, splatted key, a 32-deep CV stack, leaf digests. */
export const SCRATCH_BYTES = LEAF_TMP + 32 * LEAF_BATCH;
