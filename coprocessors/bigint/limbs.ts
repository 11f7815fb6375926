/**
 * Big integers as byte columns: the representation every 256-bit chip (modmul256, secp256k1)
 * works in, and the two views of it the machine needs.
 *
 * A value is held as little-endian byte columns x[0..n), each proven a byte by a byte-pair
 * lookup (`rangeCheckBytes`, two bytes per `rv.bytepair` message). Bytes keep products small:
 * x_i·y_j < 2^16, so a column of 32 such products stays far below p (carry.ts). The memory bus
 * carries words as two u16 limbs; word k of a byte value is (x[4k] + 2^8·x[4k+1],
 * x[4k+2] + 2^8·x[4k+3]) (`wordLimbs`), a linear form, so reading or writing a byte value costs
 * no column beyond its bytes. A value that only ever enters linearly (a result compared and
 * subtracted, never multiplied) can instead be held as u16 limbs (`rangeCheckU16`), half the
 * columns.
 *
 * AIR side: expressions of columns. Trace side: plain numbers (Uint8Array / Uint32Array), the
 * lookups counted in `Lookups` exactly as the AIR sends them.
 */
import { add, type Expr, type ExprLike, mul } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import { type Lookups, PAIR_BUS, U16_BUS } from "../../glue/coprocessor-air.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = AirBuilder<any, any>;

/** Bytes of a 256-bit value. */
export const BYTES_256 = 32;
/** u16 limbs of a 256-bit value. */
export const LIMBS_256 = 16;
/** u32 words of a 256-bit value. */
export const WORDS_256 = 8;

// ---- AIR side ----

/**
 * The u16 limbs x[2i] + 2^8·x[2i+1] of a little-endian byte value (n even).
 *
 * @example
 * const m16 = u16Limbs(l.m); // 16 limbs of the 32 bytes of m
 */
export function u16Limbs(bytes: readonly ExprLike[]): Expr[] {
  if (bytes.length % 2 !== 0) throw new RangeError(`u16Limbs: ${bytes.length} bytes is odd`);
  const out: Expr[] = [];
  for (let i = 0; i < bytes.length; i += 2) out.push(add(bytes[i], mul(bytes[i + 1], 256)));
  return out;
}

/**
 * Word k of a little-endian byte value as the memory bus carries it: [lo, hi] u16 limbs (true
 * u16s when the bytes are range-checked).
 *
 * @example
 * b.receive(MEMORY_BUS, [addr, ...wordLimbs(l.a, k), prevTs], l.isReal);
 */
export function wordLimbs(bytes: readonly ExprLike[], k: number): [lo: Expr, hi: Expr] {
  return [
    add(bytes[4 * k], mul(bytes[4 * k + 1], 256)),
    add(bytes[4 * k + 2], mul(bytes[4 * k + 3], 256)),
  ];
}

/**
 * Sends every byte on the byte-pair table, two per message (an odd last byte is paired with 0).
 * `multiplicity` must be the row's real-flag (or a product of flags): 0 on padding.
 *
 * @example
 * rangeCheckBytes(b, "a", l.a, l.isReal); // 16 lookups for 32 bytes
 */
export function rangeCheckBytes(
  b: Builder,
  name: string,
  bytes: readonly ExprLike[],
  multiplicity: ExprLike,
): void {
  for (let i = 0; i < bytes.length; i += 2) {
    const y = i + 1 < bytes.length ? bytes[i + 1] : 0;
    b.send(PAIR_BUS, [bytes[i], y], multiplicity, `${name}: bytes ${i}, ${i + 1}`);
  }
}

/** Sends every limb on the u16 table. */
export function rangeCheckU16(
  b: Builder,
  name: string,
  limbs: readonly ExprLike[],
  multiplicity: ExprLike,
): void {
  limbs.forEach((x, i) => b.send(U16_BUS, [x], multiplicity, `${name}: limb ${i}`));
}

// ---- trace side ----

/**
 * The little-endian bytes of little-endian u32 words.
 *
 * @example
 * bytesOfWords(Uint32Array.of(0x04030201)); // Uint8Array [1, 2, 3, 4]
 */
export function bytesOfWords(words: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 * words.length);
  for (let k = 0; k < words.length; k++) {
    const w = words[k] >>> 0;
    out[4 * k] = w & 255;
    out[4 * k + 1] = (w >>> 8) & 255;
    out[4 * k + 2] = (w >>> 16) & 255;
    out[4 * k + 3] = w >>> 24;
  }
  return out;
}

/** The little-endian u16 limbs of little-endian u32 words. */
export function u16OfWords(words: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(2 * words.length);
  for (let k = 0; k < words.length; k++) {
    out[2 * k] = words[k] & 0xffff;
    out[2 * k + 1] = words[k] >>> 16;
  }
  return out;
}

/** The little-endian u32 words of little-endian u16 limbs (an even count). */
export function wordsOfU16(limbs: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(limbs.length >>> 1);
  for (let k = 0; k < out.length; k++) out[k] = (limbs[2 * k] | (limbs[2 * k + 1] << 16)) >>> 0;
  return out;
}

/** The u16 limbs of a little-endian byte array (an even count). */
export function u16OfBytes(bytes: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(bytes.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return out;
}

/** Counts the lookups of `rangeCheckBytes` for these bytes. */
export function countBytes(lookups: Lookups, bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i += 2)
    lookups.bytes(bytes[i], i + 1 < bytes.length ? bytes[i + 1] : 0);
}

/** Counts the lookups of `rangeCheckU16` for these limbs. */
export function countU16(lookups: Lookups, limbs: ArrayLike<number>): void {
  for (let i = 0; i < limbs.length; i++) lookups.range16(limbs[i]);
}

/** Writes `xs` into `values` from index `at` (a row offset plus a column index). */
export function writeCells(values: Uint32Array, at: number, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) values[at + i] = xs[i];
}
