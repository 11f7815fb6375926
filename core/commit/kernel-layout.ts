/**
 * Sizes shared by the BLAKE3 kernel's generator and its TypeScript driver (kept apart from the
 * generator, which imports node:fs, so the library never loads it).
 */

/** Scratch bytes one `hash_rows` call owns: CV, block, splatted key, a 32-deep CV stack. */
export const SCRATCH_BYTES = 512 + 32 * 128;
