/**
 * The shape of a FRI proof. `I` is what the caller (the PCS) opens of its inputs at the query
 * indices. Each commit round is one multi-opening (core/commit) of its tree at the distinct
 * query positions: every leaf and digest is sent once, however many queries share it.
 */
import type { Ext } from "../field/extension.js";
import type { MultiOpening } from "../commit/index.js";

export interface FriProof<I> {
  /** Merkle roots of the committed codewords, one per commit round. */
  commitments: Uint8Array[];
  /** Coefficients of the final polynomial, lowest degree first. */
  finalPoly: Ext[];
  powNonce: number;
  /** The inputs opened at every query index (the caller's shape). */
  input: I;
  /**
   * Per commit round: the leaves opened at the distinct query positions. A leaf is one block of
   * 2^s consecutive rows (s = that round's log arity, see `foldSchedule`): 4·2^s words.
   */
  rounds: MultiOpening[];
}

/** A codeword handed to FRI: bit-reversed evaluations of height 2^logHeight, interleaved ext. */
export interface FriInput {
  logHeight: number;
  codeword: Uint32Array;
}

/** A FRI proof was rejected; `reason` says which check failed. */
export class FriError extends Error {
  constructor(reason: string) {
    super(`FRI verification failed: ${reason}`);
    this.name = "FriError";
  }
}
