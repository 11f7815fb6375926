/**
 * A linked proof in two rounds, so that its parts can be proven on different threads, processes
 * or machines (core/stark/statement.ts has the transcript's shape):
 *
 *   round 1  each part's main trace is committed (`commitPart`): its statement and main root;
 *   between  the roots and the statement fix the shared transcript, hence the LogUp challenges
 *            (`linkedChallenges`) — anyone holding the commitments derives the same ones;
 *   round 2  each part is proven on its own fork of that transcript (`provePartOf`), from its
 *            witness again (the main trace is recommitted and must give the round-1 root);
 *   after    the parts' final LogUp sums and the external messages must add to zero
 *            (`checkLinkedBalance`).
 *
 * `proveLinked` is these rounds in one process; the proofs are the same byte for byte however
 * the rounds are spread out.
 */
import { sameBytes } from "../commit/hash.js";
import { add4, type Ext } from "../field/extension.js";
import { type CommittedBatch, freeBatch, pcsCommit, pcsCommitRandomized } from "../fri/pcs.js";
import type { Transcript } from "../fri/transcript.js";
import { type BusMessage, messagesSum } from "../lookup/fingerprint.js";
import { checkLookupBound } from "./bound.js";
import { phaseTimer } from "./phases.js";
import { provePart } from "./prove-part.js";
import { absorbZkFlags, partTranscript, type PartStatement, startTranscript } from "./statement.js";
import { randomizerMatrix, zkRandomizerCount, zkTableShape } from "./zk.js";
import { blindedVk, blindedWitness, refuseReservedBus } from "./zk-blind.js";
import { ZkRandom } from "./zk-random.js";
import type { StarkProof } from "./types.js";
import {
  namedTraceError,
  partLabel,
  type PartWitness,
  type ProveOptions,
  validateWitness,
} from "./witness.js";

/** Round 1's result for one part: what the verifier will know of it, and its main root. */
export interface PartCommitment {
  statement: PartStatement;
  root: Uint8Array;
  /** The part is proven with zero knowledge (its main trace was committed randomized). */
  zk?: true;
}

/** Everything fixed before the LogUp challenges: every part's commitment, the external messages. */
export interface LinkedCommitments {
  parts: PartCommitment[];
  external: BusMessage[];
}

/** The LogUp challenges of a linked proof. */
export interface LinkedChallenges {
  z: Ext;
  beta: Ext;
}

export const BALANCE_ERROR =
  "prover: the buses do not balance (the LogUp sums do not add to zero); run checkConstraints";

/** A part's statement from its witness (validated against its key). */
export function partStatement(part: PartWitness): PartStatement {
  return {
    vkDigest: part.pk.vk.digest,
    logHeights: validateWitness(part.pk, part.tables),
    publics: part.tables.map((t) => t.publicValues ?? new Uint32Array(0)),
  };
}

/**
 * Commits a part's main trace; `keep` receives the batch instead of it being freed. With
 * `zkSeed` (32 bytes, e.g. `randomZkSeed()`) the commitment is randomized for a zero-knowledge
 * proof (zk.ts) and its tables carry the LogUp blinding (zk-blind.ts): in a proof of several
 * parts `zkLinkSeed` is then the previous part's seed (the last part's for part 0). Round 2
 * (`provePartOf`) must get the same seeds through `opts.zkSeed`.
 */
export function commitPart(
  part: PartWitness,
  keep?: (batch: CommittedBatch) => void,
  zkSeed?: Uint8Array,
  zkLinkSeed?: Uint8Array,
): PartCommitment {
  const statement = partStatement(part);
  const witness = zkSeed ? blindedWitness(part, zkSeed, zkLinkSeed) : part;
  const batch = commitMain(witness, statement.logHeights, zkSeed, part.label);
  const root = batch.root;
  if (keep) keep(batch);
  else freeBatch(batch);
  return zkSeed ? { statement, root, zk: true } : { statement, root };
}

/**
 * The main batch of a part: plain, or randomized from `zkSeed`'s "main" streams. A trace value
 * ≥ p is refused here, with its table, column and row.
 */
function commitMain(
  part: PartWitness,
  logHeights: readonly number[],
  zkSeed: Uint8Array | undefined,
  label: string | undefined,
): CommittedBatch {
  const { params, airs } = part.pk.vk;
  const mains = part.tables.map((t) => t.main);
  try {
    if (!zkSeed) return pcsCommit(mains, params);
    const rng = new ZkRandom(zkSeed);
    const R = zkRandomizerCount(params);
    return pcsCommitRandomized(
      mains,
      mains.map((m, i) => randomizerMatrix(rng, `main:${i}`, m.width, R)),
      airs.map((air, i) => zkTableShape(air.maxDegree, logHeights[i], params).logExtra),
      params,
    );
  } catch (e) {
    throw namedTraceError(e, part.pk, label);
  }
}

/** The shared transcript after every root, and the challenges drawn from it. */
export function linkedChallenges(c: LinkedCommitments): {
  shared: Transcript;
  challenges: LinkedChallenges;
} {
  const shared = startTranscript(
    c.parts.map((p) => p.statement),
    c.external,
  );
  absorbZkFlags(
    shared,
    c.parts.map((p) => p.zk === true),
  );
  for (const p of c.parts) shared.absorbDigest("main", p.root);
  return { shared, challenges: { z: shared.sampleExt(), beta: shared.sampleExt() } };
}

