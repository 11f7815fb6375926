/**
 * The multi-table STARK prover: every table of a run in one proof, or in several linked parts
 * (statement.ts) that share the LogUp challenges and balance together.
 *
 * Transcript order (the verifier replays it exactly):
 *   shared: every part's vk digest, table heights, public values; external messages
 *           → every part's main root → LogUp challenges (z, β)
 *   per part (a fork): aux root, every table's final LogUp sum → folding challenge α
 *           → quotient root → out-of-domain point ζ → PCS opening (values absorbed, then FRI).
 *
 * rounds.ts has the same protocol as two rounds that can run apart; `proveLinked` runs both here.
 */
import type { CommittedBatch } from "../fri/pcs.js";
import { phaseTimer } from "./phases.js";
import {
  BALANCE_ERROR,
  balances,
  checkLinkedBalance,
  checkLinkedParts,
  commitPart,
  type LinkedCommitments,
  partStatement,
  provePartOf,
} from "./rounds.js";
import type { ProvingKey, StarkProof } from "./types.js";
import { randomZkSeed } from "./zk-random.js";
import type { PartWitness, ProveOptions, TableWitness } from "./witness.js";

export type { PartWitness, ProveOptions, TableWitness } from "./witness.js";

/** Proves that every table's trace satisfies its AIR and that all buses balance. */
export function prove(pk: ProvingKey, tables: TableWitness[], opts: ProveOptions = {}): StarkProof {
  return proveLinked([{ pk, tables }], opts)[0];
}

/**
 * Proves several parts whose buses balance together (statement.ts): each part is a complete
 * STARK proof for its own key, but the LogUp challenges are drawn once, after every part's main
 * trace is committed. Only one part's low-degree extensions are in memory at a time: every
 * part's main trace is committed once for the shared transcript and, but for the last, again
 * when that part is proven (the roots must agree).
 *
 * @example
 * // Two users of a byte table, each in its own part; the table in a third.
 * const proofs = proveLinked([
 *   { pk: userKey, tables: [{ main: xsA }] },
 *   { pk: userKey, tables: [{ main: xsB }] },
 *   { pk: tableKey, tables: [{ main: multiplicities }] },
 * ]);
 */
export function proveLinked(parts: PartWitness[], opts: ProveOptions = {}): StarkProof[] {
  if (parts.length === 0) throw new RangeError("prove: at least one part is needed");
  const last = parts.length - 1;
  const phase = phaseTimer(opts.profile, opts.cpuProfile);
  const external = opts.external ?? [];
  checkLinkedParts(parts, parts.map(partStatement), external, opts.zk === true);
  let kept: CommittedBatch | undefined;
  // Zero knowledge: one seed per part, used by both rounds (never from the transcript).
  const seeds = opts.zk ? parts.map((_, i) => opts.zkSeed?.(i) ?? randomZkSeed()) : undefined;
  const commitments: LinkedCommitments = {
    external,
    parts: parts.map((p, i) => {
      opts.onPhase?.("commit main", i, parts.length);
      // ZK: each part's LogUp blinding links to the previous part's seed (zk-blind.ts).
      const link = parts.length > 1 ? seeds?.[(i + last) % parts.length] : undefined;
      const c = commitPart(p, i === last ? (b) => (kept = b) : undefined, seeds?.[i], link);
      phase("commit_main");
      return c;
    }),
  };
  // The last part is still committed: prove it first, then recommit and prove the others.
  const proofs: StarkProof[] = new Array(parts.length);
  const order = [last, ...Array.from({ length: last }, (_, i) => i)];
  for (const i of order) {
    proofs[i] = provePartOf(commitments, i, parts[i], {
      ...opts,
      committed: i === last ? kept : undefined,
      zkSeed: seeds ? (j) => seeds[j] : undefined,
      // With one part the balance is known before the expensive phases: refuse early.
      onFinalSums:
        parts.length === 1 && !opts.unsafeSkipChecks
          ? (sums) => {
              if (!balances(commitments, sums)) throw new Error(BALANCE_ERROR);
            }
          : undefined,
    });
  }
  if (!opts.unsafeSkipChecks) checkLinkedBalance(commitments, proofs);
  return proofs;
}
