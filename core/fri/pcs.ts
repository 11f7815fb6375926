/**
 * The polynomial commitment scheme: matrices of evaluations are committed as coset LDEs in one
 * mixed-height Merkle tree per batch, and opened at extension points with one FRI proof for all
 * batches together (Plonky3's two-adic FRI PCS, in shape).
 *
 * Opening: the prover sends f(z) for every column and point and absorbs them all into the
 * transcript BEFORE the batching challenge α is drawn (so openings cannot be chosen after α).
 * Then, per LDE height, the reduced codeword
 *     R(x) = Σ_{batch, matrix, point z} α^off · (S(x) − S(z)) / (x − z),   S = Σ_col α^col f_col
 * is low-degree exactly when every claimed f(z) is right; FRI proves it, and each query opens
 * the batches' rows so the verifier recomputes R at the query point itself.
 */
import { GENERATOR, P, inv, mul, pow, sub, twoAdicGenerator } from "../field/babybear.js";
import {
  type Ext,
  ONE,
  ZERO,
  add4,
  batchInverse4,
  getAt,
  mul4,
  pow4,
  scale4,
  setAt,
  sub4,
} from "../field/extension.js";
import { type Matrix, NonCanonicalError, freeMatrix, isHeapView } from "../field/matrix.js";
import {
  type MerkleTree,
  type MultiOpening,
  commitMatrices,
  freeTree,
  openMulti,
  verifyMulti,
} from "../commit/index.js";
import { cosetLde, cosetLdeCoeffs, cosetLdeRandomized } from "../poly/index.js";
import { reverseBits } from "./fold.js";
import type { FriParams } from "./params.js";
import type { FriInput, FriProof } from "./proof.js";
import { FriError } from "./proof.js";
import { proveFri } from "./prover.js";
import type { Transcript } from "./transcript.js";
import { verifyFri } from "./verifier.js";
import { powersOf } from "./reduce.js";
import {
  columnDotsKernelMany,
  extAxpy,
  powersOnHeap,
  quotientAcc,
  rowDotsAcc,
} from "./pcs-kernels.js";
import { heap } from "../wasm/heap.js";
import { OpeningDenominators } from "./denominators.js";

/** The prover's data for one committed batch. */
export interface CommittedBatch {
  /**
   * Evaluations over the trace subgroup H (natural order), as given. Only a coefficient
   * batch's are read after the commitment (the opening evaluates the LDEs): the caller may free
   * evaluation matrices once committed.
   */
  evals: Matrix[];
  /** Their coset LDEs (bit-reversed rows) — the Merkle tree's leaves. */
  ldes: Matrix[];
  tree: MerkleTree;
  root: Uint8Array;
  /** `evals` holds coefficients (row i = coefficient of X^i), not evaluations (`pcsCommitCoeffs`). */
  coefficients?: true;
}

/** What the verifier knows of a batch: its root, matrix shapes (trace heights) and points. */
export interface BatchClaim {
  root: Uint8Array;
  dims: { width: number; height: number }[];
  /** Points per matrix. */
  points: Ext[][];
  /** Claimed values [matrix][point][column]. */
  values: Ext[][][];
}

/** Every batch opened at all the query indices at once: one multi-opening per batch. */
export interface PcsInputOpening {
  batches: MultiOpening[];
}

export type PcsProof = FriProof<PcsInputOpening>;

/**
 * The LDE of every matrix of a batch. On failure the LDEs made so far are freed, and a
 * `NonCanonicalError` (an input value ≥ p) is told which matrix it was, so that callers can name
 * the table.
 */
function ldesOf(evals: readonly Matrix[], lde: (m: Matrix, i: number) => Matrix): Matrix[] {
  const ldes: Matrix[] = [];
  try {
    for (let i = 0; i < evals.length; i++) ldes.push(lde(evals[i], i));
  } catch (e) {
    for (const m of ldes) if (isHeapView(m.values)) freeMatrix(m);
    if (e instanceof NonCanonicalError) e.matrix = ldes.length;
    throw e;
  }
  return ldes;
}

/**
 * Commits matrices of evaluations over subgroups (heights: powers of two). Every value must be
 * a field element; one that is not is refused with a `NonCanonicalError`.
 */
export function pcsCommit(evals: Matrix[], params: FriParams): CommittedBatch {
  const ldes = ldesOf(evals, (m) => cosetLde(m, params.logBlowup, GENERATOR));
  const tree = commitMatrices(ldes);
  return { evals, ldes, tree, root: tree.root };
}

