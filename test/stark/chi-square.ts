/** A two-sample χ² test over bucketed field elements, for the zero-knowledge simulator tests. */
import { P } from "../../core/field/babybear.js";

export const BUCKETS = 16;
/** χ² with 15 degrees of freedom exceeds 44.3 with probability 10^-4 (seeds are fixed in the
 * tests, so the outcome is too). */
export const CRITICAL = 44.3;

/** How many of `values` fall in each of BUCKETS equal ranges of [0, p). */
export function histogram(values: Iterable<number>): number[] {
  const h = new Array<number>(BUCKETS).fill(0);
  for (const v of values) h[Math.floor((v * BUCKETS) / P)]++;
  return h;
}

/** Two-sample χ² statistic (BUCKETS − 1 degrees of freedom). */
export function chiSquare(a: number[], b: number[]): number {
  const A = a.reduce((x, y) => x + y, 0);
  const B = b.reduce((x, y) => x + y, 0);
  let chi = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] + b[i] === 0) continue;
    const d = Math.sqrt(B / A) * a[i] - Math.sqrt(A / B) * b[i];
    chi += (d * d) / (a[i] + b[i]);
  }
  return chi;
}

/** The flat histogram with as many values as `h`. */
export function flat(h: number[]): number[] {
  const total = h.reduce((x, y) => x + y, 0);
  return new Array<number>(BUCKETS).fill(total / BUCKETS);
}
