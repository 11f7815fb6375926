/**
 * SHA-256's bitwise functions as polynomials over bit columns, and 16-bit limbs of them.
 *
 * On bits, x ⊕ y = x + y − 2xy and x ⊕ y ⊕ z = x + y + z − 2(xy + yz + zx) + 4xyz (degree 3),
 * Ch(e, f, g) = ef + g − eg (degree 2) and Maj(a, b, c) = ab + ac + bc − 2abc (degree 3); a
 * rotation or shift is only a choice of which bit to read. A limb is Σ 2^i·bit_i over 16 bits,
 * so every function's limb is an exact integer below 2^16 when its inputs are bits.
 */
import { add, type Expr, mul, sub, sum } from "../../core/air/expr.js";

/** The 32 bits of one word, LSB first. */
export type Word = readonly Expr[];
/** One bit of a derived word, by index (null: a constant 0 from a shift). */
type BitFn = (i: number) => Expr | null;

/** Words `j` of a flat bit group (32 bits per word). */
export function word(group: readonly Expr[], j: number): Word {
  return group.slice(32 * j, 32 * j + 32);
}

/** Limb L (0: bits 0..15, 1: bits 16..31) of a derived word. */
export function limb(bit: BitFn, L: number): Expr {
  const terms: Expr[] = [];
  for (let i = 0; i < 16; i++) {
    const x = bit(16 * L + i);
    if (x !== null) terms.push(mul(x, 2 ** i));
  }
  return sum(terms);
}

/** Limb L of a word of bit columns. */
export const wordLimb = (x: Word, L: number): Expr => limb((i) => x[i], L);

/**
 * Limb L of the word's bytes in reverse order: the little-endian word in guest memory whose
 * bytes, read big-endian, are `x` (FIPS 180-4 §3.1: message bytes form words big-endian).
 */
export const swappedLimb = (x: Word, L: number): Expr =>
  limb((i) => x[(3 - (i >>> 3)) * 8 + (i & 7)], L);

function xor(parts: (Expr | null)[]): Expr {
  const [x, y, z] = parts.filter((p): p is Expr => p !== null);
  if (z === undefined) return sub(add(x, y), mul(x, y, 2));
  const pairs = add(mul(x, y), mul(y, z), mul(z, x));
  return add(x, y, z, mul(pairs, -2), mul(x, y, z, 4));
}

const rotr = (x: Word, n: number) => (i: number) => x[(i + n) % 32];
const shr = (x: Word, n: number) => (i: number) => (i + n < 32 ? x[i + n] : null);

/** A bitwise function of rotations/shifts of one word, memoized per bit. */
function xorOf(fs: BitFn[]): BitFn {
  const memo: (Expr | null)[] = [];
  return (i) => (memo[i] ??= xor(fs.map((f) => f(i))));
}

/** FIPS 180-4 (4.4)–(4.7). */
export const bigSigma0 = (a: Word): BitFn => xorOf([rotr(a, 2), rotr(a, 13), rotr(a, 22)]);
export const bigSigma1 = (e: Word): BitFn => xorOf([rotr(e, 6), rotr(e, 11), rotr(e, 25)]);
export const smallSigma0 = (w: Word): BitFn => xorOf([rotr(w, 7), rotr(w, 18), shr(w, 3)]);
export const smallSigma1 = (w: Word): BitFn => xorOf([rotr(w, 17), rotr(w, 19), shr(w, 10)]);

/** FIPS 180-4 (4.2): Ch(e, f, g) = (e ∧ f) ⊕ (¬e ∧ g). */
export const ch =
  (e: Word, f: Word, g: Word): BitFn =>
  (i) =>
    add(sub(mul(e[i], f[i]), mul(e[i], g[i])), g[i]);

/** FIPS 180-4 (4.3): Maj(a, b, c). */
export const maj =
  (a: Word, b: Word, c: Word): BitFn =>
  (i) =>
    sub(add(mul(a[i], b[i]), mul(a[i], c[i]), mul(b[i], c[i])), mul(a[i], b[i], c[i], 2));
