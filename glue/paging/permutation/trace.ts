/**
 * Trace generation of the permutation table: one row per distinct input (in first-request
 * order) with mult = the number of its requests, zero padding to a power of two ≥ 8.
 */
import { P } from "../../../core/field/babybear.js";
import type { Matrix } from "../../../core/field/matrix.js";
import { WIDTH } from "../../../core/poseidon2/constants.js";
import { fillPoseidon2Rounds } from "../../../core/poseidon2/trace.js";
import { paddedHeight } from "../../chips/table.js";
import { permutationCols } from "./columns.js";

const C = permutationCols.index;
const W = permutationCols.width;

/** A 53-bit hash of the 16 words at `s[at..]` (two 32-bit multiplicative mixes). */
function hash16(s: ArrayLike<number>, at: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9;
  for (let k = 0; k < WIDTH; k++) {
    const x = s[at + k];
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 + x, 0x85ebca6b) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 2 ** 21 + (h2 >>> 11);
}

function equal16(a: Uint32Array, at: number, b: Uint32Array): boolean {
  for (let k = 0; k < WIDTH; k++) if (a[at + k] !== b[k]) return false;
  return true;
}

/** `to` (twice as long) holding `from` first. */
function grow<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * The permutation table of the given requests (each 16 canonical field elements; repeats are
 * one row with their count as mult).
 *
 * @example
 * const m = permutationTrace(pageSpongeInputs(words));
 */
export function permutationTrace(inputs: readonly Uint32Array[]): Matrix {
  // Distinct inputs, 16 words each, found through a hash; rows sharing a hash are chained.
  let distinct = new Uint32Array(WIDTH * 16);
  let mults = new Uint32Array(16);
  let next = new Int32Array(16);
  const first = new Map<number, number>();
  let n = 0;
  for (const input of inputs) {
    if (input.length !== WIDTH) {
      throw new RangeError(`permutation table: an input has ${input.length} words, not 16`);
    }
    for (let k = 0; k < WIDTH; k++) {
      if (!(input[k] < P)) throw new RangeError(`permutation table: word ${input[k]} ≥ p`);
    }
    const h = hash16(input, 0);
    let row = first.get(h) ?? -1;
    while (row >= 0 && !equal16(distinct, WIDTH * row, input)) row = next[row];
    if (row >= 0) {
      mults[row]++;
      continue;
    }
    if (n === mults.length) {
      distinct = grow(distinct, new Uint32Array(2 * distinct.length));
      mults = grow(mults, new Uint32Array(2 * n));
      next = grow(next, new Int32Array(2 * n));
    }
    distinct.set(input, WIDTH * n);
    mults[n] = 1;
    next[n] = first.get(h) ?? -1;
    first.set(h, n);
    n++;
  }
  const height = paddedHeight(n);
  const values = new Uint32Array(height * W);
  for (let row = 0; row < n; row++) {
    const o = row * W;
    const input = distinct.subarray(WIDTH * row, WIDTH * (row + 1));
    values[o + C.isReal] = 1;
    values[o + C.mult] = mults[row];
    values.set(input, o + C.in);
    values.set(fillPoseidon2Rounds(values, o, input, C), o + C.out);
  }
  return { values, width: W, height };
}
