/**
 * Integer identities with carries: proving Σ_k E_k·2^(8k) = 0 over the integers, where each E_k
 * is a small signed combination of byte (or u16, flag, constant) cells — a·b − q·m − r, written
 * position by position. It is how every 256-bit chip turns "a·b ≡ r (mod m)" into AIR
 * constraints.
 *
 * **Coefficients.** An identity is a list of `Term`s, each `coef·x` or `coef·x·y` over operand
 * arrays placed at byte positions (x_i·y_j at position shift + stride·i + j). The same list
 * builds the coefficient expressions (`identityExprs`, degree ≤ 2 in columns), their values in
 * the trace (`identityValues`, plain numbers) and their bounds (`identityBounds`, from each
 * operand's maximum: 255 for a byte, 1 for a flag, the value of a constant). Operands must be
 * non-negative integers no larger than the maximum given for them — the caller's range checks
 * (limbs.ts) are what make the bounds true, and the bounds are what make the chain sound.
 *
 * **The chain** (`carryChain`, `evalCarryChain`). Positions are grouped s at a time (s = 2 when
 * the bounds allow, else 1) into steps of radix R = 2^(8s): F_t = Σ_u E_(st+u)·2^(8u). With
 * signed carries c_t (c_(−1) = 0, and no carry out of the last step) every step asserts
 *
 *     F_t + c_(t−1) − R·c_t = 0                                            (degree ≤ 2)
 *
 * and each carry is range-checked as c_t + offset_t ∈ [0, 2^14) or [0, 2^16) (U14 or U16
 * lookup). Soundness: if every operand is in range and every carry in its checked window, the
 * value of each step's constraint is an integer v with |v| < p (checked here when the chain is
 * defined, from the bounds: max(F_t) + max(c_in) − R·min(c_out) < p and the same below), so
 * v ≡ 0 (mod p) means v = 0. Summing F_t·R^t over all steps telescopes to Σ_k E_k·2^(8k) = 0.
 * Completeness: the honest carry c_t = (F_t + c_(t−1)) / R is an integer (the identity holds)
 * within [ceil((min F_t + min c_(t−1)) / R), floor((max F_t + max c_(t−1)) / R)]; the chain
 * picks for each carry the narrowest table that holds this interval and centres it there.
 *
 * Why pairs of bytes: with R = 2^16 a chain has half the carries. It needs |F_t| + 2^16·|c| < p
 * with |c| ≈ |F_t| / 2^16, so |F_t| must stay below about p/4 ≈ 2^29 and the carries in a U14
 * window (2^16·2^14 = 2^30; a U16 window would give 2^32 > p, never sound). For a·b − q·m − r
 * with 32-byte m: |E_k| ≤ 32·255² + 2^16 ≈ 2^21, |F_t| ≤ 257·(32·255² + 255) = 534,831,135,
 * honest |c_t| ≤ 8,161; over the windows the lookups actually check (a carry may reach −12,271)
 * the largest step value is 1,071,579,678 < p — `carryChain` checks this bound per step, for
 * the window, not the honest carry. Identities with larger
 * coefficients (two products per position) fall back to s = 1 (R = 256: U16 carries, about
 * |E_k| < 2^23 per position).
 *
 * The constraints are not gated: a padding row of zeros satisfies them (all E_k and carries 0).
 * To gate them, pass `b.when(flag)` (each constraint's degree + 1; the lookups are then also
 * multiplied by the flag).
 */
import { add, type Expr, type ExprLike, mul, sub, sum, ZERO } from "../../core/air/expr.js";
import type { Bus } from "../../core/air/bus.js";
import type { AirBuilder } from "../../core/air/types.js";
import { P } from "../../core/field/babybear.js";
import { fe, type Lookups, U14_BUS, U16_BUS } from "../../glue/coprocessor-air.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = AirBuilder<any, any>;

/**
 * coef·x_i (·y_j) at byte position shift + stride·i (+ j), for every i (and j). `T` is an
 * expression (AIR), a value (trace) or an operand's maximum (bounds).
 */
export interface Term<T> {
  readonly x: ArrayLike<T>;
  readonly y?: ArrayLike<T>;
  /** A nonzero integer; 1 by default (−1 subtracts). */
  readonly coef?: number;
  /** Byte position of x_0·y_0; 0 by default. */
  readonly shift?: number;
  /** Byte positions between x_i and x_(i+1); 1 by default (2 for u16 limbs). */
  readonly stride?: number;
}

