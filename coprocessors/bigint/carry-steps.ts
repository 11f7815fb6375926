/**
 * Carry chains whose step width is chosen per step: carry.ts's chain with every step taking two
 * byte positions where that step's bounds allow it and one where they do not, instead of one
 * width for the whole identity. Same identity views (`identityExprs`, `identityValues`,
 * `identityBounds` of carry.ts), same constraints, same lookups, same soundness argument —
 * checked step by step:
 *
 *     F_t + c_(t−1) − R_t·c_t = 0,   F_t = Σ_(u<s_t) E_(k_t+u)·2^(8u),   R_t = 2^(8·s_t)
 *
 * with c_t + offset_t looked up on U14 (or U16, for a one-byte step). Soundness: with every
 * operand in range and every carry in its checked window, each step's value v satisfies
 * |v| < p (max F_t + max c_(t−1) − R_t·min c_t < p and the same below, checked when the chain
 * is defined), so v ≡ 0 means v = 0 and the steps telescope to Σ_k E_k·2^(8k) = 0.
 * Completeness: the honest carry (F_t + c_(t−1))/R_t lies in the interval the bounds give, and
 * the chosen window holds it.
 *
 * Why: an identity with a signed product such as λ·(x2 − x1) has coefficients whose range is
 * twice a plain product's, about 2·32·255² at the middle positions. A two-byte step there needs
 * a carry window of more than 2^14 values, so carry.ts's uniform chain falls back to one byte
 * per step everywhere (64 carries). Near both ends the coefficients are small, and only the
 * steps around the middle position need one byte: greedily, the same identity takes 32
 * carries. (Suggested unification: carry.ts's `carryChain` choosing s per step is this file.)
 */
import { add, type Expr, type ExprLike, mul, sub, sum } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import { P } from "../../core/field/babybear.js";
import { fe, type Lookups, U14_BUS, U16_BUS } from "../../glue/coprocessor-air.js";
import type { CarrySlot, CoefficientBounds } from "./carry.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = AirBuilder<any, any>;

/** One step: byte positions [start, start + bytes). */
export interface CarryStep {
  readonly start: number;
  readonly bytes: 1 | 2;
}

/** A carry chain with per-step widths. */
export interface StepChain {
  readonly name: string;
  /** Byte positions of the identity. */
  readonly positions: number;
  readonly steps: readonly CarryStep[];
  /** Carry columns: steps − 1 (no carry out of the last step). */
  readonly carries: number;
  /** The range check of carry t (out of step t). */
  readonly slots: readonly CarrySlot[];
  /** The largest |value| a step's constraint can take with in-range cells (< p). */
  readonly fieldBound: number;
}

/** [min, max] of F for `bytes` positions from `start`. */
function stepBounds(b: CoefficientBounds, start: number, bytes: number): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let u = 0; u < bytes; u++) {
    lo += b.min[start + u] * 2 ** (8 * u);
    hi += b.max[start + u] * 2 ** (8 * u);
  }
  return [lo, hi];
}

/**
 * The chain of an identity with these coefficient bounds: from position 0, each step takes two
 * positions if the step is sound and its honest carry fits a U14 window, else one (a U14 or U16
 * window). Throws, naming the chain, when a single position does not fit either.
 *
 * @example
 * const chain = stepChain("add λ", identityBounds(65, terms(maxima)));
 * chain.carries; // 32
 */
