/**
 * In-place extension arithmetic on interleaved `Uint32Array`s (element i at words 4i..4i+3), for
 * the bulk LogUp work: no tuple, no BigInt, no allocation per element.
 */
import { P, mul, reduce } from "../field/babybear.js";
import * as E from "../field/extension.js";

/** out[oo..] = a[ao..] · b[bo..] in F_p[x]/(x^4 − 11); `out` may alias either input. */
export function mulExtInto(
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
  out[oo] = reduce(mul(a0, b0) + 11 * (mul(a1, b3) + mul(a2, b2) + mul(a3, b1)));
  out[oo + 1] = reduce(mul(a0, b1) + mul(a1, b0) + 11 * (mul(a2, b3) + mul(a3, b2)));
  out[oo + 2] = reduce(mul(a0, b2) + mul(a1, b1) + mul(a2, b0) + 11 * mul(a3, b3));
  out[oo + 3] = reduce(mul(a0, b3) + mul(a1, b2) + mul(a2, b1) + mul(a3, b0));
}

/**
 * Replaces each element of `v` (n elements, interleaved) by its inverse, using Montgomery's trick
 * over chunks of `chunk` elements: three products per element plus one inversion per chunk, and
 * scratch of only `chunk` elements. `onZero(i)` names a zero element (it must throw).
 */
export function batchInverseExtInPlace(
  v: Uint32Array,
  onZero: (i: number) => never,
  chunk = 4096,
): void {
  const n = v.length / 4;
  const prefix = new Uint32Array(4 * Math.min(chunk, n));
  const acc = new Uint32Array(4);
  const tmp = new Uint32Array(4);
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    acc[0] = 1;
    acc[1] = acc[2] = acc[3] = 0;
    for (let i = s; i < e; i++) {
      const o = 4 * i;
      if ((v[o] | v[o + 1] | v[o + 2] | v[o + 3]) === 0) onZero(i);
      prefix.set(acc, 4 * (i - s));
      mulExtInto(acc, 0, acc, 0, v, o);
    }
    const inv = E.inv4([acc[0], acc[1], acc[2], acc[3]]);
    acc[0] = inv[0];
    acc[1] = inv[1];
    acc[2] = inv[2];
    acc[3] = inv[3];
    for (let i = e - 1; i >= s; i--) {
      const o = 4 * i;
      tmp[0] = v[o];
      tmp[1] = v[o + 1];
      tmp[2] = v[o + 2];
      tmp[3] = v[o + 3];
      mulExtInto(v, o, acc, 0, prefix, 4 * (i - s));
      mulExtInto(acc, 0, acc, 0, tmp, 0);
    }
  }
}

/** The canonical negation of a base element, as a multiplicity sign flip. */
export function negBase(m: number): number {
  return m === 0 ? 0 : P - m;
}
