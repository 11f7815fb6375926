/**
 * Base × extension dot products and batch inversion over interleaved extension vectors: the
 * arithmetic of PCS openings. Plain TypeScript over typed arrays, no per-element allocation.
 * Products are reduced (< p) and summed in a double, which stays exact for up to 2^22 terms
 * before the final reduction.
 */
import { P, mul, reduce } from "../field/babybear.js";
import { type Ext, ONE, mulInto } from "../field/extension.js";
import type { Matrix } from "../field/matrix.js";

const EXACT_TERMS = 1 << 21;

/** [1, a, a², …, a^(n−1)] as an interleaved ext vector. */
export function powersOf(a: Ext, n: number): Uint32Array {
  const out = new Uint32Array(4 * n);
  const av = Uint32Array.from(a);
  if (n > 0) out.set(ONE, 0);
  for (let i = 1; i < n; i++) mulInto(out, 4 * i, out, 4 * (i - 1), av, 0);
  return out;
}

/** For each column c: Σ_i m[i][c] · w_i (w: one ext weight per row). Returns 4·width words. */
export function columnDots(m: Matrix, w: Uint32Array): Uint32Array {
  const { values, width, height } = m;
  const acc = new Float64Array(4 * width);
  const out = new Uint32Array(4 * width);
  for (let i = 0; i < height; i++) {
    const w0 = w[4 * i],
      w1 = w[4 * i + 1],
      w2 = w[4 * i + 2],
      w3 = w[4 * i + 3];
    const row = i * width;
    for (let c = 0; c < width; c++) {
      const v = values[row + c];
      const o = 4 * c;
      acc[o] += mul(v, w0);
      acc[o + 1] += mul(v, w1);
      acc[o + 2] += mul(v, w2);
      acc[o + 3] += mul(v, w3);
    }
    if ((i + 1) % EXACT_TERMS === 0) for (let k = 0; k < acc.length; k++) acc[k] = acc[k] % P;
  }
  for (let k = 0; k < acc.length; k++) out[k] = acc[k] % P;
  return out;
}

/** For each row i: Σ_c m[i][c] · w_c (w: one ext weight per column). Returns 4·height words. */
export function rowDots(m: Matrix, w: Uint32Array): Uint32Array {
  const { values, width, height } = m;
  const out = new Uint32Array(4 * height);
  for (let i = 0; i < height; i++) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    const row = i * width;
    for (let c = 0; c < width; c++) {
      const v = values[row + c];
      const o = 4 * c;
      s0 += mul(v, w[o]);
      s1 += mul(v, w[o + 1]);
      s2 += mul(v, w[o + 2]);
      s3 += mul(v, w[o + 3]);
    }
    const o = 4 * i;
    out[o] = reduce(s0 % P);
    out[o + 1] = reduce(s1 % P);
    out[o + 2] = reduce(s2 % P);
    out[o + 3] = reduce(s3 % P);
  }
  return out;
}
