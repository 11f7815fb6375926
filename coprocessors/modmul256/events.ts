/**
 * What one modmul256 call records for its trace: the operands and the result as 8 little-endian
 * u32 words each. The pointers are the call's a0 (out), a1 (a), a2 (b) and a3 (m).
 */
export interface Modmul256Event {
  /** a, read at a1. */
  readonly a: Uint32Array;
  /** b, read at a2 (the same words as a when a2 = a1: squaring). */
  readonly b: Uint32Array;
  /** m, read at a3; all zero means mod 2^256. */
  readonly m: Uint32Array;
  /** a·b mod m, written at a0 (always < m, or any 256-bit value when m = 0). */
  readonly out: Uint32Array;
}
