/**
 * The multi-table STARK prover: every table of a run in one proof, or in several linked parts
 * (statement.ts) that share the LogUp challenges and balance together.
 *
 * Transcript order (the verifier replays it exactly):
 *   shared: every part's vk digest, table heights, public values; external messages
 *           → every part's main root → LogUp challenges (z, β)
 *   per part (a fork): aux root, every table's final LogUp sum → folding challenge α
 *           → quotient root → out-of-domain point ζ → PCS opening (values absorbed, then FRI).
 */
import { type Ext, mul4 } from "../field/extension.js";
import type { Matrix } from "../field/matrix.js";
import { type CommittedBatch, freeBatch, pcsCommit, pcsOpen } from "../fri/pcs.js";
import type { Transcript } from "../fri/transcript.js";
import { powersOf } from "../fri/reduce.js";
import { twoAdicGenerator } from "../field/babybear.js";
import { type BusMessage, messagesSum } from "../lookup/fingerprint.js";
import { add4 } from "../field/extension.js";
import { checkLookupBound } from "./bound.js";
import { computeQuotientChunks } from "./quotient.js";
import { partTranscript, startTranscript } from "./statement.js";
import { PROOF_VERSION, type ProvingKey, type StarkProof } from "./types.js";

export interface TableWitness {
  main: Matrix;
  publicValues?: Uint32Array;
}

export interface ProveOptions {
  /** Messages the verifier will put on buses itself (it recomputes them from public values). */
  external?: BusMessage[];
  /** Filled with milliseconds per phase (wall clock). */
  profile?: Record<string, number>;
  /**
   * Filled with the process's CPU milliseconds per phase (every thread: the caller and the
   * pool's workers); divided by the wall time it says how many cores a phase kept busy.
   */
  cpuProfile?: Record<string, number>;
  /** Called at the start of each phase (for progress displays); `part` counts from 0. */
  onPhase?: (phase: string, part: number, parts: number) => void;
  /** Tests only: prove even if constraints or buses fail, to show the verifier rejects. */
  unsafeSkipChecks?: boolean;
  /** Tests only: change a table's LogUp trace and final sum before they are committed. */
  unsafeTamperAux?: (table: number, aux: Matrix) => Ext | undefined;
}

/** One part of a linked proof: its proving key and its tables' witnesses. */
export interface PartWitness {
  pk: ProvingKey;
  tables: TableWitness[];
}

function validateWitness(pk: ProvingKey, tables: TableWitness[]): number[] {
  const { airs } = pk.vk;
  if (tables.length !== airs.length)
    throw new RangeError(`prove: ${tables.length} traces for ${airs.length} tables`);
  return tables.map((t, i) => {
    const air = airs[i];
    const h = t.main.height;
    if (t.main.width !== air.mainWidth)
      throw new RangeError(
        `prove: table ${air.name}: trace width ${t.main.width}, expected ${air.mainWidth}`,
      );
    if (!Number.isInteger(Math.log2(h)) || h < 2)
      throw new RangeError(`prove: table ${air.name}: height ${h} is not a power of two ≥ 2`);
    if ((t.publicValues?.length ?? 0) !== air.numPublicValues) {
      throw new RangeError(
        `prove: table ${air.name}: ${t.publicValues?.length ?? 0} public values, expected ${air.numPublicValues}`,
      );
    }
    const pre = pk.preprocessed?.byTable[i];
    if (pre !== undefined && pk.preprocessed!.batch.evals[pre].height !== h) {
      throw new RangeError(
        `prove: table ${air.name}: height ${h} differs from its preprocessed height`,
      );
    }
    return Math.log2(h);
  });
}

/** Proves that every table's trace satisfies its AIR and that all buses balance. */
export function prove(pk: ProvingKey, tables: TableWitness[], opts: ProveOptions = {}): StarkProof {
  return proveLinked([{ pk, tables }], opts)[0];
}