/**
 * Commits randomized extensions f' = f + Z_H·r of the columns of `evals` (see
 * `cosetLdeRandomized`): matrix i at degree bound `evals[i].height · 2^logExtra[i]`.
 */
export function pcsCommitRandomized(
  evals: Matrix[],
  randomizers: Matrix[],
  logExtra: number[],
  params: FriParams,
): CommittedBatch {
  const ldes = ldesOf(evals, (m, i) =>
    cosetLdeRandomized(m, randomizers[i], logExtra[i], params.logBlowup, GENERATOR),
  );
  const tree = commitMatrices(ldes);
  // Opened from the LDEs like any batch (`openedValues`): the randomizers are not kept.
  return { evals, ldes, tree, root: tree.root };
}

/**
 * Commits polynomials given by their coefficients (row i = coefficient of X^i, heights powers
 * of two): the same commitment as `pcsCommit` of their evaluations, without the round trip
 * through evaluations. Opened values are then computed from the coefficients.
 */
export function pcsCommitCoeffs(coeffs: Matrix[], params: FriParams): CommittedBatch {
  const ldes = coeffs.map((m) => cosetLdeCoeffs(m, params.logBlowup, GENERATOR));
  const tree = commitMatrices(ldes);
  return { evals: coeffs, ldes, tree, root: tree.root, coefficients: true };
}

/** Returns a batch's LDEs and tree to the heap; the batch must not be opened afterwards. */
export function freeBatch(batch: CommittedBatch): void {
  freeTree(batch.tree);
  for (const m of batch.ldes) if (isHeapView(m.values)) freeMatrix(m);
}

/**
 * The committed polynomials' values at z from column sums Σ_i f(x_i)·x_i/(x_i − z) over the
 * coset g·H_D (`OpeningDenominators.cosetWeights`), by the barycentric formula
 * f(z) = (z^D − g^D)/(D·g^D) · Σ_i f(x_i)·x_i/(z − x_i) (exact for degree < D): the sums'
 * weights have the opposite sign, so the scale does.
 */
function barycentricValues(width: number, D: number, z: Ext, sums: Uint32Array): Ext[] {
  const gD = pow(GENERATOR, D);
  const scale = scale4(sub4([gD, 0, 0, 0], pow4(z, D)), inv(mul(D % P, gD)));
  return Array.from({ length: width }, (_, c) => mul4(getAt(sums, c), scale));
}

/**
 * Opened values [batch][matrix][point][column], sharing weights per (height, point); each
 * matrix is read once for all its points. A committed polynomial of degree < D (D = its LDE's
 * height / 2^logBlowup: the trace height, or the ZK degree bound) is evaluated from the first
 * D rows of its LDE, which are its values on the coset g·H_D (row i at g·w_D^rev(i)): the
 * trace itself is not needed after its commitment, and a ZK commitment f + Z_H·r is opened as
 * it stands. Coefficient batches are opened as Σ c_i·z^i.
 */
function openedValues(
  batches: { batch: CommittedBatch; points: Ext[][] }[],
  logBlowup: number,
  den: OpeningDenominators,
): Ext[][][][] {
  const cache = new Map<string, Uint32Array>();
  const weightsAt = (height: number, z: Ext, coefficients: boolean): Uint32Array => {
    const key = `${coefficients ? "coeffs:" : ""}${height}:${z.join(",")}`;
    let w = cache.get(key);
    if (!w)
      cache.set(
        key,
        (w = coefficients
          ? powersOnHeap(z, height)
          : den.cosetWeights(Math.log2(height), logBlowup, z)),
      );
    return w;
  };
  try {
    return batches.map(({ batch, points }) =>
      batch.ldes.map((lde, mi) => {
        const coefficients = batch.coefficients === true;
        const D = lde.height >> logBlowup;
        // Coefficients: the rows of `evals`; else the LDE's first D rows (see above).
        const m = coefficients
          ? batch.evals[mi]
          : { values: lde.values.subarray(0, D * lde.width), width: lde.width, height: D };
        const weights = points[mi].map((z) => weightsAt(m.height, z, coefficients));
        const sums = columnDotsKernelMany(m, weights);
        return points[mi].map((z, pi) =>
          coefficients
            ? Array.from({ length: m.width }, (_, c) => getAt(sums[pi], c))
            : barycentricValues(m.width, D, z, sums[pi]),
        );
      }),
    );
  } finally {
    for (const w of cache.values()) if (isHeapView(w)) heap().free(w);
  }
}

