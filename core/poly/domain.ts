/**
 * The twiddle cache: one table per direction, shared by every transform of every size.
 *
 * Layout (what the DIF kernels want): T[h + t] = w_{2h}^t for each power of two h and t < h,
 * where w_{2h} is the order-2h generator `twoAdicGenerator(log2 2h)` (or its inverse for the
 * inverse transform); T[0] is unused. Since w_{2h} does not depend on the transform size, the
 * table built for size N holds the one for every smaller size as its prefix, so the cache keeps
 * only the largest table asked for and grows it (rebuilding once per doubling). Beside T lives
 * TS, the Shoup companions floor(T · 2^32 / p) that the kernels multiply with.
 *
 * Tables live on the shared heap (the kernels read them in every thread) and are built by the
 * kernels themselves: powers for the top layer, every lower layer a decimation of the one above.
 */
import { TWO_ADICITY, inv, twoAdicGenerator } from "../field/babybear.js";
import { heap } from "../wasm/heap.js";
import { nttKernel } from "./kernel.js";

export interface Twiddles {
  /** T[h + t] = w_{2h}^{±t}, for 2h ≤ 2^logSize. */
  readonly tw: Uint32Array;
  /** floor(T · 2^32 / p), entry by entry. */
  readonly twS: Uint32Array;
  /** The table serves transforms of size up to 2^logSize. */
  readonly logSize: number;
}

const cache: { forward?: Twiddles; inverse?: Twiddles } = {};

function build(logSize: number, inverse: boolean): Twiddles {
  const k = nttKernel();
  const n = 2 ** logSize;
  const h = heap();
  const tw = h.alloc(Math.max(n, 4));
  const twS = h.alloc(Math.max(n, 4));
  tw[0] = 0;
  if (logSize >= 1) {
    const w = twoAdicGenerator(logSize);
    k.powers(tw.byteOffset + (n / 2) * 4, n / 2, 1, inverse ? inv(w) : w);
    for (let half = n / 4; half >= 1; half /= 2)
      k.decimate(tw.byteOffset + half * 4, tw.byteOffset + 2 * half * 4, half);
  }
  k.shoup_table(twS.byteOffset, tw.byteOffset, n);
  return { tw, twS, logSize };
}

/**
 * The twiddle table for transforms of size up to 2^logN (it may be larger), forward (w) or
 * inverse (w^-1). Built on first use and kept.
 */
export function twiddles(logN: number, inverse = false): Twiddles {
  if (!Number.isInteger(logN) || logN < 0 || logN > TWO_ADICITY) {
    throw new RangeError(
      `twiddles: no NTT of size 2^${logN} over BabyBear (two-adicity is ${TWO_ADICITY})`,
    );
  }
  const key = inverse ? "inverse" : "forward";
  const have = cache[key];
  if (have && have.logSize >= logN) return have;
  // Build at least size 2^2 so T[3] = w_4 always exists (the radix-4 tail reads it).
  // The smaller table is not freed: a caller may still hold it, and it is at most as large as
  // all the smaller ones together, i.e. less than the new one.
  const table = build(Math.max(logN, 2), inverse);
  cache[key] = table;
  return table;
}