/** Process CPU time in ms (all threads), or 0 where there is no `process` (a browser). */
function cpuMs(): number {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } })
    .process;
  if (!p?.cpuUsage) return 0;
  const u = p.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Milliseconds per phase into `profile` (and CPU ms into `cpu`), summed over parts. */
function phaseTimer(
  profile: Record<string, number> | undefined,
  cpu: Record<string, number> | undefined,
): (name: string) => void {
  let t0 = performance.now();
  let c0 = cpu ? cpuMs() : 0;
  return (name) => {
    const now = performance.now();
    if (profile) profile[name] = (profile[name] ?? 0) + (now - t0);
    t0 = now;
    if (cpu) {
      const c = cpuMs();
      cpu[name] = (cpu[name] ?? 0) + (c - c0);
      c0 = c;
    }
  };
}

const BALANCE_ERROR =
  "prover: the buses do not balance (the LogUp sums do not add to zero); run checkConstraints";

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
  const logHeights = parts.map((p) => validateWitness(p.pk, p.tables));
  const publics = parts.map((p) => p.tables.map((t) => t.publicValues ?? new Uint32Array(0)));
  const external = opts.external ?? [];
  checkLookupBound(
    parts.flatMap((p) => p.pk.vk.airs),
    logHeights.flat(),
    external.length,
  );
  const phase = phaseTimer(opts.profile, opts.cpuProfile);
  const shared = startTranscript(
    parts.map((p, i) => ({
      vkDigest: p.pk.vk.digest,
      logHeights: logHeights[i],
      publics: publics[i],
    })),
    external,
  );
  const last = parts.length - 1;
  const commitMain = (i: number): CommittedBatch => {
    opts.onPhase?.("commit main", i, parts.length);
    const batch = pcsCommit(
      parts[i].tables.map((t) => t.main),
      parts[i].pk.vk.params,
    );
    phase("commit_main");
    return batch;
  };
  const roots: Uint8Array[] = [];
  let kept: CommittedBatch | undefined;
  parts.forEach((_, i) => {
    const batch = commitMain(i);
    roots.push(batch.root);
    shared.absorbDigest("main", batch.root);
    if (i === last) kept = batch;
    else freeBatch(batch);
  });
  const challenges = { z: shared.sampleExt(), beta: shared.sampleExt() };

  // The last part is still committed: prove it first, then recommit and prove the others.
  const proofs: StarkProof[] = new Array(parts.length);
  let balance = messagesSum(external, challenges);
  const order = [last, ...Array.from({ length: last }, (_, i) => i)];
  for (const i of order) {
    const main = i === last ? kept! : commitMain(i);
    if (!main.root.every((b, k) => b === roots[i][k])) {
      freeBatch(main);
      throw new Error(`prover: part ${i}'s main trace changed while it was being proven`);
    }
    proofs[i] = provePart({
      pk: parts[i].pk,
      tables: parts[i].tables,
      logHeights: logHeights[i],
      publics: publics[i],
      main,
      transcript: partTranscript(shared, i),
      challenges,
      index: i,
      count: parts.length,
      opts,
      phase,
      onFinalSums: (sums) => {
        balance = sums.reduce((a, s) => add4(a, s), balance);
        // With one part the balance is known before the expensive phases: refuse early.
        if (parts.length === 1 && !opts.unsafeSkipChecks && balance.some((c) => c !== 0))
          throw new Error(BALANCE_ERROR);
      },
    });
  }
  if (!opts.unsafeSkipChecks && balance.some((c) => c !== 0)) throw new Error(BALANCE_ERROR);
  return proofs;
}

interface PartContext {
  pk: ProvingKey;
  tables: TableWitness[];
  logHeights: number[];
  publics: Uint32Array[];
  main: CommittedBatch;
  transcript: Transcript;
  challenges: { z: Ext; beta: Ext };
  index: number;
  count: number;
  opts: ProveOptions;
  phase: (name: string) => void;
  onFinalSums: (sums: Ext[]) => void;
}