function absorbValues(transcript: Transcript, values: Ext[][][][]): void {
  for (const batch of values)
    for (const mat of batch) for (const pt of mat) transcript.absorbExts("pcs-open", pt);
}

/** One (matrix, point) term of the reduced codeword: α^off·(S(x) − S(z))/(x − z). */
interface OpeningTerm {
  lde: Matrix;
  z: Ext;
  /** α^col for each column, interleaved ext (shared by the matrix's terms). */
  colPowers: Uint32Array;
  /** α^off = α^pos · α^(p·W) (`openingOffsets`). */
  scale: Ext;
  /** α^pos: the matrix's part of the scale, the same at each of its points. */
  matrixScale: Ext;
  /** α^(p·W): the point index's part, the same for every matrix opened at index p. */
  pointScale: Ext;
  /** α^off · S(z). */
  constant: Ext;
}

/**
 * α's exponent of every (batch, matrix, point) term: the term of matrix m at its point index p
 * starts at p·W + pos_m, W the width of all matrices together and pos_m the widths before m.
 * Every (term, column) pair gets its own power of α below (max points)·W, as batching needs.
 * Why this order: the terms at index p differ from those at index 0 by the one factor α^(p·W),
 * so the prover sums a matrix opened at several points once (`reducedCodewords`).
 */
export function openingOffsets(widths: number[][], pointCounts: number[][]): number[][][] {
  const total = widths.flat().reduce((a, b) => a + b, 0);
  let pos = 0;
  return widths.map((ws, bi) =>
    ws.map((w, mi) => {
      const offs = Array.from({ length: pointCounts[bi][mi] }, (_, p) => p * total + pos);
      pos += w;
      return offs;
    }),
  );
}

/** The terms at one LDE height grouped by point, with the matrices opened at several points. */
interface HeightTerms {
  groups: OpeningTerm[][];
  shared: Matrix[];
}

function groupTerms(list: OpeningTerm[]): HeightTerms {
  const uses = new Map<Matrix, number>();
  for (const t of list) uses.set(t.lde, (uses.get(t.lde) ?? 0) + 1);
  const byPoint = new Map<string, OpeningTerm[]>();
  for (const t of list) {
    const key = t.z.join(",");
    byPoint.set(key, [...(byPoint.get(key) ?? []), t]);
  }
  const shared = [...uses].filter(([, n]) => n > 1).map(([m]) => m);
  return { groups: [...byPoint.values()], shared };
}

/**
 * Whether every group opens every shared matrix, each group's shared terms at one point index
 * (so one factor), and a shared matrix has one α^pos: then each group's sum is
 * pointScale · U + (its single-point terms), U = Σ_shared α^pos·S computed once.
 */
function sharesOneSum({ groups, shared }: HeightTerms): boolean {
  if (shared.length === 0) return false;
  const posScale = new Map<Matrix, string>();
  return groups.every((g) => {
    const own = g.filter((t) => shared.includes(t.lde));
    const factor = own[0]?.pointScale.join(",");
    return (
      own.length === shared.length &&
      new Set(own.map((t) => t.lde)).size === shared.length &&
      own.every((t) => {
        const key = t.matrixScale.join(",");
        if ((posScale.get(t.lde) ?? key) !== key) return false;
        posScale.set(t.lde, key);
        return t.pointScale.join(",") === factor;
      })
    );
  });
}

/**
 * The reduced codeword of every LDE height: per height and distinct point z,
 * R += (Σ_terms α^off·S(x) − Σ constants) · 1/(x − z), with S(x) = Σ_col α^col·row(x).
 * Each LDE is read once however many points open it: the matrices opened at several points
 * are summed once into U = Σ α^pos·S (`openingOffsets`), and a point's sum is α^(p·W)·U plus
 * its single-point terms (before, each shared matrix's S was scaled into each point's sum).
 */
