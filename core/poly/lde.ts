/**
 * Coset low-degree extension: from a matrix of evaluations on H (|H| = n, natural order), the
 * evaluations of the same column polynomials on the coset shift·H' with |H'| = N = n·2^b, in
 * BIT-REVERSED row order (Plonky3's convention): row i holds the values at shift·w_N^rev(i).
 * Then x and −x sit in rows 2k and 2k+1, and x² at row k of the half-size domain — what FRI's
 * folding and the Merkle openings want.
 *
 * How: interpolate (inverse DIF and a bit-reversal: coefficients in natural order), then use
 * that a DIF of the zero-padded coefficients splits after its first b layers into B = 2^b
 * independent size-n DIFs: output block k (rows [k·n, (k+1)·n)) is the size-n DIF of
 * c_i · z_k^i with z_k = shift · w_N^rev_b(k). So each block is filled by one scaling pass (which
 * also applies the 1/n of the interpolation) and transformed in cache-blocked passes; the zero
 * padding is never written and its butterflies never run.
 */
import { GENERATOR, P, TWO_ADICITY, inv, mul, pow, twoAdicGenerator } from "../field/babybear.js";
import {
  type Matrix,
  NonCanonicalError,
  checkMatrix,
  firstNonCanonical,
  freeMatrix,
  isHeapView,
  newMatrixUninit,
} from "../field/matrix.js";
import { checkShift } from "./dft.js";
import { bitReverseMatrix, difMatrix, maxWord, scaleRowsByPowers } from "./ntt.js";
import { log2Exact, reverseBits } from "./reference.js";

/** Optional destination for `cosetLde`/`cosetLdeCoeffs` (a heap matrix of the output shape). */
export interface LdeOptions {
  out?: Matrix;
}

function prepare(
  m: Matrix,
  logBlowup: number,
  shift: number,
  options: LdeOptions | undefined,
  what: string,
) {
  checkMatrix(m, what);
  const logN = log2Exact(m.height, `${what}: height`);
  if (!Number.isInteger(logBlowup) || logBlowup < 0 || logN + logBlowup > TWO_ADICITY) {
    throw new RangeError(
      `${what}: blowup 2^${logBlowup} of height 2^${logN} exceeds the two-adic subgroup (2^${TWO_ADICITY})`,
    );
  }
  checkShift(shift, what);
  const width = m.width;
  const N = m.height * 2 ** logBlowup;
  let out = options?.out;
  if (out) {
    checkMatrix(out, `${what}: out`);
    if (out.width !== width || out.height !== N || !isHeapView(out.values)) {
      throw new RangeError(`${what}: out must be a ${width} x ${N} heap matrix`);
    }
    const a = out.values;
    const b = m.values;
    const overlap =
      a.buffer === b.buffer &&
      a.byteOffset < b.byteOffset + b.byteLength &&
      b.byteOffset < a.byteOffset + a.byteLength;
    if (overlap) throw new RangeError(`${what}: out must not overlap the input`);
  } else {
    out = newMatrixUninit(width, N);
  }
  return { logN, width, N, out };
}

/**
 * Given block 0 holding the coefficients in natural order (times c), fills block k with
 * c_i · c · z_k^i, z_k = shift · w_N^rev(k), then transforms every block: the extension proper.
 * Block 0 is scaled last, in place, since it is the source of the others.
 */
function extend(out: Matrix, logN: number, logBlowup: number, shift: number, c: number): void {
  const n = 2 ** logN;
  const { width } = out;
  const wN = twoAdicGenerator(logN + logBlowup);
  const block0 = out.values.subarray(0, n * width);
  for (let k = 2 ** logBlowup - 1; k >= 0; k--) {
    const dst = out.values.subarray(k * n * width, (k + 1) * n * width);
    scaleRowsByPowers(block0, dst, width, n, c, mul(shift, pow(wN, reverseBits(k, logBlowup))));
  }
  difMatrix(out.values, width, out.height, logN, false);
}

/**
 * n times the coefficients of `m`'s columns (height n = 2^logN) into `out`'s first n rows
 * (natural order): bit-reversed by the inverse DIF, put back in natural order. A heap input is
 * read by the first pass of the inverse DIF directly (no copy). A value ≥ p is refused
 * (`checkCanonical`), and `out` freed if `owned`. (Fusing the reversal into the scaling pass as a
 * gather measured 2-3x slower than swapping rows: twice the random row accesses, each a TLB
 * miss at this size.)
 */
function interpolateInto(out: Matrix, m: Matrix, logN: number, owned: boolean, what: string): void {
  const { width, height: n } = m;
  const block = out.values.subarray(0, n * width);
  try {
    if (isHeapView(m.values)) {
      checkCanonical(m.values, width, what);
      difMatrix(block, width, n, logN, true, m.values);
    } else {
      block.set(m.values);
      checkCanonical(block, width, what);
      difMatrix(block, width, n, logN, true);
    }
  } catch (e) {
    if (owned) freeMatrix(out); // made for this call: no one else will free it
    throw e;
  }
  bitReverseMatrix(block, width, logN);
}

