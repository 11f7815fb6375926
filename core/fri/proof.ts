/** The shape of a FRI proof. `I` is what the caller (the PCS) opens of its inputs per query. */
import type { Ext } from "../field/extension.js";

/** One commit-phase round of one query: the opened pair and its Merkle path. */
export interface FriQueryRound {
  /** f(y0) and f(−y0): two extension elements, 8 words. */
  pair: Uint32Array;
  path: Uint8Array[];
}

export interface FriQuery<I> {
  input: I;
  rounds: FriQueryRound[];
}

export interface FriProof<I> {
  /** Merkle roots of the folded codewords, one per round. */
  commitments: Uint8Array[];
  /** Coefficients of the final polynomial, lowest degree first. */
  finalPoly: Ext[];
  powNonce: number;
  queries: FriQuery<I>[];
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
