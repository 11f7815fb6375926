/**
 * modmul256 on plain values: out := a·b mod m over 256-bit integers held as 8 little-endian u32
 * words, m = 0 meaning mod 2^256 (DESIGN.md, syscall 0x102). What the executor computes and what
 * the tests compare the executor and the table with.
 *
 * BigInt is fine here: one call is three conversions and one product, far from any hot loop
 * (the prover's trace generation works on the words).
 */
import { WORDS } from "./constants.js";

const MASK32 = 0xffffffffn;

/**
 * The integer whose little-endian u32 words are `w`.
 *
 * @example
 * limbsToBigInt(Uint32Array.of(1, 2)); // 0x200000001n
 */
export function limbsToBigInt(w: ArrayLike<number>): bigint {
  let x = 0n;
  for (let i = w.length - 1; i >= 0; i--) x = (x << 32n) | BigInt(w[i] >>> 0);
  return x;
}

/**
 * The `n` little-endian u32 words of `x mod 2^(32n)` (x ≥ 0).
 *
 * @example
 * bigIntToLimbs(0x200000001n, 8); // Uint32Array [1, 2, 0, 0, 0, 0, 0, 0]
 */
export function bigIntToLimbs(x: bigint, n: number = WORDS): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++, x >>= 32n) out[i] = Number(x & MASK32);
  return out;
}

/**
 * a·b mod m as 8 little-endian u32 words; m = 0 means mod 2^256. Any 256-bit a and b (they
 * need not be < m); the result is < m (for m = 0: any 256-bit value).
 *
 * @example
 * const p = bigIntToLimbs(2n ** 256n - 2n ** 32n - 977n);
 * modmul256(bigIntToLimbs(3n), bigIntToLimbs(5n), p); // 15
 */
export function modmul256(a: Uint32Array, b: Uint32Array, m: Uint32Array): Uint32Array {
  const modulus = limbsToBigInt(m);
  const product = limbsToBigInt(a) * limbsToBigInt(b);
  return bigIntToLimbs(modulus === 0n ? product : product % modulus);
}