/**
 * Refuses a matrix with a value ≥ p (a heap view). The kernels assume field elements: some
 * would read such a value modulo p, others overflow, so it would be committed as something the
 * caller did not write. One parallel read of the input; where the bad cell is, only on failure.
 */
function checkCanonical(values: Uint32Array, width: number, what: string): void {
  if (maxWord(values) < P) return;
  throw new NonCanonicalError(firstNonCanonical(values, width)!, what);
}

/**
 * The coset LDE of `m` (evaluations on the order-n subgroup, natural row order): a NEW heap
 * matrix (or `options.out`) of height n·2^logBlowup holding the columns' polynomials evaluated
 * on shift·H', row i at shift·w_N^rev(i) (bit-reversed order). `m` is not modified; a value
 * of it that is not a field element (≥ p) is refused with a `NonCanonicalError`.
 */
export function cosetLde(
  m: Matrix,
  logBlowup: number,
  shift: number = GENERATOR,
  options?: LdeOptions,
): Matrix {
  const { logN, width, out } = prepare(m, logBlowup, shift, options, "cosetLde");
  const n = m.height;
  interpolateInto(out, m, logN, options?.out === undefined, "cosetLde");
  extend(out, logN, logBlowup, shift, inv(n));
  return out;
}

/**
 * The same from coefficients: `coeffs` holds each column's polynomial (row i = coefficient of
 * x^i, height n a power of two); returns its evaluations on shift·H', bit-reversed order.
 */
export function cosetLdeCoeffs(
  coeffs: Matrix,
  logBlowup: number,
  shift: number = GENERATOR,
  options?: LdeOptions,
): Matrix {
  const { logN, width, out } = prepare(coeffs, logBlowup, shift, options, "cosetLdeCoeffs");
  out.values.subarray(0, coeffs.height * width).set(coeffs.values);
  extend(out, logN, logBlowup, shift, 1);
  return out;
}

/**
 * The coset LDE of a randomized extension of `m`'s columns: for each column f (evaluations on
 * the order-n subgroup H, natural order) the polynomial f'(X) = f(X) + Z_H(X)·r(X), with
 * Z_H = X^n − 1 and r the column of `randomizer` (row i = coefficient of X^i, R rows), is
 * evaluated on shift·H'' with |H''| = n·2^(logExtra + logBlowup), bit-reversed rows.
 *
 * f' agrees with f on H and has degree < n + R ≤ n·2^logExtra, so it is committed as a matrix
 * of height n·2^logExtra at rate 2^-logBlowup. Used by the zero-knowledge prover: R uniform
 * coefficients make f' uniform at any R points outside H (core/stark/zk.ts). The work is one
 * interpolation of size n and one extension of size n·2^(logExtra + logBlowup).
 */
export function cosetLdeRandomized(
  m: Matrix,
  randomizer: Matrix,
  logExtra: number,
  logBlowup: number,
  shift: number = GENERATOR,
): Matrix {
  checkMatrix(m, "cosetLdeRandomized");
  checkMatrix(randomizer, "cosetLdeRandomized: randomizer");
  const logN = log2Exact(m.height, "cosetLdeRandomized: height");
  const n = m.height;
  const width = m.width;
  const logM = logN + logExtra;
  const M = 2 ** logM;
  const R = randomizer.height;
  if (randomizer.width !== width || n + R > M)
    throw new RangeError(
      `cosetLdeRandomized: a ${randomizer.width} x ${R} randomizer for a ${width} x ${n} matrix of degree bound ${M}`,
    );
  if (!Number.isInteger(logExtra) || logExtra < 0 || logM + logBlowup > TWO_ADICITY)
    throw new RangeError(
      `cosetLdeRandomized: 2^${logM} x 2^${logBlowup} exceeds the two-adic subgroup (2^${TWO_ADICITY})`,
    );
  checkShift(shift, "cosetLdeRandomized");
  const out = newMatrixUninit(width, M * 2 ** logBlowup);
  interpolateInto(out, m, logN, true, "cosetLdeRandomized");
  // block 0 now holds n·f's coefficients; extend() scales everything by 1/n, so add n·Z_H·r:
  // coefficient i gets −n·r_i, coefficient n + i gets +n·r_i.
  out.values.fill(0, n * width, M * width);
  const v = out.values;
  const r = randomizer.values;
  const nModP = n % P;
  for (let i = 0; i < R; i++) {
    for (let c = 0; c < width; c++) {
      const x = mul(r[i * width + c], nModP);
      const lo = i * width + c;
      const hi = (n + i) * width + c;
      v[lo] = v[lo] >= x ? v[lo] - x : v[lo] + P - x;
      const s = v[hi] + x;
      v[hi] = s >= P ? s - P : s;
    }
  }
  extend(out, logM, logBlowup, shift, inv(n));
  return out;
}
