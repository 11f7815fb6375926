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
import { type CommittedBatch, freeBatch } from "../fri/pcs.js";
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
import { partLabel, type PartWitness, type ProveOptions, type TableWitness } from "./witness.js";

export type { PartWitness, ProveOptions, TableWitness } from "./witness.js";

/** Proves that every table's trace satisfies its AIR and that all buses balance. */
export function prove(pk: ProvingKey, tables: TableWitness[], opts: ProveOptions = {}): StarkProof {
  return proveLinked([{ pk, tables }], opts)[0];
}

/**
 * Proves several parts whose buses balance together (statement.ts): each part is a complete
 * STARK proof for its own key, but the LogUp challenges are drawn once, after every part's main
 * trace is committed. Every part's main trace is committed once for the shared transcript and
 * again when that part is proven (the roots must agree), but for the last part, whose batch is
 * still in memory, and the one before it when the last is at most half its size (a run's short
 * final segment): that batch is kept too, since proving the small last part beside it needs no
 * more memory than proving the part itself. Parts are proven in that order, then the rest.
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
  const kept: (CommittedBatch | undefined)[] = new Array(parts.length);
  const keepPrevious =
    parts.length > 1 && 2 * traceCells(parts[last]) <= traceCells(parts[last - 1]);
  const keeps = (i: number) => i === last || (keepPrevious && i === last - 1);
  // Zero knowledge: one seed per part, used by both rounds (never from the transcript).
  const seeds = opts.zk ? parts.map((_, i) => opts.zkSeed?.(i) ?? randomZkSeed()) : undefined;
  try {
    const commitments: LinkedCommitments = {
      external,
      parts: parts.map((p, i) => {
        opts.onPhase?.("commit main", i, parts.length);
        // ZK: each part's LogUp blinding links to the previous part's seed (zk-blind.ts).
        const link = parts.length > 1 ? seeds?.[(i + last) % parts.length] : undefined;
        const labelled = { ...p, label: partLabel(p, i, parts.length) };
        const c = commitPart(
          labelled,
          keeps(i) ? (b) => (kept[i] = b) : undefined,
          seeds?.[i],
          link,
        );
        phase("commit_main");
        return c;
      }),
    };
    // The kept parts first, then recommit and prove the others.
    const proofs: StarkProof[] = new Array(parts.length);
    const first = keepPrevious ? [last, last - 1] : [last];
    const order = [
      ...first,
      ...Array.from({ length: parts.length }, (_, i) => i).filter((i) => !keeps(i)),
    ];
    for (const i of order) {
      const committed = kept[i];
      kept[i] = undefined;
      proofs[i] = provePartOf(commitments, i, parts[i], {
        ...opts,
        committed,
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
  } finally {
    // A kept batch not yet handed to its part (a failure on the way) is freed here.
    for (const b of kept) if (b) freeBatch(b);
  }
}

/** Main-trace cells of a part: what its batch's size follows. */
function traceCells(part: PartWitness): number {
  return part.tables.reduce((n, t) => n + t.main.width * t.main.height, 0);
}
