/**
 * FRI verifier. It trusts nothing in the proof: shapes are checked before use, every round's
 * multi-opening is checked against its root (with @noble/hashes), every fold is recomputed,
 * and the final polynomial is evaluated at each query's point.
 */
import { inv, mul, pow, twoAdicGenerator } from "../field/babybear.js";
import { type Ext, add4, equals, evalPoly4, getAt, mul4 } from "../field/extension.js";
import { verifyMulti } from "../commit/index.js";
import { foldPair, reverseBits } from "./fold.js";
import type { FriParams } from "./params.js";
import { FriError, type FriProof } from "./proof.js";
import { foldSchedule } from "./schedule.js";
import type { Transcript } from "./transcript.js";

/**
 * What the caller computes from its own opened inputs at the query indices (over the tallest
 * height): per query, the reduced value of each input height (log height → value). Throws on a
 * bad opening.
 */
export type InputVerifier<I> = (indices: number[], input: I) => Map<number, Ext>[];

function checkShape<I>(params: FriParams, rounds: number, proof: FriProof<I>): void {
  if (typeof proof !== "object" || proof === null) throw new FriError("the proof is not an object");
  if (!Array.isArray(proof.commitments) || proof.commitments.length !== rounds) {
    throw new FriError(`expected ${rounds} commit-phase roots, got ${proof.commitments?.length}`);
  }
  if (!Array.isArray(proof.finalPoly) || proof.finalPoly.length !== 1 << params.logFinalPolyLen) {
    throw new FriError(
      `final polynomial has ${proof.finalPoly?.length} coefficients, expected ${1 << params.logFinalPolyLen}`,
    );
  }
  if (!Array.isArray(proof.rounds) || proof.rounds.length !== rounds) {
    throw new FriError(`expected ${rounds} opened rounds, got ${proof.rounds?.length}`);
  }
}

const INV_TWO = inv(2);

/** 1/2 · w_n^(−rev(k)) for pair k of a height-2^logN codeword, from a cached w_n^(−1). */
const wInvCache = new Map<number, number>();
function halfInverse(logN: number, k: number): number {
  let w = wInvCache.get(logN);
  if (w === undefined) wInvCache.set(logN, (w = inv(twoAdicGenerator(logN))));
  return mul(INV_TWO, pow(w, reverseBits(k, logN - 1)));
}

/**
 * Folds one opened block of 2^s values (rows block·2^s … of a height-2^logN codeword) s times
 * with β_0 … β_(s−1); returns the value at row `block` of the height-2^(logN−s) codeword.
 */
function foldBlock(
  leaf: Uint32Array,
  s: number,
  logN: number,
  block: number,
  betas: readonly Ext[],
): Ext {
  let vals: Ext[] = [];
  for (let t = 0; t < 1 << s; t++) vals.push(getAt(leaf, t));
  for (let j = 0; j < s; j++) {
    const next: Ext[] = [];
    const base = block << (s - j - 1);
    for (let t = 0; t < vals.length / 2; t++) {
      next.push(foldPair(vals[2 * t], vals[2 * t + 1], betas[j], halfInverse(logN - j, base + t)));
    }
    vals = next;
  }
  return vals[0];
}

/**
 * Verifies a FRI proof for inputs of log heights `logHeights` (distinct; the caller's own
 * knowledge, not the proof's); throws `FriError`.
 */
export function verifyFri<I>(
  params: FriParams,
  logHeights: readonly number[],
  proof: FriProof<I>,
  transcript: Transcript,
  verifyInput: InputVerifier<I>,
): void {
  const logFinal = params.logFinalPolyLen + params.logBlowup;
  if (
    !Array.isArray(logHeights) ||
    logHeights.length === 0 ||
    !logHeights.every((h) => Number.isInteger(h) && h <= 30)
  ) {
    throw new FriError("input log heights must be a non-empty list of integers ≤ 30");
  }
  const logMax = Math.max(...logHeights);
  if (new Set(logHeights).size !== logHeights.length)
    throw new FriError("input heights are not distinct");
  if (Math.min(...logHeights) < logFinal)
    throw new FriError(`an input (log ${Math.min(...logHeights)}) is below the final height`);
  const schedule = foldSchedule(logHeights, logFinal);
  checkShape(params, schedule.length, proof);
  const betas: Ext[][] = [];
  proof.commitments.forEach((root, r) => {
    transcript.absorbDigest("fri-commit", root);
    betas.push(Array.from({ length: schedule[r] }, () => transcript.sampleExt()));
  });
  transcript.absorbExts("fri-final", proof.finalPoly);
  if (!transcript.checkWitness(params.powBits, proof.powNonce)) {
    throw new FriError("proof-of-work nonce does not meet the required bits");
  }
  const indices = transcript.sampleBits(logMax, params.numQueries);
  const reduced = verifyInput(indices, proof.input);
  if (!Array.isArray(reduced) || reduced.length !== indices.length)
    throw new FriError("input verifier gave the wrong number of values");
  const heights = new Set(logHeights);
  for (const m of reduced)
    for (const lg of m.keys())
      if (!heights.has(lg)) throw new FriError(`input value at unknown log height ${lg}`);

  // Each round's multi-opening, checked once for all queries.
  const leaves: ((index: number) => Uint32Array[])[] = [];
  let logRound = logMax;
  schedule.forEach((s, r) => {
    logRound -= s;
    const positions = indices.map((i) => i >>> (logMax - logRound));
    try {
      leaves.push(
        verifyMulti(
          proof.commitments[r],
          [{ width: 4 << s, height: 1 << logRound }],
          positions,
          proof.rounds[r],
        ),
      );
    } catch (err) {
      throw new FriError(`round ${r}: ${(err as Error).message}`);
    }
  });

  const finalGen = twoAdicGenerator(logFinal);
  indices.forEach((start, qi) => {
    let index = start;
    let folded = reduced[qi].get(logMax);
    if (!folded) throw new FriError(`query ${qi}: no input at the tallest height`);
    let logN = logMax;
    schedule.forEach((s, r) => {
      const block = index >>> s;
      const leaf = leaves[r](block)[0];
      if (!equals(getAt(leaf, index & ((1 << s) - 1)), folded!)) {
        throw new FriError(`query ${qi} round ${r}: opened value differs from the folded value`);
      }
      folded = foldBlock(leaf, s, logN, block, betas[r]);
      index = block;
      logN -= s;
      const rollIn = reduced[qi].get(logN);
      if (rollIn) {
        const last = betas[r][s - 1];
        folded = add4(folded, mul4(mul4(last, last), rollIn));
      }
    });
    const y = pow(finalGen, reverseBits(index, logFinal));
    if (!equals(evalPoly4(proof.finalPoly, [y, 0, 0, 0]), folded)) {
      throw new FriError(`query ${qi}: final polynomial disagrees with the folded value`);
    }
  });
}