/** Per-position integer bounds: min[k] ≤ E_k ≤ max[k]. */
export interface CoefficientBounds {
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/** One carry's range check: c + offset is looked up on `bus` (2^bits values). */
export interface CarrySlot {
  readonly bus: Bus;
  readonly bits: 14 | 16;
  readonly offset: number;
  /** The honest carry's range (inside the checked window [−offset, 2^bits − 1 − offset]). */
  readonly min: number;
  readonly max: number;
}

/** A carry chain over `positions` byte positions (see the module comment). */
export interface CarryChain {
  readonly name: string;
  /** Byte positions of the identity (E_0 … E_(positions−1)). */
  readonly positions: number;
  /** Byte positions per step: 2 (radix 2^16) or 1 (radix 2^8). */
  readonly bytesPerStep: 1 | 2;
  readonly radix: number;
  readonly steps: number;
  /** Carry columns the chain needs: steps − 1. */
  readonly carries: number;
  readonly slots: readonly CarrySlot[];
  /** The largest |value| a step's constraint can take with in-range cells (< p). */
  readonly fieldBound: number;
}

function termShape<T>(t: Term<T>, positions: number, where: string) {
  const coef = t.coef ?? 1;
  const shift = t.shift ?? 0;
  const stride = t.stride ?? 1;
  if (!Number.isSafeInteger(coef) || coef === 0)
    throw new RangeError(`${where}: coefficient ${coef} is not a nonzero integer`);
  if (!Number.isInteger(shift) || shift < 0 || !Number.isInteger(stride) || stride < 1)
    throw new RangeError(`${where}: shift ${shift} / stride ${stride} out of range`);
  const ny = t.y === undefined ? 1 : t.y.length;
  const last = shift + stride * (t.x.length - 1) + ny - 1;
  if (t.x.length > 0 && ny > 0 && last >= positions)
    throw new RangeError(`${where}: a term reaches byte position ${last} ≥ ${positions}`);
  return { coef, shift, stride };
}

// ---- the three views of one identity ----

/**
 * The coefficient expressions E_0 … E_(positions−1) of `terms` (degree ≤ 2 in columns).
 *
 * @example
 * // a·b − q·m − out, with out as u16 limbs at even positions:
 * const E = identityExprs(96, [
 *   { x: l.a, y: l.b },
 *   { x: l.q, y: l.m, coef: -1 },
 *   { x: l.out, coef: -1, stride: 2 },
 * ]);
 */
export function identityExprs(positions: number, terms: readonly Term<ExprLike>[]): Expr[] {
  const plus: Expr[][] = Array.from({ length: positions }, () => []);
  const minus: Expr[][] = Array.from({ length: positions }, () => []);
  terms.forEach((t, n) => {
    const { coef, shift, stride } = termShape(t, positions, `identity term ${n}`);
    const into = coef > 0 ? plus : minus;
    const c = Math.abs(coef);
    for (let i = 0; i < t.x.length; i++) {
      if (t.y === undefined) {
        const e = mul(t.x[i], c);
        if (e !== ZERO) into[shift + stride * i].push(e);
        continue;
      }
      for (let j = 0; j < t.y.length; j++) {
        const e = mul(t.x[i], t.y[j], c);
        if (e !== ZERO) into[shift + stride * i + j].push(e);
      }
    }
  });
  return plus.map((p, k) => sub(sum(p), sum(minus[k])));
}

/**
 * The values E_k of `terms` on plain numbers (each operand a non-negative integer). Exact while
 * every |E_k| < 2^53, which the bounds of any sound chain guarantee by far.
 */
export function identityValues(
  positions: number,
  terms: readonly Term<number>[],
  out: Float64Array = new Float64Array(positions),
): Float64Array {
  out.fill(0, 0, positions);
  for (const t of terms) {
    const coef = t.coef ?? 1;
    const shift = t.shift ?? 0;
    const stride = t.stride ?? 1;
    const { x, y } = t;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] * coef;
      if (xi === 0) continue;
      const at = shift + stride * i;
      if (y === undefined) {
        out[at] += xi;
        continue;
      }
      for (let j = 0; j < y.length; j++) out[at + j] += xi * y[j];
    }
  }
  return out;
}