function reducedCodewords(terms: OpeningTerm[], den: OpeningDenominators): FriInput[] {
  // Codewords are heap blocks: the caller frees them.
  const byHeight = new Map<number, OpeningTerm[]>();
  for (const t of terms) {
    const logN = Math.log2(t.lde.height);
    byHeight.set(logN, [...(byHeight.get(logN) ?? []), t]);
  }
  const inputs: FriInput[] = [];
  try {
    for (const [logN, list] of byHeight) {
      // On the heap: the kernels accumulate into it in place (the caller frees it after FRI).
      const acc = heap().allocZeroed(4 << logN);
      inputs.push({ logHeight: logN, codeword: acc });
      const height = groupTerms(list);
      if (sharesOneSum(height)) reduceShared(logN, height, acc, den);
      else reduceEach(logN, height, acc, den);
    }
  } catch (err) {
    for (const input of inputs) heap().free(input.codeword);
    throw err;
  }
  return inputs;
}

/** acc += (scale·sum − Σ constants)·1/(x − z) for one group's point z, at height 2^logN. */
function accumulateQuotient(
  acc: Uint32Array,
  logN: number,
  den: OpeningDenominators,
  group: OpeningTerm[],
  sum: Uint32Array,
  scale?: Ext,
): void {
  const constant = group.reduce((c, t) => add4(c, t.constant), ZERO);
  quotientAcc(acc, sum, constant, den.inverse(logN, group[0].z), scale);
}

/** `reducedCodewords` of one height whose groups share one sum (`sharesOneSum`). */
function reduceShared(
  logN: number,
  { groups, shared }: HeightTerms,
  acc: Uint32Array,
  den: OpeningDenominators,
): void {
  const h = heap();
  const u = h.allocZeroed(4 << logN);
  let sum: Uint32Array | undefined;
  try {
    for (const m of shared) {
      const t = groups[0].find((x) => x.lde === m)!;
      rowDotsAcc(m, scaledWeights(t.colPowers, t.matrixScale), u);
    }
    const factor = (g: OpeningTerm[]) => g.find((t) => t.lde === shared[0])!.pointScale;
    const isOne = (g: OpeningTerm[]) => factor(g).every((c, i) => c === ONE[i]);
    // A group with factor 1 adds its single terms to U itself, so it goes last.
    const ordered = [...groups.filter((g) => !isOne(g)), ...groups.filter(isOne)];
    ordered.forEach((g, k) => {
      const single = g.filter((t) => !shared.includes(t.lde));
      if (k === ordered.length - 1 && isOne(g)) {
        for (const t of single) rowDotsAcc(t.lde, scaledWeights(t.colPowers, t.scale), u);
        accumulateQuotient(acc, logN, den, g, u);
      } else if (single.length === 0) {
        // factor·U is multiplied in the quotient's own pass (no scratch sum).
        accumulateQuotient(acc, logN, den, g, u, factor(g));
      } else {
        sum ??= h.alloc(4 << logN);
        sum.fill(0);
        extAxpy(sum, u, factor(g));
        for (const t of single) rowDotsAcc(t.lde, scaledWeights(t.colPowers, t.scale), sum);
        accumulateQuotient(acc, logN, den, g, sum);
      }
    });
  } finally {
    h.free(u);
    if (sum) h.free(sum);
  }
}

/**
 * `reducedCodewords` of one height in general: each matrix opened at several points is summed
 * once (α^col weights) and scaled into each of its points' sums.
 */
function reduceEach(
  logN: number,
  { groups, shared }: HeightTerms,
  acc: Uint32Array,
  den: OpeningDenominators,
): void {
  const h = heap();
  const combined = new Map<Matrix, Uint32Array>();
  const remaining = new Map<Matrix, number>();
  for (const g of groups) for (const t of g) remaining.set(t.lde, (remaining.get(t.lde) ?? 0) + 1);
  const sum = h.alloc(4 << logN);
  try {
    for (const group of groups) {
      sum.fill(0);
      for (const t of group) {
        if (!shared.includes(t.lde)) {
          rowDotsAcc(t.lde, scaledWeights(t.colPowers, t.scale), sum);
          continue;
        }
        let s = combined.get(t.lde);
        if (s === undefined) {
          s = h.allocZeroed(4 << logN);
          rowDotsAcc(t.lde, t.colPowers, s);
          combined.set(t.lde, s);
        }
        extAxpy(sum, s, t.scale);
        // Freed after its last point: the heap never shrinks, so held buffers set its peak.
        const left = remaining.get(t.lde)! - 1;
        remaining.set(t.lde, left);
        if (left === 0) {
          h.free(s);
          combined.delete(t.lde);
        }
      }
      accumulateQuotient(acc, logN, den, group, sum);
    }
  } finally {
    h.free(sum);
    for (const s of combined.values()) h.free(s);
  }
}

