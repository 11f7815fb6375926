/**
 * DFT and inverse DFT of every column of a matrix, in place, natural order in and out:
 * dft turns the coefficients of n polynomials (one per column, height n = 2^k) into their
 * evaluations on the subgroup H = <w_n>, row i holding the values at w_n^i; idft undoes it.
 *
 * Both are a cache-blocked radix-2 DIF (bit-reversed output) followed by a bit-reversal of the
 * rows; idft also scales by 1/n. Matrices not on the shared heap are copied there and back.
 */
import { P, inv } from "../field/babybear.js";
import { type Matrix, checkMatrix, isHeapView } from "../field/matrix.js";
import { heap } from "../wasm/heap.js";
import { bitReverseMatrix, difMatrix, scaleAll } from "./ntt.js";
import { log2Exact } from "./reference.js";

/** Runs `fn` on a heap copy of `values` (or `values` itself if on the heap), writing back. */
export function withHeap(values: Uint32Array, fn: (v: Uint32Array) => void): void {
  if (isHeapView(values)) return fn(values);
  const copy = heap().alloc(values.length);
  try {
    copy.set(values);
    fn(copy);
    values.set(copy);
  } finally {
    heap().free(copy);
  }
}

function transform(m: Matrix, inverse: boolean, what: string): Matrix {
  checkMatrix(m, what);
  const logN = log2Exact(m.height, `${what}: height`);
  withHeap(m.values, (v) => {
    difMatrix(v, m.width, m.height, logN, inverse);
    bitReverseMatrix(v, m.width, logN);
    if (inverse && logN > 0) scaleAll(v, inv(m.height));
  });
  return m;
}

/**
 * Coefficients → evaluations on the order-height subgroup, each column, in place: row i of the
 * result holds the columns' values at w^i, w = twoAdicGenerator(log2 height).
 */
export function dft(m: Matrix): Matrix {
  return transform(m, false, "dft");
}

/** Evaluations on the order-height subgroup (natural order) → coefficients, in place. */
export function idft(m: Matrix): Matrix {
  return transform(m, true, "idft");
}

/** The forward NTT of one column (length a power of two), in place; natural order in and out. */
export function ntt(values: Uint32Array): Uint32Array {
  transform({ values, width: 1, height: values.length }, false, "ntt");
  return values;
}

/** The inverse NTT of one column, in place. */
export function intt(values: Uint32Array): Uint32Array {
  transform({ values, width: 1, height: values.length }, true, "intt");
  return values;
}

/** Permutes the rows of `m` (height a power of two) into bit-reversed order, in place. */
export function bitReverseRows(m: Matrix): Matrix {
  checkMatrix(m, "bitReverseRows");
  const logN = log2Exact(m.height, "bitReverseRows: height");
  withHeap(m.values, (v) => bitReverseMatrix(v, m.width, logN));
  return m;
}

/** Throws unless s is a nonzero canonical field element (a coset shift). */
export function checkShift(s: number, what: string): void {
  if (!Number.isInteger(s) || s <= 0 || s >= P)
    throw new RangeError(`${what}: shift ${s} is not a nonzero field element`);
}