/** One part after the shared challenges: LogUp columns, quotient, opening. Frees its batches. */
function provePart(c: PartContext): StarkProof {
  const { pk, tables, logHeights, publics, main, transcript, challenges, opts } = c;
  const { vk } = pk;
  const { airs, params } = vk;
  opts.onPhase?.("lookup", c.index, c.count);
  const auxIndex: (number | undefined)[] = [];
  const auxTraces: Matrix[] = [];
  const finalSums: Ext[] = airs.map((air, i) => {
    if (air.auxWidth === 0) return [0, 0, 0, 0];
    const pre = pk.preprocessed?.byTable[i];
    const { aux, finalSum } = air.buildAuxTrace(
      tables[i].main,
      pre === undefined ? undefined : pk.preprocessed!.batch.evals[pre],
      publics[i],
      challenges,
    );
    auxIndex[i] = auxTraces.length;
    auxTraces.push(aux);
    return opts.unsafeTamperAux?.(i, aux) ?? finalSum;
  });
  try {
    c.onFinalSums(finalSums);
  } catch (err) {
    freeBatch(main);
    throw err;
  }
  const aux: CommittedBatch | undefined =
    auxTraces.length > 0 ? pcsCommit(auxTraces, params) : undefined;
  if (aux) transcript.absorbDigest("aux", aux.root);
  transcript.absorbExts("final-sums", finalSums);
  c.phase("lookup");

  opts.onPhase?.("quotient", c.index, c.count);
  const alpha = transcript.sampleExt();
  const chunks: Matrix[] = [];
  airs.forEach((air, i) => {
    const pre = pk.preprocessed?.byTable[i];
    const ax = auxIndex[i];
    chunks.push(
      ...computeQuotientChunks({
        air,
        logN: logHeights[i],
        logBlowup: params.logBlowup,
        mainLde: main.ldes[i],
        preprocessedLde: pre === undefined ? undefined : pk.preprocessed!.batch.ldes[pre],
        auxLde: ax === undefined ? undefined : aux!.ldes[ax],
        publicValues: publics[i],
        challenges,
        finalSum: finalSums[i],
        alphaPowers: powersOf(alpha, air.constraints.length),
        unsafeSkipCheck: opts.unsafeSkipChecks,
      }),
    );
  });
  const quotient = pcsCommit(chunks, params);
  transcript.absorbDigest("quotient", quotient.root);
  c.phase("quotient");

  opts.onPhase?.("open", c.index, c.count);
  const zeta = transcript.sampleExt();
  const nextPoint = (i: number): Ext => mul4(zeta, [twoAdicGenerator(logHeights[i]), 0, 0, 0]);
  const batches: { batch: CommittedBatch; points: Ext[][] }[] = [];
  if (pk.preprocessed) {
    batches.push({
      batch: pk.preprocessed.batch,
      points: pk.preprocessed.batch.evals.map((_, j) => [
        zeta,
        nextPoint(vk.preprocessed!.tables[j]),
      ]),
    });
  }
  batches.push({ batch: main, points: airs.map((_, i) => [zeta, nextPoint(i)]) });
  if (aux) {
    const owners = airs.map((_, i) => i).filter((i) => auxIndex[i] !== undefined);
    batches.push({ batch: aux, points: owners.map((i) => [zeta, nextPoint(i)]) });
  }
  batches.push({ batch: quotient, points: chunks.map(() => [zeta]) });
  const { values, proof: pcs } = pcsOpen(batches, params, transcript);
  for (const b of [main, aux, quotient]) if (b) freeBatch(b);
  c.phase("open");
  return {
    version: PROOF_VERSION,
    params,
    tables: logHeights.map((logHeight, i) => ({ logHeight, finalSum: finalSums[i] })),
    mainRoot: main.root,
    auxRoot: aux?.root,
    quotientRoot: quotient.root,
    openings: values,
    pcs,
  };
}
