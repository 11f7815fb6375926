/**
 * Keys and proofs of the multi-table STARK. Tables are AIRs compiled by core/air: the STARK
 * never walks constraint objects itself; it calls each AIR's generated evaluators.
 */
import type { CompiledAir } from "../air/types.js";
import type { Ext } from "../field/extension.js";
import type { FriParams } from "../fri/params.js";
import type { PcsProof, CommittedBatch } from "../fri/pcs.js";

export interface VerifyingKey {
  params: FriParams;
  airs: CompiledAir[];
  /** Preprocessed commitment (one batch for all tables that have fixed columns). */
  preprocessed: { root: Uint8Array; tables: number[]; heights: number[] } | undefined;
  /** BLAKE3 of everything above: what a proof is bound to. */
  digest: Uint8Array;
}

export interface ProvingKey {
  vk: VerifyingKey;
  preprocessed: { batch: CommittedBatch; byTable: (number | undefined)[] } | undefined;
}

export interface TableProof {
  logHeight: number;
  finalSum: Ext;
}

export interface StarkProof {
  version: number;
  params: FriParams;
  tables: TableProof[];
  mainRoot: Uint8Array;
  auxRoot: Uint8Array | undefined;
  quotientRoot: Uint8Array;
  /** Opened values per batch (in order: preprocessed?, main, aux?, quotient): [matrix][point][column]. */
  openings: Ext[][][][];
  pcs: PcsProof;
  /**
   * A zero-knowledge proof (core/stark/zk.ts): randomized commitments of degree bound
   * n·2^logExtra, randomized quotient chunks and a FRI mask as the quotient batch's last matrix.
   * Absent (never `false`) for an ordinary proof, whose encoding is unchanged.
   */
  zk?: true;
}

/** Version of the proof format (in memory and encoded): 2 since FRI sends multi-openings, 3 since
 * the transcript covers linked parts (statement.ts), 4 since the opening's α offsets go point
 * index first (`openingOffsets` in core/fri/pcs.ts). */
export const PROOF_VERSION = 4;
