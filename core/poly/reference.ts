/**
 * Plain TypeScript transforms on the scalar field: the references the WebAssembly kernels are
 * tested and benchmarked against, and the path for columns too short for the SIMD kernel.
 */
import { add, inv, mul, pow, sub, twoAdicGenerator } from "../field/babybear.js";

/** Reverses the low `bits` bits of i. */
export function reverseBits(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) {
    r = (r << 1) | (i & 1);
    i >>>= 1;
  }
  return r >>> 0;
}

/**
 * `out[i] = reverseBits(i, bits)` for every i < 2^bits, O(1) per entry (each from the entry of
 * i >> 1): a reversal per entry was most of a fresh process's tables at 2^19 entries.
 */
export function fillBitReversal(out: Uint32Array, bits: number): Uint32Array {
  if (out.length !== 2 ** bits) throw new RangeError(`fillBitReversal: ${out.length} != 2^${bits}`);
  if (bits === 0) {
    out[0] = 0;
    return out;
  }
  out[0] = 0;
  const top = bits - 1;
  for (let i = 1; i < out.length; i++) out[i] = (out[i >>> 1] >>> 1) | ((i & 1) << top);
  return out;
}

/** log2 of a power of two n ≥ 1; throws naming `what` otherwise. */
export function log2Exact(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0 || n > 2 ** 30) {
    throw new RangeError(`${what}: ${n} is not a power of two`);
  }
  return 31 - Math.clz32(n);
}

/**
 * Radix-2 DIF on values[offset + i·stride], i < n (a power of two): natural order in,
 * bit-reversed out, with w_n (or w_n^-1 if `inverse`), unscaled.
 */
export function difRef(
  values: Uint32Array,
  n: number,
  inverse = false,
  offset = 0,
  stride = 1,
): void {
  const logN = log2Exact(n, "difRef");
  for (let half = n >> 1, l = logN; half >= 1; half >>= 1, l--) {
    const w = twoAdicGenerator(l);
    const step = inverse ? inv(w) : w;
    for (let start = 0; start < n; start += 2 * half) {
      let tw = 1;
      for (let t = 0; t < half; t++) {
        const ia = offset + (start + t) * stride;
        const ib = ia + half * stride;
        const x = values[ia];
        const y = values[ib];
        values[ia] = add(x, y);
        values[ib] = mul(sub(x, y), tw);
        tw = mul(tw, step);
      }
    }
  }
}

/** Permutes values[offset + i·stride] into bit-reversed order (i < n). */
export function bitReverseRef(values: Uint32Array, n: number, offset = 0, stride = 1): void {
  const logN = log2Exact(n, "bitReverseRef");
  for (let i = 0; i < n; i++) {
    const j = reverseBits(i, logN);
    if (i < j) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const x = values[a];
      values[a] = values[b];
      values[b] = x;
    }
  }
}

/** The forward NTT of one column in TypeScript: coefficients → evaluations at w_n^i, in place. */
export function nttRef(values: Uint32Array): Uint32Array {
  difRef(values, values.length);
  bitReverseRef(values, values.length);
  return values;
}

/** The inverse of `nttRef`, in place. */
export function inttRef(values: Uint32Array): Uint32Array {
  const n = values.length;
  difRef(values, n, true);
  bitReverseRef(values, n);
  const nInv = inv(n);
  for (let i = 0; i < n; i++) values[i] = mul(values[i], nInv);
  return values;
}

/** O(n²) DFT straight from the definition: out[i] = Σ_j a[j]·w_n^(ij). */
export function dftNaive(a: Uint32Array): Uint32Array {
  const n = a.length;
  const w = twoAdicGenerator(log2Exact(n, "dftNaive"));
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const x = pow(w, i);
    let acc = 0;
    for (let j = n - 1; j >= 0; j--) acc = add(mul(acc, x), a[j]);
    out[i] = acc;
  }
  return out;
}