/**
 * Bounds of E_k for operands in [0, max], from `terms` given with each operand's maximum in
 * place of the operand (255 for a byte column, 65535 for a u16 limb, 1 for a flag, c for the
 * constant c).
 *
 * @example
 * const bytes = (n: number) => new Array<number>(n).fill(255);
 * identityBounds(96, [{ x: bytes(32), y: bytes(32) }, { x: bytes(64), y: bytes(32), coef: -1 }]);
 */
export function identityBounds(
  positions: number,
  terms: readonly Term<number>[],
): CoefficientBounds {
  const min = new Float64Array(positions);
  const max = new Float64Array(positions);
  terms.forEach((t, n) => {
    const { coef, shift, stride } = termShape(t, positions, `bounds term ${n}`);
    const check = (v: number) => {
      if (!(Number.isSafeInteger(v) && v >= 0))
        throw new RangeError(
          `bounds term ${n}: operand maximum ${v} is not a non-negative integer`,
        );
      return v;
    };
    const into = coef > 0 ? max : min;
    for (let i = 0; i < t.x.length; i++) {
      const xi = check(t.x[i]) * coef;
      if (t.y === undefined) {
        into[shift + stride * i] += xi;
        continue;
      }
      for (let j = 0; j < t.y.length; j++) into[shift + stride * i + j] += xi * check(t.y[j]);
    }
  });
  return { min, max };
}

// ---- the chain ----

/** Step t's bounds: [Σ_u min_(st+u)·2^(8u), Σ_u max_(st+u)·2^(8u)]. */
function stepBounds(b: CoefficientBounds, s: number, t: number): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let u = 0; u < s && s * t + u < b.min.length; u++) {
    lo += b.min[s * t + u] * 2 ** (8 * u);
    hi += b.max[s * t + u] * 2 ** (8 * u);
  }
  return [lo, hi];
}

/** The chain with s bytes per step, or the reason it is not sound / complete. */
function tryChain(name: string, b: CoefficientBounds, s: 1 | 2): CarryChain | string {
  const n = b.min.length;
  const R = 2 ** (8 * s);
  const steps = Math.ceil(n / s);
  const slots: CarrySlot[] = [];
  let honest: [number, number] = [0, 0];
  for (let t = 0; t < steps - 1; t++) {
    const [flo, fhi] = stepBounds(b, s, t);
    const lo = Math.ceil((flo + honest[0]) / R);
    const hi = Math.floor((fhi + honest[1]) / R);
    const width = hi - lo + 1;
    const bits = width <= 2 ** 14 ? 14 : width <= 2 ** 16 ? 16 : 0;
    if (bits === 0) return `carry ${t} spans ${width} values (more than 2^16)`;
    const offset = -lo + Math.floor((2 ** bits - width) / 2);
    slots.push({ bus: bits === 14 ? U14_BUS : U16_BUS, bits, offset, min: lo, max: hi });
    honest = [lo, hi];
  }
  // Soundness: every step's constraint value, over the checked windows, lies in (−p, p).
  const window = (t: number): [number, number] =>
    t < 0 || t >= steps - 1 ? [0, 0] : [-slots[t].offset, 2 ** slots[t].bits - 1 - slots[t].offset];
  let fieldBound = 0;
  for (let t = 0; t < steps; t++) {
    const [flo, fhi] = stepBounds(b, s, t);
    const [inLo, inHi] = window(t - 1);
    const [outLo, outHi] = window(t);
    const vmax = fhi + inHi - R * outLo;
    const vmin = flo + inLo - R * outHi;
    fieldBound = Math.max(fieldBound, vmax, -vmin);
  }
  if (fieldBound >= P) return `a step's constraint can reach ${fieldBound} ≥ p`;
  return {
    name,
    positions: n,
    bytesPerStep: s,
    radix: R,
    steps,
    carries: steps - 1,
    slots,
    fieldBound,
  };
}

/**
 * Defines the carry chain of an identity with these coefficient bounds: two bytes per step when
 * that is sound and complete, else one (or as forced by `bytesPerStep`). Throws, naming the
 * chain, when neither is: the identity must then be split or its coefficients made smaller.
 *
 * @example
 * const chain = carryChain("a·b − q·m − out", identityBounds(96, maxTerms));
 * chain.carries; // 47 carry columns
 */
