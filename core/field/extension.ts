/**
 * The quartic extension F_p[x]/(x^4 − 11), where every verifier challenge lives (≈124 bits).
 *
 * A scalar element is a 4-tuple of canonical coefficients, lowest degree first. In bulk,
 * extension vectors are `Uint32Array`s of 4n words, element i at [4i, 4i + 4) (interleaved), and
 * the `*At` functions below read and write them in place so hot loops allocate nothing.
 */
import { P, add, inv as invBase, mul, neg, pow as powBase, reduce, sub } from "./babybear.js";

/** x^4 = W. */
export const W = 11;
export const EXT_DEGREE = 4;

export type Ext = readonly [number, number, number, number];

export const ZERO: Ext = [0, 0, 0, 0];
export const ONE: Ext = [1, 0, 0, 0];

export function fromBase(a: number): Ext {
  return [a, 0, 0, 0];
}

export function isBase(a: Ext): boolean {
  return a[1] === 0 && a[2] === 0 && a[3] === 0;
}

export function equals(a: Ext, b: Ext): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

export function add4(a: Ext, b: Ext): Ext {
  return [add(a[0], b[0]), add(a[1], b[1]), add(a[2], b[2]), add(a[3], b[3])];
}

export function sub4(a: Ext, b: Ext): Ext {
  return [sub(a[0], b[0]), sub(a[1], b[1]), sub(a[2], b[2]), sub(a[3], b[3])];
}

export function neg4(a: Ext): Ext {
  return [neg(a[0]), neg(a[1]), neg(a[2]), neg(a[3])];
}

/** Extension times base-field scalar. */
export function scale4(a: Ext, s: number): Ext {
  return [mul(a[0], s), mul(a[1], s), mul(a[2], s), mul(a[3], s)];
}

/**
 * Schoolbook product with x^4 = 11. Each coefficient sums reduced partial products (< 2^31 each)
 * so the running sum stays far below 2^53 before the final `reduce`.
 */
export function mul4(a: Ext, b: Ext): Ext {
  const [a0, a1, a2, a3] = a;
  const [b0, b1, b2, b3] = b;
  const c0 = reduce(mul(a0, b0) + W * (mul(a1, b3) + mul(a2, b2) + mul(a3, b1)));
  const c1 = reduce(mul(a0, b1) + mul(a1, b0) + W * (mul(a2, b3) + mul(a3, b2)));
  const c2 = reduce(mul(a0, b2) + mul(a1, b1) + mul(a2, b0) + W * mul(a3, b3));
  const c3 = reduce(mul(a0, b3) + mul(a1, b2) + mul(a2, b1) + mul(a3, b0));
  return [c0, c1, c2, c3];
}

export function square4(a: Ext): Ext {
  return mul4(a, a);
}

/** a^e for an integer exponent 0 ≤ e < 2^53. */
export function pow4(a: Ext, e: number): Ext {
  let result: Ext = ONE;
  let base = a;
  while (e > 0) {
    if (e % 2 === 1) result = mul4(result, base);
    base = mul4(base, base);
    e = Math.floor(e / 2);
  }
  return result;
}

// Frobenius: x^p = Z·x with Z = 11^((p−1)/4), so φ(Σ a_i x^i) = Σ a_i Z^i x^i.
const Z1 = powBase(W, (P - 1) / 4);
const Z2 = mul(Z1, Z1);
const Z3 = mul(Z2, Z1);

/** a^(p^k) for k = 1, 2, 3. */
export function frobenius(a: Ext, k: 1 | 2 | 3): Ext {
  const z = k === 1 ? Z1 : k === 2 ? Z2 : Z3;
  const z2 = mul(z, z);
  return [a[0], mul(a[1], z), mul(a[2], z2), mul(a[3], mul(z2, z))];
}

/**
 * Inverse through the norm: b = φ(a)φ²(a)φ³(a) makes a·b = N(a) a base-field element, so
 * a⁻¹ = b · N(a)⁻¹. Two extension products instead of a 124-bit exponentiation.
 */
export function inv4(a: Ext): Ext {
  if (a[0] === 0 && isBase(a)) throw new RangeError("BabyBear^4: inverse of zero");
  const b = mul4(mul4(frobenius(a, 1), frobenius(a, 2)), frobenius(a, 3));
  const norm = mul4(a, b)[0];
  return scale4(b, invBase(norm));
}

export function div4(a: Ext, b: Ext): Ext {
  return mul4(a, inv4(b));
}

/** Reads element i of an interleaved extension vector. */
export function getAt(v: Uint32Array, i: number): Ext {
  const o = 4 * i;
  return [v[o], v[o + 1], v[o + 2], v[o + 3]];
}

/** Writes element i of an interleaved extension vector. */
export function setAt(v: Uint32Array, i: number, a: Ext): void {
  const o = 4 * i;
  v[o] = a[0];
  v[o + 1] = a[1];
  v[o + 2] = a[2];
  v[o + 3] = a[3];
}

/** Inverts every element of an interleaved extension vector with one inversion. */
export function batchInverse4(values: Uint32Array): Uint32Array {
  const n = values.length / 4;
  const out = new Uint32Array(values.length);
  const prefix: Ext[] = new Array(n);
  let acc: Ext = ONE;
  for (let i = 0; i < n; i++) {
    const v = getAt(values, i);
    if (equals(v, ZERO)) throw new RangeError(`BabyBear^4: batch inverse of zero at index ${i}`);
    prefix[i] = acc;
    acc = mul4(acc, v);
  }
  let invAcc = inv4(acc);
  for (let i = n - 1; i >= 0; i--) {
    setAt(out, i, mul4(invAcc, prefix[i]));
    invAcc = mul4(invAcc, getAt(values, i));
  }
  return out;
}

/** Horner evaluation of a base- or extension-coefficient polynomial at an extension point. */
export function evalPoly4(coeffs: readonly Ext[], x: Ext): Ext {
  let acc: Ext = ZERO;
  for (let i = coeffs.length - 1; i >= 0; i--) acc = add4(mul4(acc, x), coeffs[i]);
  return acc;
}

/**
 * out[oo..oo+4) = a[ao..ao+4) · b[bo..bo+4), on interleaved vectors, allocation-free (for hot
 * loops). `out` may alias an input.
 */
export function mulInto(
  out: Uint32Array,
  oo: number,
  a: Uint32Array,
  ao: number,
  b: Uint32Array,
  bo: number,
): void {
  const a0 = a[ao],
    a1 = a[ao + 1],
    a2 = a[ao + 2],
    a3 = a[ao + 3];
  const b0 = b[bo],
    b1 = b[bo + 1],
    b2 = b[bo + 2],
    b3 = b[bo + 3];
  out[oo] = reduce(mul(a0, b0) + W * (mul(a1, b3) + mul(a2, b2) + mul(a3, b1)));
  out[oo + 1] = reduce(mul(a0, b1) + mul(a1, b0) + W * (mul(a2, b3) + mul(a3, b2)));
  out[oo + 2] = reduce(mul(a0, b2) + mul(a1, b1) + mul(a2, b0) + W * mul(a3, b3));
  out[oo + 3] = reduce(mul(a0, b3) + mul(a1, b2) + mul(a2, b1) + mul(a3, b0));
}
