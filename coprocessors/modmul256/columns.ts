/**
 * The column layout of the modmul256 table (`cop.modmul256`), declared once; width and indices
 * derive from it. One row per call; padding rows are all zero.
 *
 * Values a, b, m and the quotient q are byte columns (they are multiplied); out is 16 u16 limbs
 * (it only enters linearly: subtracted in the identity, compared with m). q has 64 bytes: a and
 * b may be ≥ m, so q = ⌊a·b / m⌋ can reach 2^512 (m = 1).
 *
 * The identity a·b − q·m − [m = 0]·q·2^256 − out = 0 (`identityTerms`) and its carry chain
 * (`MODMUL256_CHAIN`, 47 carries: pairs of bytes, see coprocessors/bigint/carry.ts) are declared
 * here too: the number of carry columns derives from the identity's bounds.
 */
import { layout } from "../../core/air/layout.js";
import { carryChain, identityBounds, type Term } from "../bigint/carry.js";

/** Byte positions of the identity: q (64 bytes) · m (32 bytes), and q·2^256, reach 95. */
export const POSITIONS = 96;

/**
 * a·b − q·m − mZero·q·2^256 − out, term by term (bigint/carry.ts): a, b, m 32 bytes, q 64 bytes,
 * out 16 u16 limbs (at even byte positions), mZero the flag [m = 0].
 */
export function identityTerms<T>(
  a: ArrayLike<T>,
  b: ArrayLike<T>,
  m: ArrayLike<T>,
  q: ArrayLike<T>,
  out: ArrayLike<T>,
  mZero: T,
): Term<T>[] {
  return [
    { x: a, y: b },
    { x: q, y: m, coef: -1 },
    { x: [mZero], y: q, coef: -1, shift: 32 },
    { x: out, coef: -1, stride: 2 },
  ];
}

const max = (n: number, v: number) => new Array<number>(n).fill(v);

/** The identity's carry chain, from its operands' maxima (bytes 255, u16 limbs 65535, flag 1). */
export const MODMUL256_CHAIN = carryChain(
  "a·b = q·m + out",
  identityBounds(
    POSITIONS,
    identityTerms(max(32, 255), max(32, 255), max(32, 255), max(64, 255), max(16, 65535), 1),
  ),
);

export const modmul256Cols = layout([
  // 1 on a row holding a call, 0 on padding (every multiplicity is isReal or isReal − sq).
  "isReal",
  // The CPU's clk of the ecall (every access at clk + 3).
  "clk",
  // Squaring: b is a itself (a2 = a1); b's words are then not read again (a's are).
  "sq",
  // The four pointers as u16 limbs, in argument order: 0 out (a0, from the call), 1 a (a1),
  // 2 b (a2), 3 m (a3) (from the register reads); guestPointer's witnesses of each:
  // ptrQ = ptrLo / 4 (u14), w − 1024 = ptrXLo + 2^16·ptrXHi (u16, u14).
  ["ptrLo", 4],
  ["ptrHi", 4],
  ["ptrQ", 4],
  ["ptrXLo", 4],
  ["ptrXHi", 4],
  // Timestamp gaps (ts − prevTs − 1 = lo + 2^16·hi) of the register reads of a1, a2, a3, …
  ["regGapLo", 3],
  ["regGapHi", 3],
  // … and of the 32 guest words: a 0..7, b 8..15, m 16..23, out 24..31 (b's are 0 when sq).
  ["gapLo", 32],
  ["gapHi", 32],
  // The words at out before the call (limbs as they arrive on the memory bus).
  ["oldLo", 8],
  ["oldHi", 8],
  // The operands (little-endian bytes), the quotient, the result (u16 limbs).
  ["a", 32],
  ["b", 32],
  ["m", 32],
  ["q", 64],
  ["out", 16],
  // Signed carries of the identity's chain (c + offset looked up on U14).
  ["carry", MODMUL256_CHAIN.carries],
  // out < m (bigint/compare.ts): the top word where they differ, whether in its high limb, and
  // m's limb minus out's there. All 0 when m = 0.
  ["ltMarker", 8],
  "ltHi",
  "ltDiff",
] as const);

export type Modmul256Cols = typeof modmul256Cols;
