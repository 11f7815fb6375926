/**
 * The adapter every coprocessor table uses to meet the machine: gadgets that emit the bus
 * interactions and constraints of receiving a call and of accessing memory, and their trace-side
 * counterparts. A coprocessor's own constraints only compute; these connect it.
 *
 * The rules they enforce (glue/chips/README.md, "Conventions"):
 * - a call is the CPU's syscall message [clk, a7 lo, a7 hi, a0 lo, a0 hi, result lo, result hi]
 *   with a7 fixed to the coprocessor's number (no other table can take it) and result = a0
 *   (coprocessors leave a0 as it was);
 * - an access receives (addr, old, prevTs) and sends (addr, new, ts) on the memory bus, with
 *   ts − prevTs − 1 = gLo + 2^16·gHi, gLo u16 and gHi u14: prevTs < ts, and nothing wraps because
 *   every timestamp is below 2^29;
 * - a guest pointer's word index w is proven aligned and ≥ 1024 (byte address ≥ 0x1000); the
 *   memory boundary table refuses addresses past the guest range, so the words a call touches
 *   lie in guest memory;
 * - every buffer a call writes is sent to the writable-range chip (`writableWords`), which
 *   proves it lies outside the program text, as the executor requires.
 * Multiplicities must be boolean and 0 on padding rows: pass the row's real-flag (or a product
 * of flags), never a free column.
 */
import { add, type Expr, type ExprLike, mul, sub } from "../core/air/expr.js";
import type { AirBuilder } from "../core/air/types.js";
import { MEMORY_BUS, SYSCALL_BUS, U14_BUS, U16_BUS, WRITABLE_BUS } from "./chips/buses.js";
import type { Lookups } from "./chips/table.js";
import type { MemoryAccess } from "./coprocessor.js";

export {
  BITWISE_BUS,
  MEMORY_BUS,
  PAIR_BUS,
  SYSCALL_BUS,
  U14_BUS,
  U16_BUS,
  AluOp,
} from "./chips/buses.js";
export { Lookups, MIN_HEIGHT, paddedHeight, TableBuilder, fe } from "./chips/table.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = AirBuilder<any, any>;

/** A 32-bit word as two 16-bit limbs (both must be range-checked, or come from the bus). */
export type Limbs = readonly [lo: ExprLike, hi: ExprLike];

/**
 * Receives the call of syscall `syscall` made at `clk`, whose a0 is `a0` (limbs as the CPU sent
 * them: already valid u16s). The result (the CPU's new a0) is a0 itself.
 */
export function receiveCall(
  b: Builder,
  syscall: number,
  clk: ExprLike,
  a0: Limbs,
  multiplicity: ExprLike,
): void {
  const [lo, hi] = a0;
  b.receive(
    SYSCALL_BUS,
    [clk, syscall & 0xffff, syscall >>> 16, lo, hi, lo, hi],
    multiplicity,
    "call",
  );
}

/** The cells of one memory access, as expressions (columns or sums of columns). */
export interface AccessExprs {
  /** Memory-bus address (register index, or 32 + word index). */
  addr: ExprLike;
  old: Limbs;
  /**
   * The value after the access; pass `old` for a read. A written value's limbs must be true u16s
   * (bits, or range-checked by the coprocessor), and its buffer declared with `writableWords`.
   */
  value: Limbs;
  prevTs: ExprLike;
  ts: ExprLike;
  /** ts − prevTs − 1 as a u16 and a u14 limb. */
  gap: readonly [lo: ExprLike, hi: ExprLike];
}

/** One memory access: receive the old value, send the new one, prove prevTs < ts. */
export function memoryAccess(b: Builder, name: string, a: AccessExprs, multiplicity: Expr): void {
  b.receive(MEMORY_BUS, [a.addr, a.old[0], a.old[1], a.prevTs], multiplicity, `${name}: old`);
  b.send(MEMORY_BUS, [a.addr, a.value[0], a.value[1], a.ts], multiplicity, `${name}: new`);
  b.when(multiplicity).assertZero(
    `${name}: prevTs < ts`,
    sub(a.ts, add(a.prevTs, 1, a.gap[0], mul(a.gap[1], 65536))),
  );
  b.send(U16_BUS, [a.gap[0]], multiplicity, `${name}: gap lo`);
  b.send(U14_BUS, [a.gap[1]], multiplicity, `${name}: gap hi`);
}