export function carryChain(
  name: string,
  bounds: CoefficientBounds,
  options: { bytesPerStep?: 1 | 2 } = {},
): CarryChain {
  const tries: (1 | 2)[] = options.bytesPerStep ? [options.bytesPerStep] : [2, 1];
  const why: string[] = [];
  for (const s of tries) {
    const c = tryChain(name, bounds, s);
    if (typeof c !== "string") return c;
    why.push(`${s} byte(s) per step: ${c}`);
  }
  throw new RangeError(`carry chain "${name}" is not sound: ${why.join("; ")}`);
}

/** F_t = Σ_u E_(st+u)·2^(8u) as an expression. */
function stepExpr(chain: CarryChain, E: readonly Expr[], t: number): Expr {
  const s = chain.bytesPerStep;
  const parts: Expr[] = [];
  for (let u = 0; u < s && s * t + u < chain.positions; u++)
    parts.push(mul(E[s * t + u], 2 ** (8 * u)));
  return sum(parts);
}

/**
 * The chain's constraints F_t + c_(t−1) − R·c_t = 0 (t = 0 … steps − 1, no carry into the
 * first step or out of the last) and the carries' range lookups (`multiplicity`: the row's
 * real-flag). `E` are the identity's coefficients (`identityExprs`), `carries` its
 * `chain.carries` carry columns.
 *
 * @example
 * evalCarryChain(b, chain, identityExprs(96, terms), l.carry, l.isReal);
 */
export function evalCarryChain(
  b: Builder,
  chain: CarryChain,
  E: readonly Expr[],
  carries: readonly ExprLike[],
  multiplicity: ExprLike,
): void {
  if (E.length !== chain.positions || carries.length !== chain.carries)
    throw new RangeError(
      `carry chain "${chain.name}": ${E.length} coefficients and ${carries.length} carries given, ${chain.positions} and ${chain.carries} expected`,
    );
  for (let t = 0; t < chain.steps; t++) {
    const cin = t > 0 ? carries[t - 1] : 0;
    const cout = t < chain.carries ? mul(carries[t], chain.radix) : 0;
    b.assertZero(`${chain.name}: step ${t}`, sub(add(stepExpr(chain, E, t), cin), cout));
  }
  chain.slots.forEach((s, t) =>
    b.send(s.bus, [add(carries[t], s.offset)], multiplicity, `${chain.name}: carry ${t}`),
  );
}

/**
 * The honest carries of the identity whose coefficients are `E` (signed integers). Throws if
 * the identity does not hold (a step does not divide, or the last step leaves a remainder) or a
 * carry leaves its slot's range.
 */
export function carryValues(chain: CarryChain, E: ArrayLike<number>): Float64Array {
  const out = new Float64Array(chain.carries);
  const s = chain.bytesPerStep;
  let c = 0;
  for (let t = 0; t < chain.steps; t++) {
    let f = c;
    for (let u = 0; u < s && s * t + u < chain.positions; u++) f += E[s * t + u] * 2 ** (8 * u);
    if (t === chain.steps - 1) {
      if (f !== 0) throw new Error(`carry chain "${chain.name}": the identity does not hold`);
      break;
    }
    c = f / chain.radix;
    const slot = chain.slots[t];
    if (!Number.isInteger(c) || c < slot.min || c > slot.max)
      throw new Error(
        `carry chain "${chain.name}": step ${t} leaves ${f}, not a multiple of ${chain.radix} with a carry in [${slot.min}, ${slot.max}]`,
      );
    out[t] = c;
  }
  return out;
}

/**
 * Trace side of `evalCarryChain`: writes the carries (as field elements) at
 * `values[at … at + chain.carries)` and counts their lookups.
 */
export function writeCarries(
  chain: CarryChain,
  E: ArrayLike<number>,
  values: Uint32Array,
  at: number,
  lookups: Lookups,
): void {
  const c = carryValues(chain, E);
  for (let t = 0; t < c.length; t++) {
    values[at + t] = fe(c[t]);
    const slot = chain.slots[t];
    if (slot.bits === 14) lookups.range14(c[t] + slot.offset);
    else lookups.range16(c[t] + slot.offset);
  }
}