/**
 * Refuses, before any proving, parts that use the reserved blinding bus (or external messages on
 * it) and parts that exceed LogUp's multiplicity bound together; `zk` counts the blinding
 * interaction of every table that has interactions (zk-blind.ts).
 */
export function checkLinkedParts(
  parts: readonly PartWitness[],
  statements: readonly PartStatement[],
  external: readonly BusMessage[],
  zk = false,
): void {
  refuseReservedBus(
    parts.flatMap((p) => p.pk.vk.airs),
    external,
  );
  checkLookupBound(
    parts.flatMap((p) => (zk ? blindedVk(p.pk.vk) : p.pk.vk).airs),
    statements.flatMap((s) => s.logHeights),
    external.length,
  );
}

const sameNumbers = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

/** Why `part` is not the witness `statement` describes, or undefined if it is. */
function statementMismatch(part: PartWitness, statement: PartStatement): string | undefined {
  const own = partStatement(part);
  if (!sameBytes(own.vkDigest, statement.vkDigest)) return "its verifying key differs";
  if (!sameNumbers(own.logHeights, statement.logHeights)) return "its table heights differ";
  if (own.publics.length !== statement.publics.length) return "its public values differ";
  if (own.publics.some((pv, i) => !sameNumbers(pv, statement.publics[i])))
    return "its public values differ";
  return undefined;
}

/** Options of `provePartOf`. */
export interface PartProveOptions extends ProveOptions {
  /** Round 1's batch of this part, still in memory (saves recommitting it); freed here. */
  committed?: CommittedBatch;
  /** Called with the part's final LogUp sums before the quotient (may throw to stop). */
  onFinalSums?: (sums: Ext[]) => void;
}

/**
 * Round 2 for part `index`: proves it on its fork of the shared transcript. Refuses a witness
 * that is not the one committed in round 1 (other statement or other main root).
 */
export function provePartOf(
  c: LinkedCommitments,
  index: number,
  part: PartWitness,
  opts: PartProveOptions = {},
): StarkProof {
  const claimed = c.parts[index];
  if (claimed === undefined)
    throw new RangeError(`prover: part ${index} of a proof of ${c.parts.length} parts`);
  const mismatch = statementMismatch(part, claimed.statement);
  if (mismatch !== undefined) {
    if (opts.committed) freeBatch(opts.committed);
    throw new Error(`prover: part ${index}'s witness is not the one committed: ${mismatch}`);
  }
  const count = c.parts.length;
  const zkSeed = claimed.zk ? opts.zkSeed?.(index) : undefined;
  // The LogUp blinding links each part to the one before it (zk-blind.ts).
  const zkLinkSeed =
    claimed.zk && count > 1 ? opts.zkSeed?.((index + count - 1) % count) : undefined;
  if (claimed.zk && (zkSeed === undefined || (count > 1 && zkLinkSeed === undefined))) {
    if (opts.committed) freeBatch(opts.committed);
    throw new Error(
      `prover: part ${index} was committed for zero knowledge: give its seed and the previous part's (zkSeed)`,
    );
  }
  const witness = zkSeed ? blindedWitness(part, zkSeed, zkLinkSeed) : part;
  const { shared, challenges } = linkedChallenges(c);
  const phase = phaseTimer(opts.profile, opts.cpuProfile);
  let main = opts.committed;
  if (main === undefined) {
    opts.onPhase?.("commit main", index, c.parts.length);
    const label = partLabel(part, index, count);
    main = commitMain(witness, claimed.statement.logHeights, zkSeed, label);
    phase("commit_main");
  }
  if (!sameBytes(main.root, claimed.root)) {
    freeBatch(main);
    throw new Error(
      `prover: part ${index}'s main trace changed since it was committed` +
        (claimed.zk ? " (or its zkSeed differs from round 1's)" : ""),
    );
  }
  const p = claimed.statement;
  return provePart({
    pk: witness.pk,
    tables: witness.tables,
    logHeights: [...p.logHeights],
    publics: [...p.publics] as Uint32Array[],
    main,
    transcript: partTranscript(shared, index),
    challenges,
    index,
    count: c.parts.length,
    opts,
    phase,
    onFinalSums: opts.onFinalSums ?? (() => {}),
    zk: zkSeed ? new ZkRandom(zkSeed) : undefined,
  });
}

/** Whether the external messages and `finalSums` (every table's of every part) add to zero. */
export function balances(c: LinkedCommitments, finalSums: readonly Ext[]): boolean {
  const { challenges } = linkedChallenges(c);
  const sum = finalSums.reduce((a, s) => add4(a, s), messagesSum(c.external, challenges));
  return sum.every((x) => x === 0);
}

/** Throws unless the parts' buses balance (every final sum and the external messages add to 0). */
export function checkLinkedBalance(c: LinkedCommitments, proofs: readonly StarkProof[]): void {
  if (
    !balances(
      c,
      proofs.flatMap((p) => p.tables.map((t) => t.finalSum)),
    )
  )
    throw new Error(BALANCE_ERROR);
}
