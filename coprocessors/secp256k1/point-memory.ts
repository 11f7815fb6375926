/**
 * A point's 16 words on the memory bus, shared by both tables: word k (x's words 0..7, then
 * y's) at memory-bus address 32 + w + k, received with its old limbs at prevTs and sent with its
 * new limbs (the same, for a point only read) at ts = clk + 3, where
 * prevTs = clk + 2 − gLo_k − 2^16·gHi_k with gLo_k U16 and gHi_k U14: the interactions of
 * glue's `memoryAccess`, written out because prevTs is an expression here (its constraint
 * prevTs + 1 + gap = ts would be the constant 0). Trace side: the gaps of the call's accesses,
 * each checked against the event's words.
 */
import { add, type Expr, type ExprLike, mul, sub } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import type { CoprocessorCall, MemoryAccess } from "../../glue/coprocessor.js";
import {
  accessGap,
  type Limbs,
  type Lookups,
  MEMORY_BUS,
  U14_BUS,
  U16_BUS,
  wordAddress,
} from "../../glue/coprocessor-air.js";
import { POINT_WORDS } from "./constants.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = AirBuilder<any, any>;

const TWO16 = 65536;

/** One access at ts = clk + 3 whose prevTs is clk + 2 − (gLo + 2^16·gHi). */
export function evalAccess(
  b: Builder,
  name: string,
  addr: ExprLike,
  old: Limbs,
  value: Limbs,
  clk: Expr,
  gap: readonly [lo: Expr, hi: Expr],
  real: Expr,
): void {
  const prevTs = sub(add(clk, 2), add(gap[0], mul(gap[1], TWO16)));
  b.receive(MEMORY_BUS, [addr, old[0], old[1], prevTs], real, `${name}: old`);
  b.send(MEMORY_BUS, [addr, value[0], value[1], add(clk, 3)], real, `${name}: new`);
  b.send(U16_BUS, [gap[0]], real, `${name}: gap lo`);
  b.send(U14_BUS, [gap[1]], real, `${name}: gap hi`);
}

/** The 16 accesses of the point at word index `w` (old and new limbs per word). */
export function evalPointAccesses(
  b: Builder,
  name: string,
  w: Expr,
  old: readonly Limbs[],
  value: readonly Limbs[],
  clk: Expr,
  gLo: readonly Expr[],
  gHi: readonly Expr[],
  real: Expr,
): void {
  for (let k = 0; k < POINT_WORDS; k++)
    evalAccess(
      b,
      `${name} word ${k}`,
      add(w, 32 + k),
      old[k],
      value[k],
      clk,
      [gLo[k], gHi[k]],
      real,
    );
}

/** The limbs of a point's 16 words: x as bytes (word k = bytes 4k..4k+3), y as bytes or u16s. */
export function pointLimbs(x: readonly Expr[], y: readonly Expr[]): Limbs[] {
  const out: Limbs[] = [];
  const fromBytes = (v: readonly Expr[], k: number): Limbs => [
    add(v[4 * k], mul(v[4 * k + 1], 256)),
    add(v[4 * k + 2], mul(v[4 * k + 3], 256)),
  ];
  for (let k = 0; k < 8; k++) out.push(fromBytes(x, k));
  for (let k = 0; k < 8; k++)
    out.push(y.length === 32 ? fromBytes(y, k) : [y[2 * k], y[2 * k + 1]]);
  return out;
}

/**
 * The access of `call` to memory-bus address `addr`, checked: at the call's timestamp, with the
 * expected old and new values.
 */
export function accessAt(
  call: CoprocessorCall<unknown>,
  table: string,
  addr: number,
  old: number,
  value: number,
): MemoryAccess {
  const a = call.accesses.find((x) => x.addr === addr);
  if (a === undefined || a.old >>> 0 !== old >>> 0 || a.value >>> 0 !== value >>> 0)
    throw new Error(`${table} call at clk ${call.clk}: no matching access to address ${addr}`);
  if (a.ts !== call.clk + 3)
    throw new Error(`${table} call at clk ${call.clk}: access at ts ${a.ts}, expected clk + 3`);
  return a;
}

/**
 * Trace side of `evalPointAccesses`: the gaps of the 16 accesses of the point at byte address
 * `ptr` (old → value per word) written at `values[gLo + k]`, `values[gHi + k]`, counted.
 */
export function pointAccessCells(
  call: CoprocessorCall<unknown>,
  table: string,
  ptr: number,
  old: ArrayLike<number>,
  value: ArrayLike<number>,
  values: Uint32Array,
  gLo: number,
  gHi: number,
  lookups: Lookups,
): void {
  for (let k = 0; k < POINT_WORDS; k++) {
    const a = accessAt(call, table, wordAddress(ptr) + k, old[k], value[k]);
    const [lo, hi] = accessGap(a, lookups);
    values[gLo + k] = lo;
    values[gHi + k] = hi;
  }
}
