/**
 * One part of a (linked) proof after the shared LogUp challenges: its LogUp columns, the
 * quotient, the out-of-domain point and the PCS opening, on the part's own transcript fork.
 */
import { type Ext, mul4 } from "../field/extension.js";
import { type Matrix, freeMatrix } from "../field/matrix.js";
import { twoAdicGenerator } from "../field/babybear.js";
import {
  type CommittedBatch,
  freeBatch,
  pcsCommit,
  pcsCommitCoeffs,
  pcsCommitRandomized,
  pcsOpen,
} from "../fri/pcs.js";
import { cosetLde } from "../poly/index.js";
import { powersOf } from "../fri/reduce.js";
import type { Transcript } from "../fri/transcript.js";
import { computeQuotientChunks } from "./quotient.js";
import { PROOF_VERSION, type ProvingKey, type StarkProof } from "./types.js";
import type { ProveOptions, TableWitness } from "./witness.js";
import { randomizeChunks, randomizerMatrix, zkRandomizerCount, zkTableShape } from "./zk.js";
import type { ZkRandom } from "./zk-random.js";

export interface PartContext {
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
  /** Zero knowledge (zk.ts): the part's random streams; `main` is then committed randomized. */
  zk?: ZkRandom;
}

/**
 * One part after the shared challenges: LogUp columns, quotient, opening. Frees its batches
 * (the main one it was given included), also when it fails.
 */
export function provePart(c: PartContext): StarkProof {
  const releases: (() => void)[] = [];
  const held: CommittedBatch[] = [c.main];
  try {
    return provePartWith(c, releases, held);
  } catch (err) {
    for (const b of held) freeBatch(b);
    throw err;
  } finally {
    for (const release of releases) release();
  }
}

/**
 * `provePart`, collecting in `releases` what frees its aux traces (once they are committed) and
 * in `held` the batches it has not freed yet.
 */
function provePartWith(
  c: PartContext,
  releases: (() => void)[],
  held: CommittedBatch[],
): StarkProof {
  const { pk, tables, logHeights, publics, main, transcript, challenges, opts } = c;
  const { vk } = pk;
  const { airs, params } = vk;
  opts.onPhase?.("lookup", c.index, c.count);
  const auxIndex: (number | undefined)[] = [];
  const auxTraces: Matrix[] = [];
  const finalSums: Ext[] = airs.map((air, i) => {
    if (air.auxWidth === 0) return [0, 0, 0, 0];
    const pre = pk.preprocessed?.byTable[i];
    const { aux, finalSum, release } = air.buildAuxTrace(
      tables[i].main,
      pre === undefined ? undefined : pk.preprocessed!.batch.evals[pre],
      publics[i],
      challenges,
      { onHeap: true },
    );
    if (release) releases.push(release);
    auxIndex[i] = auxTraces.length;
    auxTraces.push(aux);
    return opts.unsafeTamperAux?.(i, aux) ?? finalSum;
  });
  c.onFinalSums(finalSums);
  const zk = c.zk;
  const R = zkRandomizerCount(params);
  const shapes = zk ? airs.map((air, i) => zkTableShape(air.maxDegree, logHeights[i], params)) : [];
  const auxOwners = airs.map((_, i) => i).filter((i) => auxIndex[i] !== undefined);
  let aux: CommittedBatch | undefined;
  if (auxTraces.length > 0) {
    aux = zk
      ? pcsCommitRandomized(
          auxTraces,
          auxTraces.map((m, j) => randomizerMatrix(zk, `aux:${auxOwners[j]}`, m.width, R)),
          auxOwners.map((i) => shapes[i].logExtra),
          params,
        )
      : pcsCommit(auxTraces, params);
    held.push(aux);
    // Committed: the opening reads the LDEs, so the traces' heap memory is free for the
    // quotient and the opening (the loop's heap peak was 250 MB higher while they were held).
    for (const release of releases.splice(0)) release();
  }
  if (aux) transcript.absorbDigest("aux", aux.root);
  transcript.absorbExts("final-sums", finalSums);
  c.phase("lookup");

  opts.onPhase?.("quotient", c.index, c.count);
  const alpha = transcript.sampleExt();
  const chunks: Matrix[] = [];
  airs.forEach((air, i) => {
    const pre = pk.preprocessed?.byTable[i];
    const ax = auxIndex[i];
    // ZK: the preprocessed columns (public, not randomized) are extended to the larger domain.
    const preLde =
      pre === undefined
        ? undefined
        : zk
          ? cosetLde(pk.preprocessed!.batch.evals[pre], params.logBlowup + shapes[i].logExtra)
          : pk.preprocessed!.batch.ldes[pre];
    try {
      chunks.push(
        ...computeQuotientChunks({
          air,
          logN: logHeights[i],
          logBlowup: params.logBlowup,
          mainLde: main.ldes[i],
          preprocessedLde: preLde,
          auxLde: ax === undefined ? undefined : aux!.ldes[ax],
          publicValues: publics[i],
          challenges,
          finalSum: finalSums[i],
          alphaPowers: powersOf(alpha, air.constraints.length),
          unsafeSkipCheck: opts.unsafeSkipChecks,
          zk: zk && {
            ...shapes[i],
            randomize: (coeffs, size) => randomizeChunks(coeffs, size, R, zk, `quotient:${i}`),
          },
        }),
      );
    } finally {
      if (zk && preLde) freeMatrix(preLde);
    }
  });
  if (zk) {
    // The FRI mask: a uniform polynomial of degree < the tallest committed height (zk.ts).
    const height = Math.max(...main.ldes.map((m) => m.height)) >> params.logBlowup;
    chunks.push({ values: zk.elements("mask", 4 * height), width: 4, height });
  }
  // The chunks (and the ZK mask) are coefficients (computeQuotientChunks).
  const quotient = pcsCommitCoeffs(chunks, params);
  held.push(quotient);
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
  if (aux) batches.push({ batch: aux, points: auxOwners.map((i) => [zeta, nextPoint(i)]) });
  batches.push({ batch: quotient, points: chunks.map(() => [zeta]) });
  const { values, proof: pcs } = pcsOpen(batches, params, transcript);
  held.length = 0;
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
    ...(zk ? { zk: true as const } : {}),
  };
}
