/**
 * x < y for two multi-word integers given as u16 limbs (2 per word, little-endian), y a value
 * of columns (a variable modulus) or of constants (a fixed one): the "result is reduced" check
 * of every modular chip.
 *
 * Witness (W + 2 columns for W words): `marker[W]`, one-hot on the most significant word where
 * x and y differ; `hi`, 1 if they differ in that word's high limb; `diff`, y's limb minus x's
 * there. Constraints (degree ≤ 3), with S = Σ marker and P_i = Σ_(j<i) marker_j:
 *
 *     marker_i, S, hi boolean;  hi·(1 − S) = 0
 *     P_i·(y_(i,L) − x_(i,L)) = 0                for every word i ≥ 1 and limb L  (above the
 *                                                 marker, x and y agree)
 *     (1 − hi)·Σ_i marker_i·(y_(i,1) − x_(i,1)) = 0   (hi = 0: the high limbs agree there)
 *     diff = Σ_i marker_i·(hi·(y_(i,1) − x_(i,1)) + (1 − hi)·(y_(i,0) − x_(i,0)))
 *     U16(diff − 1) with multiplicity S
 *
 * Soundness, for limbs that are true u16s (the caller's range checks or the memory bus): with
 * S = 1 and the marker on word k, the words above k are equal, and the limb D compared at k
 * (the high limb, or the low limb when the high limbs are equal) satisfies D = diff as an
 * integer in (−2^16, 2^16) with diff − 1 ∈ [0, 2^16): so D ≥ 1, and y > x. With S = 0 nothing
 * is claimed, and diff = hi = 0. Every cell is pinned: the marker can only sit on the top
 * differing word (above it a difference breaks P_i·(…) = 0; below it, with the top word equal,
 * D = 0 fails the lookup), hi is forced by whether the high limbs differ there, diff by its
 * equation. W − 1 cells fewer than a marker per limb (W + 2 instead of 2W + 1).
 *
 * `evalLessThan` returns S; the caller says when the comparison must hold (assert S = isReal,
 * or derive a flag from it as modmul256 does for m = 0).
 */
import { add, type Expr, type ExprLike, mul, sub, sum } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import { fe, type Lookups, U16_BUS } from "../../glue/coprocessor-air.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = AirBuilder<any, any>;

/** The comparison's witness cells in the AIR. */
export interface LessThanCells {
  /** One per word. */
  readonly marker: readonly Expr[];
  readonly hi: Expr;
  readonly diff: Expr;
}

/** Where the trace writes them: offsets into the trace values (the row's offset included). */
export interface LessThanColumns {
  /** The first marker cell (the group's cells follow it). */
  readonly marker: number;
  readonly hi: number;
  readonly diff: number;
}

/**
 * Proves x < y when the returned S = Σ marker is 1 (x, y: u16 limbs, little-endian, two per
 * word; each a true u16). See the module comment for the constraints.
 *
 * @example
 * const w = { marker: l.ltMarker, hi: l.ltHi, diff: l.ltDiff };
 * const S = evalLessThan(b, "out < m", l.out, u16Limbs(l.m), w); // out: u16 limbs, m: bytes
 * b.assertEq("reduced", S, l.isReal);
 */
export function evalLessThan(
  b: Builder,
  name: string,
  x: readonly ExprLike[],
  y: readonly ExprLike[],
  w: LessThanCells,
): Expr {
  const words = w.marker.length;
  if (x.length !== 2 * words || y.length !== 2 * words)
    throw new RangeError(`${name}: ${x.length} and ${y.length} limbs for ${words} words`);
  w.marker.forEach((m, i) => b.assertBool(`${name}: marker ${i} bool`, m));
  const S = sum(w.marker);
  b.assertBool(`${name}: one marker at most`, S);
  b.assertBool(`${name}: hi bool`, w.hi);
  b.assertZero(`${name}: hi only with a marker`, mul(w.hi, sub(1, S)));
  const d = (i: number, L: number): Expr => sub(y[2 * i + L], x[2 * i + L]);
  let below: Expr = w.marker[0];
  for (let i = 1; i < words; i++) {
    for (let L = 0; L < 2; L++)
      b.assertZero(`${name}: word ${i} limb ${L} equal above the marker`, mul(below, d(i, L)));
    below = add(below, w.marker[i]);
  }
  const atHi = sum(w.marker.map((m, i) => mul(m, d(i, 1))));
  const atLo = sum(w.marker.map((m, i) => mul(m, d(i, 0))));
  b.assertZero(`${name}: high limbs equal unless hi`, mul(sub(1, w.hi), atHi));
  b.assertZero(`${name}: diff`, sub(w.diff, add(mul(w.hi, atHi), mul(sub(1, w.hi), atLo))));
  b.send(U16_BUS, [sub(w.diff, 1)], S, `${name}: diff ≥ 1`);
  return S;
}

/**
 * The witness of x < y: the top differing word, whether its high limb differs, and y's limb
 * minus x's there. Throws unless x < y.
 */
export function lessThanWitness(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { word: number; hi: 0 | 1; diff: number } {
  for (let i = (x.length >>> 1) - 1; i >= 0; i--) {
    if (y[2 * i + 1] !== x[2 * i + 1]) return { word: i, hi: 1, diff: y[2 * i + 1] - x[2 * i + 1] };
    if (y[2 * i] !== x[2 * i]) return { word: i, hi: 0, diff: y[2 * i] - x[2 * i] };
  }
  return { word: -1, hi: 0, diff: 0 };
}

/**
 * Trace side of `evalLessThan` for S = 1: writes the witness of x < y at the column indices
 * `at` and counts the lookup. Throws unless
 * x < y. (For S = 0 leave the cells 0.)
 */
export function writeLessThan(
  values: Uint32Array,
  at: LessThanColumns,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  lookups: Lookups,
): void {
  const w = lessThanWitness(x, y);
  if (w.diff <= 0) throw new RangeError("writeLessThan: x is not below y");
  values[at.marker + w.word] = 1;
  values[at.hi] = w.hi;
  values[at.diff] = fe(w.diff);
  lookups.range16(w.diff - 1);
}
