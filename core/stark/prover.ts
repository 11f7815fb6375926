/**
 * The multi-table STARK prover: every table of a run in one proof.
 *
 * Transcript order (the verifier replays it exactly):
 *   vk digest, table heights, public values → main root → LogUp challenges (z, β)
 *   → aux root, every table's final LogUp sum → folding challenge α → quotient root
 *   → out-of-domain point ζ → PCS opening (values absorbed, then FRI).
 */
import { type Ext, mul4 } from "../field/extension.js";
import type { Matrix } from "../field/matrix.js";
import { type CommittedBatch, freeBatch, pcsCommit, pcsOpen } from "../fri/pcs.js";
import { Transcript } from "../fri/transcript.js";
import { powersOf } from "../fri/reduce.js";
import { fromInt, twoAdicGenerator } from "../field/babybear.js";
import { type BusMessage, messagesSum } from "../lookup/fingerprint.js";
import { add4 } from "../field/extension.js";
import { checkLookupBound } from "./bound.js";
import { computeQuotientChunks } from "./quotient.js";
import { PROOF_VERSION, type ProvingKey, type StarkProof } from "./types.js";

export interface TableWitness {
  main: Matrix;
  publicValues?: Uint32Array;
}

export interface ProveOptions {
  /** Messages the verifier will put on buses itself (it recomputes them from public values). */
  external?: BusMessage[];
  /** Filled with milliseconds per phase. */
  profile?: Record<string, number>;
  /** Called at the start of each phase (for progress displays). */
  onPhase?: (phase: string) => void;
  /** Tests only: prove even if constraints or buses fail, to show the verifier rejects. */
  unsafeSkipChecks?: boolean;
  /** Tests only: change a table's LogUp trace and final sum before they are committed. */
  unsafeTamperAux?: (table: number, aux: Matrix) => Ext | undefined;
}

/** Starts the transcript exactly as the verifier does. */
export function startTranscript(
  vkDigest: Uint8Array,
  logHeights: number[],
  publics: Uint32Array[],
  external: readonly BusMessage[],
): Transcript {
  const t = new Transcript("zkglue-stark-v1");
  t.absorbDigest("vk", vkDigest);
  t.absorbFields("heights", logHeights);
  publics.forEach((p) => t.absorbFields("public", p));
  // The verifier's own bus messages are part of the statement (e.g. the public journal): they
  // must be fixed before z and β are drawn, or a prover could pick messages that cancel the
  // LogUp sum it already knows (a k-sum problem, solvable with Wagner's algorithm).
  t.absorbFields("external-count", [external.length]);
  for (const m of external) {
    t.absorbFields("external", [
      m.bus.id,
      m.values.length,
      fromInt(m.multiplicity),
      ...Array.from(m.values),
    ]);
  }
  return t;
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
  const { vk } = pk;
  const { airs, params } = vk;
  const logHeights = validateWitness(pk, tables);
  const publics = tables.map((t) => t.publicValues ?? new Uint32Array(0));
  checkLookupBound(airs, logHeights, opts.external?.length ?? 0);
  let t0 = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    if (opts.profile) opts.profile[name] = (opts.profile[name] ?? 0) + (now - t0);
    t0 = now;
  };
  const transcript = startTranscript(vk.digest, logHeights, publics, opts.external ?? []);

  opts.onPhase?.("commit main");
  const main = pcsCommit(
    tables.map((t) => t.main),
    params,
  );
  transcript.absorbDigest("main", main.root);
  phase("commit_main");

  opts.onPhase?.("lookup");
  const challenges = { z: transcript.sampleExt(), beta: transcript.sampleExt() };
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
  const total = finalSums.reduce(
    (a, s) => add4(a, s),
    messagesSum(opts.external ?? [], challenges),
  );
  if (!opts.unsafeSkipChecks && total.some((c) => c !== 0)) {
    throw new Error(
      "prover: the buses do not balance (the LogUp sums do not add to zero); run checkConstraints",
    );
  }
  const aux: CommittedBatch | undefined =
    auxTraces.length > 0 ? pcsCommit(auxTraces, params) : undefined;
  if (aux) transcript.absorbDigest("aux", aux.root);
  transcript.absorbExts("final-sums", finalSums);
  phase("lookup");

  opts.onPhase?.("quotient");
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
  phase("quotient");

  opts.onPhase?.("open");
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
  phase("open");
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
