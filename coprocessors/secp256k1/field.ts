/**
 * The secp256k1 base field F_P, P = 2^256 − c with c = 2^32 + 977, as the two point tables use
 * it: the quotient terms of an identity "… ≡ 0 (mod P)", the check that a value is below P, and
 * the per-call witness arithmetic. Everything generic about 256-bit limbs and carry chains is
 * in ../bigint/ (limbs.ts, carry.ts, carry-steps.ts); this file holds only what depends on P.
 *
 * **Quotients.** A congruence D ≡ 0 (mod P) becomes the integer identity D − (k − o)·P = 0 with
 * a quotient k of byte columns and a constant offset o that makes k non-negative. Since
 * P = 2^256 − c, the product k·P is written as k·2^256 − k·c: k's bytes enter at positions
 * 32.. with coefficient −1 and at positions 0, 1, 4 (c's nonzero bytes 0xD1, 0x03, 0x01) with
 * small coefficients — 4 terms per byte instead of 32, and coefficients below 2^16.
 *
 * **Below P** (`evalBelowP`, 2 columns and 1 lookup per value). With u16 limbs u_0..u_15 of x
 * (true u16s), let
 *     T = 2·Σ_(i=3..15) (0xFFFF − u_i) + (0xFFFF − u_2),   U = 0xFFFF − u_1,   W = T − 1 + 2U,
 * integers in [−1, 2^21): no reduction mod p can occur. P's limbs are (from the top) thirteen
 * 0xFFFF, then 0xFFFE, 0xFFFF, 0xFC2F, so
 *   - T = 0 (u_3..u_15 and u_2 all 0xFFFF): x ≥ 2^256 − 2^32 > P;
 *   - T = 1 (u_3..u_15 = 0xFFFF, u_2 = 0xFFFE): x < P iff u_1 < 0xFFFF or u_0 ≤ 0xFC2E;
 *   - T ≥ 2: x ≤ 2^256 − 2^33 − 1 < P.
 * W is odd when T = 0, and for T ≥ 1 it is 0 exactly when T = 1 and U = 0. The constraints
 *     z·W = 0,   W·T·inv = isReal − z,   z·inv = 0,   U16(0xFC2E − u_0) with multiplicity z
 * therefore have, on a real row, no solution when T = 0 (z = 0 from the first, then 0 = 1), force
 * z = 1, inv = 0 and u_0 ≤ 0xFC2E when W = 0, and z = 0, inv = 1/(W·T) otherwise: x < P is
 * proven, and z and inv are pinned (z ∈ {0, isReal}: a boolean flag, 0 on padding rows, where
 * the all-zero row satisfies all three with z = inv = 0).
 */
import { add, type Expr, type ExprLike, mul, sub, sum } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import { inv, mul as fmul, P as BABYBEAR } from "../../core/field/babybear.js";
import { type Lookups, U16_BUS } from "../../glue/coprocessor-air.js";
import type { Term } from "../bigint/carry.js";
import { SECP256K1_P } from "./constants.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = AirBuilder<any, any>;

/** c = 2^256 − P = 2^32 + 977: its nonzero bytes and their byte positions. */
const C_BYTES = [
  [0xd1, 0],
  [0x03, 1],
  [0x01, 4],
] as const;
/** P's lowest u16 limb minus one: the largest u_0 of a value with u_1..u_15 equal to P's. */
const P_LIMB0_MINUS_1 = 0xfc2e;

/**
 * The terms of −(k − m·2^(8·at))·P, with k little-endian bytes and `one` the constant-1
 * operand (the row's isReal in the AIR, so that an all-zero padding row satisfies the identity;
 * 1 on values and bounds). For an identity D − (k − o)·P = 0 with o = m·2^(8·at).
 *
 * @example
 * // λ² − x1 − x2 − x3 = (k − 3)·P:
 * [{ x: l.lambda, y: l.lambda }, …, ...quotientTerms(l.k2, l.isReal, 3, 0)]
 */
export function quotientTerms<T>(k: ArrayLike<T>, one: T, m: number, at: 0 | 32): Term<T>[] {
  return [
    { x: k, coef: -1, shift: 32 },
    ...C_BYTES.map(([c, s]): Term<T> => ({ x: k, coef: c, shift: s })),
    { x: [one], coef: m, shift: at + 32 },
    ...C_BYTES.map(([c, s]): Term<T> => ({ x: [one], coef: -c * m, shift: at + s })),
  ];
}

