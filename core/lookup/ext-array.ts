/**
 * Extension arithmetic in place on interleaved `Uint32Array`s (element i at words 4i..4i+3), for
 * scalar setup work (beta powers) without tuples. The bulk loops are generated (`kernels.ts`).
 */
import { mul, reduce } from "../field/babybear.js";

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
