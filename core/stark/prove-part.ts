/**
 * One part of a (linked) proof after the shared LogUp challenges: its LogUp columns, the
 * quotient, the out-of-domain point and the PCS opening, on the part's own transcript fork.
 */
import { type Ext, mul4 } from "../field/extension.js";
import type { Matrix } from "../field/matrix.js";
import { twoAdicGenerator } from "../field/babybear.js";
import { type CommittedBatch, freeBatch, pcsCommit, pcsOpen } from "../fri/pcs.js";
import { powersOf } from "../fri/reduce.js";
import type { Transcript } from "../fri/transcript.js";
import { computeQuotientChunks } from "./quotient.js";
import { PROOF_VERSION, type ProvingKey, type StarkProof } from "./types.js";
import type { ProveOptions, TableWitness } from "./witness.js";

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
}

/** One part after the shared challenges: LogUp columns, quotient, opening. Frees its batches. */
export function provePart(c: PartContext): StarkProof {
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
