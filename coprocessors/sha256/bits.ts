/**
 * SHA-256's bitwise functions as polynomials over bit columns, and 16-bit limbs of them.
 *
 * With signs s(x) = 1 − 2x (±1 on bits, built once per column), x ⊕ y ⊕ z = (1 − s(x)s(y)s(z))/2,
 * so a limb of Σ0, Σ1, σ0 or σ1 is (65535 − Σ 2^i·P_i)/2 with P_i a product of two or three signs:
 * two products per bit, and the signs of a word are shared by its three rotations (and by σ0 and
 * σ1 of the same word). Ch(e, f, g) = g + e(f − g) (one product); Maj(x, y, z) = xy + z(x ⊕ y),
 * with xy and x ⊕ y shared by the two rounds that see the pair (x, y). These are the textbook
 * polynomials (x + y + z − 2(xy + yz + zx) + 4xyz, ef + g − eg, …) rewritten with fewer nodes.
 * A rotation or shift is only a choice of which bit to read. Every limb is an exact integer below
 * 2^16 when its inputs are bits.
 *
 * Why the node count matters: the AIR is evaluated once symbolically, and the prover's quotient
 * code is generated from the expression DAG, which is not hash-consed; the generated code
 * evaluates each constraint in its own function (or a few per function), recomputing what it
 * shares with other constraints. So this file memoizes what it builds (limbs of bit-column
 * words, signs, pairs), and air.ts keeps each constraint small.
 */
import { add, type Expr, mul, sub, ZERO } from "../../core/air/expr.js";

/** The 32 bits of one word, LSB first. */
export type Word = readonly Expr[];
/** One bit of a derived word, by index (null: a constant 0 from a shift). */
export type BitFn = (i: number) => Expr | null;

/** Words `j` of a flat bit group (32 bits per word). */
export function word(group: readonly Expr[], j: number): Word {
  return group.slice(32 * j, 32 * j + 32);
}

/**
 * Limb L (0: bits 0..15, 1: bits 16..31) of a derived word: Σ 2^i·bit_i in Horner form with
 * doublings as additions (acc + acc + bit), since the generated code multiplies by a constant
 * as by any field element and an addition costs a third of that; or a function's own limbs.
 */
export function limb(x: BitFn | Limbs, L: number): Expr {
  return typeof x === "function" ? horner(x, L) : x.limbOf(L);
}

/** Memo of limbs of bit-column words, keyed by the word's bit-0 expression (columns are shared). */
const limbMemo = new WeakMap<Expr, Expr[]>();
function memoLimb(x: Word, slot: number, make: () => Expr): Expr {
  let m = limbMemo.get(x[0]);
  if (m === undefined) limbMemo.set(x[0], (m = []));
  return (m[slot] ??= make());
}

/** Limb L of a word of bit columns. */
export const wordLimb = (x: Word, L: number): Expr => memoLimb(x, L, () => limb((i) => x[i], L));

/**
 * Limb L of the word's bytes in reverse order: the little-endian word in guest memory whose
 * bytes, read big-endian, are `x` (FIPS 180-4 §3.1: message bytes form words big-endian).
 */
export const swappedLimb = (x: Word, L: number): Expr =>
  memoLimb(x, 2 + L, () => limb((i) => x[(3 - (i >>> 3)) * 8 + (i & 7)], L));

const INV2 = 1006632961; // 1/2 mod p

/** A derived word given by its limbs (the bitwise functions below). */
export interface Limbs {
  readonly limbOf: (L: number) => Expr;
}

/** s(x) = 1 − 2x per bit column, memoized. */
const signMemo = new WeakMap<Expr, Expr>();
function sign(x: Expr): Expr {
  let s = signMemo.get(x);
  if (s === undefined) signMemo.set(x, (s = sub(1, add(x, x))));
  return s;
}

/** Σ 2^i·f(16L + i) for i < 16 (Horner form, doublings as additions). */
function horner(f: (i: number) => Expr | null, L: number): Expr {
  let acc: Expr = ZERO;
  for (let i = 15; i >= 0; i--) {
    const x = f(16 * L + i);
    acc = add(acc, acc);
    if (x !== null) acc = add(acc, x);
  }
  return acc;
}

function memoLimbs(make: (L: number) => Expr): Limbs {
  const m: Expr[] = [];
  return { limbOf: (L) => (m[L] ??= make(L)) };
}

const rotr = (x: Word, n: number) => (i: number) => x[(i + n) % 32];
const shr = (x: Word, n: number) => (i: number) => (i + n < 32 ? x[i + n] : null);

/** The XOR of two or three rotations/shifts of one word: limb = (65535 − Σ 2^i·Π s)/2. */
function xorOf(fs: BitFn[]): Limbs {
  const P = (i: number): Expr => {
    const s = fs.map((f) => f(i)).filter((x): x is Expr => x !== null);
    return mul(...s.map(sign));
  };
  return memoLimbs((L) => mul(sub(65535, horner(P, L)), INV2));
}

/** FIPS 180-4 (4.4)–(4.7). */
export const bigSigma0 = (a: Word): Limbs => xorOf([rotr(a, 2), rotr(a, 13), rotr(a, 22)]);
export const bigSigma1 = (e: Word): Limbs => xorOf([rotr(e, 6), rotr(e, 11), rotr(e, 25)]);
export const smallSigma0 = (w: Word): Limbs => xorOf([rotr(w, 7), rotr(w, 18), shr(w, 3)]);
export const smallSigma1 = (w: Word): Limbs => xorOf([rotr(w, 17), rotr(w, 19), shr(w, 10)]);

/** FIPS 180-4 (4.2): Ch(e, f, g) = (e ∧ f) ⊕ (¬e ∧ g) = g + e(f − g). */
export const ch = (e: Word, f: Word, g: Word): Limbs =>
  memoLimbs((L) => horner((i) => add(g[i], mul(e[i], sub(f[i], g[i]))), L));

/** xy and x ⊕ y = x + y − 2xy per pair of bit columns, shared by every Maj that sees the pair. */
const pairMemo = new WeakMap<Expr, Map<Expr, { p: Expr; x: Expr }>>();
function pairOf(x: Expr, y: Expr): { p: Expr; x: Expr } {
  let m = pairMemo.get(x);
  if (m === undefined) pairMemo.set(x, (m = new Map()));
  let r = m.get(y);
  if (r === undefined) {
    const p = mul(x, y);
    m.set(y, (r = { p, x: sub(sub(add(x, y), p), p) }));
  }
  return r;
}

/**
 * FIPS 180-4 (4.3): Maj(x, y, z) = xy + z(x ⊕ y) (Maj is symmetric). Pass as (x, y) the pair
 * that another round also sees: rounds j and j + 1 share two of their three words.
 */
export const maj = (x: Word, y: Word, z: Word): Limbs =>
  memoLimbs((L) =>
    horner((i) => {
      const { p, x: t } = pairOf(x[i], y[i]);
      return add(p, mul(z[i], t));
    }, L),
  );
