/**
 * FRI prover for a batch of extension codewords of different heights.
 *
 * Commit phase: commit the tallest codeword (blocks of 2^s rows as Merkle leaves, s from
 * `foldSchedule`), draw β_0 … β_(s−1), fold s times, and when the folded height meets another
 * input, roll it in as `folded += β_(s−1)²·input`. Stop at 2^(logFinalPolyLen + logBlowup) rows
 * and send the final polynomial's coefficients. Then grind, draw the query indices, and open
 * every round once at all the queries' positions (a multi-opening).
 */
import { add, inv, mul, pow, twoAdicGenerator } from "../field/babybear.js";
import { type Ext, mul4 } from "../field/extension.js";
import { type MerkleTree, commitMatrices, freeTree, openMulti } from "../commit/index.js";
import { heap } from "../wasm/heap.js";
import { halfInverseTwiddlesMont, reverseBits } from "./fold.js";
import { extAxpy, foldKernel } from "./pcs-kernels.js";
import type { FriParams } from "./params.js";
import type { FriInput, FriProof } from "./proof.js";
import { foldSchedule } from "./schedule.js";
import type { Transcript } from "./transcript.js";

/** Checks the inputs' heights: distinct, and tall enough for the final polynomial. */
function sortInputs(inputs: FriInput[], params: FriParams): FriInput[] {
  const sorted = [...inputs].sort((a, b) => b.logHeight - a.logHeight);
  const minLog = params.logFinalPolyLen + params.logBlowup;
  sorted.forEach((inp, i) => {
    if (inp.codeword.length !== 4 << inp.logHeight) {
      throw new RangeError(
        `FRI input of log height ${inp.logHeight} has ${inp.codeword.length} words`,
      );
    }
    if (inp.logHeight < minLog) {
      throw new RangeError(
        `FRI input of log height ${inp.logHeight} is below the final height ${minLog}`,
      );
    }
    if (i > 0 && sorted[i - 1].logHeight === inp.logHeight) {
      throw new RangeError(
        `FRI inputs must have distinct heights (two of log height ${inp.logHeight})`,
      );
    }
  });
  return sorted;
}

/**
 * Interpolates the final codeword (bit-reversed, over the subgroup of its height) and returns
 * the first `len` coefficients; the rest must be zero or the inputs were not low-degree.
 */
export function finalPolynomial(
  codeword: Uint32Array,
  logN: number,
  len: number,
  check = true,
): Ext[] {
  const n = 1 << logN;
  const wInv = inv(twoAdicGenerator(logN));
  const nInv = inv(n);
  const coeffs: Ext[] = [];
  for (let k = 0; k < n; k++) {
    const c = [0, 0, 0, 0];
    const step = pow(wInv, k);
    let x = 1;
    for (let j = 0; j < n; j++) {
      const row = reverseBits(j, logN);
      for (let t = 0; t < 4; t++) c[t] = add(c[t], mul(codeword[4 * row + t], x));
      x = mul(x, step);
    }
    const coeff: Ext = [mul(c[0], nInv), mul(c[1], nInv), mul(c[2], nInv), mul(c[3], nInv)];
    if (check && k >= len && coeff.some((v) => v !== 0)) {
      throw new Error(
        `FRI prover: the batch is not low-degree (final coefficient ${k} is non-zero)`,
      );
    }
    if (k < len) coeffs.push(coeff);
  }
  return coeffs;
}

/** Proves that every input codeword is close to a polynomial of degree < height / blowup. */
export function proveFri<I>(
  params: FriParams,
  inputs: FriInput[],
  transcript: Transcript,
  openInput: (indices: number[]) => I,
  /** Tests only: skip the prover's own low-degree check, to show the verifier rejects. */
  unsafeSkipDegreeCheck = false,
): FriProof<I> {
  const sorted = sortInputs(inputs, params);
  const logMax = sorted[0].logHeight;
  const logFinal = params.logFinalPolyLen + params.logBlowup;
  const schedule = foldSchedule(
    sorted.map((i) => i.logHeight),
    logFinal,
  );
  const byHeight = new Map(sorted.map((i) => [i.logHeight, i.codeword]));
  const trees: MerkleTree[] = [];
  const commitments: Uint8Array[] = [];
  // Folded codewords live on the heap (the kernels fold them in place on both cores) until the
  // queries have been answered: the trees read their rows from them.
  const codewords: Uint32Array[] = [heap().alloc(sorted[0].codeword.length)];
  codewords[0].set(sorted[0].codeword);
  let logN = logMax;
  for (const s of schedule) {
    let current = codewords[codewords.length - 1];
    // Leaves are blocks of 2^s consecutive rows: 4·2^s words.
    const tree = commitMatrices([{ values: current, width: 4 << s, height: 1 << (logN - s) }]);
    trees.push(tree);
    commitments.push(tree.root);
    transcript.absorbDigest("fri-commit", tree.root);
    // One independent challenge per fold (see ./schedule.ts).
    const betas = Array.from({ length: s }, () => transcript.sampleExt());
    for (let j = 0; j < s; j++) {
      const folded = heap().alloc(current.length / 2);
      foldKernel(current, folded, halfInverseTwiddlesMont(logN), betas[j]);
      if (j > 0) heap().free(current); // intermediate folds are never opened
      current = folded;
      logN--;
    }
    codewords.push(current);
    const rollIn = byHeight.get(logN);
    const last = betas[s - 1];
    if (rollIn) extAxpy(current, rollIn, mul4(last, last));
  }
  const current = codewords[codewords.length - 1];
  const finalPoly = finalPolynomial(
    current,
    logFinal,
    1 << params.logFinalPolyLen,
    !unsafeSkipDegreeCheck,
  );
  transcript.absorbExts("fri-final", finalPoly);
  const powNonce = transcript.grind(params.powBits);
  const indices = transcript.sampleBits(logMax, params.numQueries);
  const input = openInput(indices);
  let shift = 0;
  const rounds = trees.map((tree, r) => {
    shift += schedule[r];
    return openMulti(
      tree,
      indices.map((i) => i >>> shift),
    );
  });
  trees.forEach(freeTree);
  codewords.forEach((c) => heap().free(c));
  return { commitments, finalPoly, powNonce, input, rounds };
}