// ---- below P ----

/** T and W of the module comment, from u16 limbs (expressions or numbers). */
function belowPForms(u: readonly ExprLike[]): { T: Expr; W: Expr } {
  const top = sum(u.slice(3).map((x) => sub(0xffff, x)));
  const T = add(mul(top, 2), sub(0xffff, u[2]));
  const W = add(sub(T, 1), mul(sub(0xffff, u[1]), 2));
  return { T, W };
}

/**
 * Proves the value with u16 limbs `u` (16 true u16s: bus limbs or range-checked) below P, with
 * the witness columns `z` and `inv` (see the module comment): 3 constraints (degree 2, 3, 2)
 * and one U16 lookup of multiplicity z.
 *
 * @example
 * evalBelowP(b, "x3", u16Limbs(l.x3), l.ltZ[4], l.ltInv[4], l.isReal);
 */
export function evalBelowP(
  b: Builder,
  name: string,
  u: readonly ExprLike[],
  z: Expr,
  zInv: Expr,
  isReal: Expr,
): void {
  if (u.length !== 16) throw new RangeError(`evalBelowP: ${u.length} limbs, 16 expected`);
  const { T, W } = belowPForms(u);
  b.assertZero(`${name} < P: z·W = 0`, mul(z, W));
  b.assertZero(`${name} < P: W·T·inv = isReal − z`, sub(mul(W, T, zInv), sub(isReal, z)));
  b.assertZero(`${name} < P: z·inv = 0`, mul(z, zInv));
  b.send(U16_BUS, [sub(P_LIMB0_MINUS_1, u[0])], z, `${name} < P: low limb`);
}

/**
 * Trace side of `evalBelowP`: [z, inv] for the value with u16 limbs `u`, its lookup counted.
 * Throws if the value is not below P.
 */
export function belowPCells(
  name: string,
  u: ArrayLike<number>,
  lookups: Lookups,
): [number, number] {
  let top = 0;
  for (let i = 3; i < 16; i++) top += 0xffff - u[i];
  const T = 2 * top + 0xffff - u[2];
  const W = T - 1 + 2 * (0xffff - u[1]);
  if (T === 0 || (W === 0 && u[0] > P_LIMB0_MINUS_1))
    throw new RangeError(`secp256k1: ${name} is not below the field prime`);
  if (W === 0) {
    lookups.range16(P_LIMB0_MINUS_1 - u[0]);
    return [1, 0];
  }
  // 1 ≤ T, |W| < 2^21 < p: both nonzero field elements.
  return [0, inv(fmul(W < 0 ? W + BABYBEAR : W, T))];
}

/**
 * The below-P cells of a row's values (name and u16 limbs each, in the table's order) written at
 * v[zAt + i] and v[invAt + i]; throws for a value ≥ P, naming it.
 */
export function writeBelowP(
  v: Uint32Array,
  zAt: number,
  invAt: number,
  values: readonly (readonly [string, ArrayLike<number>])[],
  lookups: Lookups,
): void {
  values.forEach(([name, u], i) => {
    const [z, zInv] = belowPCells(name, u, lookups);
    v[zAt + i] = z;
    v[invAt + i] = zInv;
  });
}

// ---- per-call witness arithmetic (BigInt, once per call) ----

/** x mod P in [0, P). */
export function modP(x: bigint): bigint {
  const r = x % SECP256K1_P;
  return r < 0n ? r + SECP256K1_P : r;
}

/** The `n` little-endian bytes of 0 ≤ x < 2^(8n). */
export function bytesOfBigInt(x: bigint, n: number): Uint8Array {
  if (x < 0n || x >> BigInt(8 * n) !== 0n)
    throw new RangeError(`secp256k1: ${x} does not fit ${n} bytes`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
}

/**
 * The `n` quotient bytes k = d/P + o of an identity d − (k − o)·P = 0 (d a multiple of P).
 * Throws if d is not one (the witness is wrong) or k does not fit.
 */
export function quotientBytes(d: bigint, o: bigint, n: number): Uint8Array {
  if (d % SECP256K1_P !== 0n) throw new Error("secp256k1: an identity's value is not ≡ 0 mod P");
  return bytesOfBigInt(d / SECP256K1_P + o, n);
}
