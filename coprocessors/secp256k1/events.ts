/**
 * What one secp256k1_add or secp256k1_double call records for its trace: the points as 16
 * little-endian u32 words each (x then y, every coordinate fully reduced, < p).
 */

/** secp256k1_add: p := p + q (p at a0, read then written; q at a1, read). */
export interface Secp256k1AddEvent {
  readonly p: Uint32Array;
  readonly q: Uint32Array;
  /** p + q, written at a0. */
  readonly out: Uint32Array;
}

/** secp256k1_double: p := 2p (p at a0, read then written). */
export interface Secp256k1DoubleEvent {
  readonly p: Uint32Array;
  /** 2p, written at a0. */
  readonly out: Uint32Array;
}