export function stepChain(name: string, bounds: CoefficientBounds): StepChain {
  const n = bounds.min.length;
  const steps: CarryStep[] = [];
  const slots: CarrySlot[] = [];
  let honest: [number, number] = [0, 0];
  let window: [number, number] = [0, 0];
  let fieldBound = 0;
  for (let k = 0; k < n;) {
    let taken = false;
    for (const s of [2, 1] as const) {
      if (k + s > n) continue;
      const [flo, fhi] = stepBounds(bounds, k, s);
      if (k + s === n) {
        // The last step: no carry out; F + c_in must be 0, so it only needs to be sound.
        const v = Math.max(fhi + window[1], -(flo + window[0]));
        if (v >= P) continue;
        fieldBound = Math.max(fieldBound, v);
      } else {
        const R = 2 ** (8 * s);
        const lo = Math.ceil((flo + honest[0]) / R);
        const hi = Math.floor((fhi + honest[1]) / R);
        const width = hi - lo + 1;
        const bits = width <= 2 ** 14 ? 14 : width <= 2 ** 16 && s === 1 ? 16 : 0;
        if (bits === 0) continue;
        const offset = -lo + Math.floor((2 ** bits - width) / 2);
        const out: [number, number] = [-offset, 2 ** bits - 1 - offset];
        const v = Math.max(fhi + window[1] - R * out[0], -(flo + window[0] - R * out[1]));
        if (v >= P) continue;
        fieldBound = Math.max(fieldBound, v);
        slots.push({ bus: bits === 14 ? U14_BUS : U16_BUS, bits, offset, min: lo, max: hi });
        honest = [lo, hi];
        window = out;
      }
      steps.push({ start: k, bytes: s });
      k += s;
      taken = true;
      break;
    }
    if (!taken) throw new RangeError(`carry chain "${name}": position ${k} fits no sound step`);
  }
  return { name, positions: n, steps, carries: steps.length - 1, slots, fieldBound };
}

/**
 * The chain's constraints F_t + c_(t−1) − R_t·c_t = 0 and the carries' range lookups
 * (`multiplicity`: the row's real-flag). `E` are the identity's coefficients (carry.ts's
 * `identityExprs`), `carries` its `chain.carries` carry columns.
 *
 * @example
 * evalStepChain(b, chain, identityExprs(65, terms), l.c1, l.isReal);
 */
export function evalStepChain(
  b: Builder,
  chain: StepChain,
  E: readonly Expr[],
  carries: readonly ExprLike[],
  multiplicity: ExprLike,
): void {
  if (E.length !== chain.positions || carries.length !== chain.carries)
    throw new RangeError(
      `carry chain "${chain.name}": ${E.length} coefficients and ${carries.length} carries given, ${chain.positions} and ${chain.carries} expected`,
    );
  chain.steps.forEach((s, t) => {
    const parts: Expr[] = [];
    for (let u = 0; u < s.bytes; u++) parts.push(mul(E[s.start + u], 2 ** (8 * u)));
    const cin = t > 0 ? carries[t - 1] : 0;
    const cout = t < chain.carries ? mul(carries[t], 2 ** (8 * s.bytes)) : 0;
    b.assertZero(`${chain.name}: step ${t}`, sub(add(sum(parts), cin), cout));
  });
  chain.slots.forEach((s, t) =>
    b.send(s.bus, [add(carries[t], s.offset)], multiplicity, `${chain.name}: carry ${t}`),
  );
}

/**
 * The honest carries of the identity whose coefficients are `E` (signed integers). Throws if
 * the identity does not hold or a carry leaves its slot's range.
 */
export function stepCarryValues(chain: StepChain, E: ArrayLike<number>): Float64Array {
  const out = new Float64Array(chain.carries);
  let c = 0;
  chain.steps.forEach((s, t) => {
    let f = c;
    for (let u = 0; u < s.bytes; u++) f += E[s.start + u] * 2 ** (8 * u);
    if (t === chain.carries) {
      if (f !== 0) throw new Error(`carry chain "${chain.name}": the identity does not hold`);
      return;
    }
    c = f / 2 ** (8 * s.bytes);
    const slot = chain.slots[t];
    if (!Number.isInteger(c) || c < slot.min || c > slot.max)
      throw new Error(
        `carry chain "${chain.name}": step ${t} leaves ${f}, not a multiple of 2^${8 * s.bytes} with a carry in [${slot.min}, ${slot.max}]`,
      );
    out[t] = c;
  });
  return out;
}

/**
 * Trace side of `evalStepChain`: writes the carries (field elements) at
 * `values[at … at + chain.carries)` and counts their lookups.
 */
export function writeStepCarries(
  chain: StepChain,
  E: ArrayLike<number>,
  values: Uint32Array,
  at: number,
  lookups: Lookups,
): void {
  const c = stepCarryValues(chain, E);
  for (let t = 0; t < c.length; t++) {
    values[at + t] = fe(c[t]);
    const slot = chain.slots[t];
    if (slot.bits === 14) lookups.range14(c[t] + slot.offset);
    else lookups.range16(c[t] + slot.offset);
  }
}