/** α^off · α^col for each column (interleaved ext). */
function scaledWeights(colPowers: Uint32Array, scale: Ext): Uint32Array {
  const w = new Uint32Array(colPowers.length);
  for (let c = 0; c < colPowers.length / 4; c++) setAt(w, c, mul4(scale, getAt(colPowers, c)));
  return w;
}

/**
 * Opens every batch's matrices at their points; returns the values (also absorbed into the
 * transcript) and the FRI proof.
 */
export function pcsOpen(
  batches: { batch: CommittedBatch; points: Ext[][] }[],
  params: FriParams,
  transcript: Transcript,
): { values: Ext[][][][]; proof: PcsProof } {
  const maxHeight = Math.max(...batches.flatMap(({ batch }) => batch.ldes.map((m) => m.height)));
  // Kept from the opened values to the reduced codewords (both divide by x − z).
  const den = new OpeningDenominators(Math.log2(maxHeight));
  let inputs: FriInput[];
  let values: Ext[][][][];
  try {
    values = openedValues(batches, params.logBlowup, den);
    inputs = reducedCodewords(openingTerms(batches, values, transcript), den);
  } finally {
    den.free();
  }
  try {
    return { values, proof: friProof(batches, params, inputs, transcript) };
  } finally {
    for (const input of inputs) heap().free(input.codeword);
  }
}

/** Absorbs the opened values, draws α and returns every (matrix, point) term of the codewords. */
function openingTerms(
  batches: { batch: CommittedBatch; points: Ext[][] }[],
  values: Ext[][][][],
  transcript: Transcript,
): OpeningTerm[] {
  absorbValues(transcript, values);
  const alpha = transcript.sampleExt();
  const offsets = openingOffsets(
    batches.map(({ batch }) => batch.ldes.map((m) => m.width)),
    batches.map(({ points }) => points.map((p) => p.length)),
  );
  const terms: OpeningTerm[] = [];
  batches.forEach(({ batch, points }, bi) => {
    batch.ldes.forEach((lde, mi) => {
      const colPowers = powersOf(alpha, lde.width);
      const matrixScale = points[mi].length > 0 ? pow4(alpha, offsets[bi][mi][0]) : ONE;
      points[mi].forEach((z, pi) => {
        const scale = pow4(alpha, offsets[bi][mi][pi]);
        terms.push({
          lde,
          z,
          colPowers,
          scale,
          matrixScale,
          pointScale: pow4(alpha, offsets[bi][mi][pi] - offsets[bi][mi][0]),
          constant: mul4(scale, combine(values[bi][mi][pi], alpha)),
        });
      });
    });
  });
  return terms;
}

/** FRI on the reduced codewords; each query opens every batch's rows. */
function friProof(
  batches: { batch: CommittedBatch; points: Ext[][] }[],
  params: FriParams,
  inputs: FriInput[],
  transcript: Transcript,
): PcsProof {
  const logMax = Math.max(...inputs.map((i) => i.logHeight));
  return proveFri(params, inputs, transcript, (indices) => ({
    batches: batches.map(({ batch }) => {
      const logTree = Math.log2(Math.max(...batch.ldes.map((m) => m.height)));
      return openMulti(
        batch.tree,
        indices.map((i) => i >>> (logMax - logTree)),
      );
    }),
  }));
}

/** Σ_c row[c] · w_c (w interleaved ext): reduced products summed exactly in doubles. */
function rowDot(row: Uint32Array, w: Uint32Array): Ext {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    s0 += mul(v, w[4 * c]);
    s1 += mul(v, w[4 * c + 1]);
    s2 += mul(v, w[4 * c + 2]);
    s3 += mul(v, w[4 * c + 3]);
    if ((c & 0x3fffff) === 0x3fffff) ((s0 %= P), (s1 %= P), (s2 %= P), (s3 %= P)); // stay below 2^53
  }
  return [s0 % P, s1 % P, s2 % P, s3 % P];
}

/** Σ_col α^col · v_col. */
function combine(vals: Ext[], alpha: Ext): Ext {
  let acc: Ext = ZERO;
  for (let c = vals.length - 1; c >= 0; c--) acc = add4(mul4(acc, alpha), vals[c]);
  return acc;
}

