/**
 * What one poseidon2_permute call records for its trace: the 16 words before and after (each a
 * canonical BabyBear element held as a u32). The pointer is the call's a0.
 */
export interface Poseidon2Event {
  /** The state read at a0 (16 words, each < p). */
  readonly input: Uint32Array;
  /** permute(input), written back at a0. */
  readonly output: Uint32Array;
}
