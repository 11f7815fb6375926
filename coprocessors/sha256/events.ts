/**
 * What one sha256_compress call records for its trace: the state before and after and the
 * message block, as SHA-256's 32-bit words (big-endian words held as u32, as the guest ABI
 * passes them). The pointers are the call's a0 and a1.
 */
export interface Sha256Event {
  /** H before the call (8 words), read at a0. */
  readonly stateIn: Uint32Array;
  /** The message block (16 words), read at a1. */
  readonly block: Uint32Array;
  /** H after the call (8 words), written at a0. */
  readonly stateOut: Uint32Array;
}