/** The cells of a guest pointer check: the pointer's limbs and three witness columns. */
export interface PointerExprs {
  /** The pointer as a word, in limbs that are valid u16s (from the call or a register read). */
  ptr: Limbs;
  /** ptr lo / 4 (u14: so ptr lo is a multiple of 4). */
  q: ExprLike;
  /** w − 1024 = xLo + 2^16·xHi, xLo u16, xHi u14 (so w ≥ 1024). */
  xLo: ExprLike;
  xHi: ExprLike;
}

/**
 * Proves the pointer is 4-aligned and at least 0x1000, and returns its word index
 * w = q + 2^14·ptr_hi, an integer below 2^30 (its words have memory-bus addresses 32 + w + k).
 */
export function guestPointer(b: Builder, name: string, p: PointerExprs, multiplicity: Expr): Expr {
  const w = add(p.q, mul(p.ptr[1], 16384));
  b.when(multiplicity).assertZero(`${name}: pointer aligned`, sub(mul(p.q, 4), p.ptr[0]));
  b.when(multiplicity).assertZero(
    `${name}: pointer ≥ 0x1000`,
    sub(w, add(1024, p.xLo, mul(p.xHi, 65536))),
  );
  b.send(U14_BUS, [p.q], multiplicity, `${name}: q`);
  b.send(U16_BUS, [p.xLo], multiplicity, `${name}: x lo`);
  b.send(U14_BUS, [p.xHi], multiplicity, `${name}: x hi`);
  return w;
}

/**
 * Declares that this call writes the guest words [w, w + words): the writable-range chip proves
 * they lie outside the program text (the executor refuses such writes, so no proof may contain
 * one). Send it once per call for every `write`/`readwrite` pointer argument of the call
 * description, with that argument's word index and word count; the machine builds the chip's
 * rows from the call description, so any other use leaves the bus unbalanced.
 */
export function writableWords(
  b: Builder,
  name: string,
  w: ExprLike,
  words: number,
  multiplicity: Expr,
): void {
  b.send(WRITABLE_BUS, [w, words], multiplicity, `${name}: writable`);
}

/** The gap limbs [u16, u14] of an access: ts − prevTs − 1 (`memoryAccess`'s witness). */
export function gapLimbs(a: MemoryAccess): [lo: number, hi: number] {
  const d = a.ts - a.prevTs - 1;
  if (!(d >= 0 && d < 2 ** 30))
    throw new RangeError(`memory access at ${a.addr}: timestamp gap ${d} out of range`);
  return [d & 0xffff, d >>> 16];
}

/** Trace side of `memoryAccess`: the gap limbs of an access, counted in `lookups`. */
export function accessGap(a: MemoryAccess, lookups: Lookups): [lo: number, hi: number] {
  const [lo, hi] = gapLimbs(a);
  lookups.range16(lo);
  lookups.range14(hi);
  return [lo, hi];
}

/** `guestPointer`'s witnesses [q, xLo, xHi] for byte address `ptr`. */
export function pointerWitness(ptr: number): [q: number, xLo: number, xHi: number] {
  if ((ptr & 3) !== 0 || ptr < 0x1000)
    throw new RangeError(`pointer 0x${ptr.toString(16)} is misaligned or below guest memory`);
  const x = (ptr >>> 2) - 1024;
  return [(ptr & 0xffff) >>> 2, x & 0xffff, x >>> 16];
}

/** Trace side of `guestPointer`: its witnesses, counted in `lookups`. */
export function pointerCells(ptr: number, lookups: Lookups): [q: number, xLo: number, xHi: number] {
  const [q, xLo, xHi] = pointerWitness(ptr);
  lookups.range14(q);
  lookups.range16(xLo);
  lookups.range14(xHi);
  return [q, xLo, xHi];
}

/** Memory-bus address of guest byte address `ptr` (word-aligned). */
export function wordAddress(ptr: number): number {
  return 32 + (ptr >>> 2);
}
