/**
 * What one sha256_compress call records for its trace: the state before and after (SHA-256's
 * words H0..H7 as u32, as the guest passes them) and the message schedule's first 16 words
 * W0..W15 (message bytes 4t..4t+3 read big-endian: the byte-reversed words the call loaded). The
 * pointers are the call's a0 and a1.
 */
export interface Sha256Event {
  /** H before the call (8 words), read at a0. */
  readonly stateIn: Uint32Array;
  /** W0..W15: the 64 block bytes at a1 read as big-endian words. */
  readonly block: Uint32Array;
  /** H after the call (8 words), written at a0. */
  readonly stateOut: Uint32Array;
}