function validateClaims(claims: BatchClaim[], proof: PcsProof): void {
  for (const [bi, c] of claims.entries()) {
    if (c.points.length !== c.dims.length || c.values.length !== c.dims.length) {
      throw new FriError(
        `batch ${bi}: ${c.values.length} opened matrices, expected ${c.dims.length}`,
      );
    }
    c.values.forEach((mat, mi) => {
      if (mat.length !== c.points[mi].length)
        throw new FriError(`batch ${bi} matrix ${mi}: wrong number of points`);
      for (const pt of mat)
        if (pt.length !== c.dims[mi].width)
          throw new FriError(`batch ${bi} matrix ${mi}: wrong number of columns`);
    });
  }
  const input = proof?.input;
  if (!input || !Array.isArray(input.batches) || input.batches.length !== claims.length) {
    throw new FriError(
      `the proof opens ${input?.batches?.length} batches, expected ${claims.length}`,
    );
  }
}

/** Verifies the openings `claims` (values at points) against `proof`; throws `FriError`. */
export function pcsVerify(
  claims: BatchClaim[],
  proof: PcsProof,
  params: FriParams,
  transcript: Transcript,
): void {
  validateClaims(claims, proof);
  absorbValues(
    transcript,
    claims.map((c) => c.values),
  );
  const alpha = transcript.sampleExt();
  const ldeDims = claims.map((c) =>
    c.dims.map((d) => ({ width: d.width, height: d.height << params.logBlowup })),
  );
  const logHeights = [...new Set(ldeDims.flat().map((d) => Math.log2(d.height)))];
  const logMax = Math.max(...logHeights);
  const alphaPowers = claims.map((c) => c.dims.map((d) => powersOf(alpha, d.width)));
  const combined = claims.map((c) => c.values.map((mat) => mat.map((pt) => combine(pt, alpha))));
  // α^off of every (batch, matrix, point) term, computed once rather than once per query.
  const offsets = openingOffsets(
    claims.map((c) => c.dims.map((d) => d.width)),
    claims.map((c) => c.points.map((p) => p.length)),
  ).map((batch) => batch.map((mat) => mat.map((off) => pow4(alpha, off))));
  const termCount = claims.reduce((n, c) => n + c.points.reduce((m, pts) => m + pts.length, 0), 0);
  verifyFri(params, logHeights, proof, transcript, (indices, input) => {
    const rowsAt = claims.map((claim, bi) => {
      const dims = ldeDims[bi];
      const logTree = Math.log2(Math.max(...dims.map((d) => d.height)));
      try {
        const lookup = verifyMulti(
          claim.root,
          dims,
          indices.map((i) => i >>> (logMax - logTree)),
          input.batches[bi],
        );
        return (index: number) => lookup(index >>> (logMax - logTree));
      } catch (err) {
        throw new FriError(`batch ${bi}: ${(err as Error).message}`);
      }
    });
    return indices.map((index) => {
      // Terms α^off·(S(x) − S(z)) / (x − z): numerators first, then one batch inversion.
      const xs = new Map<number, number>();
      const heights: number[] = [];
      const nums: Ext[] = [];
      const dens = new Uint32Array(4 * termCount);
      claims.forEach((claim, bi) => {
        const rows = rowsAt[bi](index);
        ldeDims[bi].forEach((d, mi) => {
          const logN = Math.log2(d.height);
          let x = xs.get(logN);
          if (x === undefined) {
            const i = index >>> (logMax - logN);
            xs.set(logN, (x = mul(GENERATOR, pow(twoAdicGenerator(logN), reverseBits(i, logN)))));
          }
          const s = rowDot(rows[mi], alphaPowers[bi][mi]);
          claim.points[mi].forEach((z, pi) => {
            setAt(dens, nums.length, sub4([x, 0, 0, 0], z));
            nums.push(mul4(offsets[bi][mi][pi], sub4(s, combined[bi][mi][pi])));
            heights.push(logN);
          });
        });
      });
      const invDens = batchInverse4(dens);
      const reduced = new Map<number, Ext>();
      nums.forEach((num, t) =>
        reduced.set(
          heights[t],
          add4(reduced.get(heights[t]) ?? ZERO, mul4(num, getAt(invDens, t))),
        ),
      );
      return reduced;
    });
  });
}
