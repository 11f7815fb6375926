/**
 * What one keccak_permute call records for its trace: the 50 words of the state before and after
 * (25 lanes as little-endian u32 pairs, lane x + 5y at words 2(x + 5y), 2(x + 5y) + 1). The
 * pointer is the call's a0.
 */
export interface KeccakEvent {
  /** The state read at a0 (50 words). */
  readonly input: Uint32Array;
  /** Keccak-f[1600](input), written back at a0. */
  readonly output: Uint32Array;
}
