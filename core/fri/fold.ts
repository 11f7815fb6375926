/**
 * FRI's arity-2 fold over bit-reversed extension codewords.
 *
 * A codeword of height n holds f(y) at row i for y = w_n^rev(i) (w_n of order n; FRI works on
 * the subgroup, a coset shift of the inputs only renames the polynomial). Rows 2k and 2k+1
 * hold f(y0) and f(−y0) with y0 = w_n^rev_{n/2}(k), and y0² sits at row k of the half-height
 * codeword, so one fold maps pair k to row k:
 *     f'(y0²) = (f(y0) + f(−y0))/2 + β · (f(y0) − f(−y0))/(2·y0).
 */
import { add, inv, mul, pow, sub, twoAdicGenerator } from "../field/babybear.js";
import { type Ext, add4, mul4, mulInto, scale4, sub4 } from "../field/extension.js";
import { fillBitReversal, reverseBits } from "../poly/reference.js";
import { heap } from "../wasm/heap.js";
import { toMontgomery } from "./pcs-kernels.js";

export { reverseBits };

const INV_TWO = inv(2);
const halfInvCache = new Map<number, Uint32Array>();

/**
 * For a codeword of height 2^logN: entry k is 1/(2·y0) for pair k, y0 = w_n^rev_{n/2}(k).
 * Cached per height.
 */
export function halfInverseTwiddles(logN: number): Uint32Array {
  let t = halfInvCache.get(logN);
  if (t) return t;
  const half = 1 << (logN - 1);
  const wInv = inv(twoAdicGenerator(logN));
  const powers = new Uint32Array(half);
  let acc = INV_TWO;
  for (let j = 0; j < half; j++) {
    powers[j] = acc;
    acc = mul(acc, wInv);
  }
  t = new Uint32Array(half);
  const rev = fillBitReversal(new Uint32Array(half), logN - 1);
  for (let k = 0; k < half; k++) t[k] = powers[rev[k]];
  halfInvCache.set(logN, t);
  return t;
}

const montTwiddleCache = new Map<number, Uint32Array>();

/** `halfInverseTwiddles(logN)` in Montgomery form on the heap, for the fold kernel (cached). */
export function halfInverseTwiddlesMont(logN: number): Uint32Array {
  let t = montTwiddleCache.get(logN);
  if (!t) {
    const plain = halfInverseTwiddles(logN);
    t = heap().alloc(plain.length);
    t.set(plain);
    toMontgomery(t);
    montTwiddleCache.set(logN, t);
  }
  return t;
}

/** 1/(2·y0) for pair k of a height-2^logN codeword, without building the whole table. */
export function halfInverseAt(logN: number, k: number): number {
  return mul(INV_TWO, pow(inv(twoAdicGenerator(logN)), reverseBits(k, logN - 1)));
}

/** Folds one pair: the verifier's step. */
export function foldPair(lo: Ext, hi: Ext, beta: Ext, halfInvY0: number): Ext {
  const even = scale4(add4(lo, hi), INV_TWO);
  const odd = scale4(sub4(lo, hi), halfInvY0);
  return add4(even, mul4(beta, odd));
}

/** Folds a whole codeword (interleaved ext, 4·2^logN words) into a new one of half height. */
export function foldCodeword(codeword: Uint32Array, logN: number, beta: Ext): Uint32Array {
  const half = 1 << (logN - 1);
  const tw = halfInverseTwiddles(logN);
  const out = new Uint32Array(4 * half);
  const b = Uint32Array.from(beta);
  for (let k = 0; k < half; k++) {
    const o = 8 * k;
    const q = 4 * k;
    const t = tw[k];
    for (let c = 0; c < 4; c++) out[q + c] = mul(sub(codeword[o + c], codeword[o + 4 + c]), t);
    mulInto(out, q, out, q, b, 0);
    for (let c = 0; c < 4; c++) {
      out[q + c] = add(out[q + c], mul(add(codeword[o + c], codeword[o + 4 + c]), INV_TWO));
    }
  }
  return out;
}
