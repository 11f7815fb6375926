/**
 * secp256k1 point addition and doubling on plain values (SEC 2 §2.4.1: y² = x³ + 7 over F_p,
 * p = 2^256 − 2^32 − 977), in affine coordinates: what the secp256k1_add (0x103) and
 * secp256k1_double (0x104) calls compute, and what the tests compare the executor and the tables
 * with (and check against @noble/curves).
 *
 * Points are 16 little-endian u32 words, x then y, each coordinate < p. The formulas are the
 * textbook chord and tangent (Hankerson–Menezes–Vanstone, Guide to ECC §3.1.2, a = 0):
 *   add:    λ = (y2 − y1)/(x2 − x1),  x3 = λ² − x1 − x2,  y3 = λ(x1 − x3) − y1
 *   double: λ = 3x1²/(2y1),           x3 = λ² − 2x1,      y3 = λ(x1 − x3) − y1
 * defined whenever the denominator is non-zero: add needs x1 ≠ x2 (p ≠ ±q), double needs
 * y1 ≠ 0. On points of the curve they are the group law; they do not check that the points are
 * on it (nor do the calls). The point at infinity has no affine form and is never an operand.
 */
import { bigIntToLimbs, limbsToBigInt } from "../modmul256/reference.js";
import { COORD_WORDS, POINT_WORDS, SECP256K1_P } from "./constants.js";

const P = SECP256K1_P;

/** x mod p in [0, p). */
const mod = (x: bigint) => ((x % P) + P) % P;

/** x^−1 mod p for x ≢ 0 (extended Euclid); throws for x ≡ 0. */
export function invModP(x: bigint): bigint {
  let [a, b] = [mod(x), P];
  if (a === 0n) throw new Error("0 has no inverse mod p");
  let [u, v] = [1n, 0n];
  while (a !== 1n) {
    const q = b / a;
    [a, b] = [b - q * a, a];
    [u, v] = [v - q * u, u];
  }
  return mod(u);
}

/** The affine coordinates (x, y) of a 16-word point. */
export function pointToBigInts(p: ArrayLike<number>): [bigint, bigint] {
  const w = Array.from(p);
  return [limbsToBigInt(w.slice(0, COORD_WORDS)), limbsToBigInt(w.slice(COORD_WORDS))];
}

/** The 16 words (x then y, 8 little-endian words each) of the affine point (x, y). */
export function pointFromBigInts(x: bigint, y: bigint): Uint32Array {
  const out = new Uint32Array(POINT_WORDS);
  out.set(bigIntToLimbs(x, COORD_WORDS), 0);
  out.set(bigIntToLimbs(y, COORD_WORDS), COORD_WORDS);
  return out;
}

/**
 * p + q in affine coordinates, for p ≠ ±q (x coordinates differ; throws otherwise).
 *
 * @example
 * const sum = secp256k1Add(g, twoG); // 3G
 */
export function secp256k1Add(p: Uint32Array, q: Uint32Array): Uint32Array {
  const [x1, y1] = pointToBigInts(p);
  const [x2, y2] = pointToBigInts(q);
  if (mod(x1 - x2) === 0n) throw new Error("secp256k1Add: p = ±q (equal x coordinates)");
  const l = mod((y2 - y1) * invModP(x2 - x1));
  const x3 = mod(l * l - x1 - x2);
  return pointFromBigInts(x3, mod(l * (x1 - x3) - y1));
}

/**
 * 2p in affine coordinates, for y ≠ 0 (throws otherwise).
 *
 * @example
 * const twoG = secp256k1Double(g);
 */
export function secp256k1Double(p: Uint32Array): Uint32Array {
  const [x1, y1] = pointToBigInts(p);
  if (mod(y1) === 0n) throw new Error("secp256k1Double: y = 0");
  const l = mod(3n * x1 * x1 * invModP(2n * y1));
  const x3 = mod(l * l - 2n * x1);
  return pointFromBigInts(x3, mod(l * (x1 - x3) - y1));
}
