/** The rows of the comparison table: one per EQ, NE, LT, GE, LTU, GEU handed off. */
import { invSmall } from "../small-inverse.js";
import type { TraceContext } from "../context.js";
import { putLimbs } from "../table.js";
import { CODES, compareCols } from "./columns.js";

/** Appends the row of a comparison; returns the result (0 or 1). */
export function emitCompare(ctx: TraceContext, op: number, a: number, b: number): number {
  const t = ctx.table("rv.compare", compareCols.width);
  const o = t.row();
  const v = t.values;
  a >>>= 0;
  b >>>= 0;
  const d = (a - b) >>> 0;
  const k0 = (a & 0xffff) < (b & 0xffff) ? 1 : 0;
  const borrow = a < b ? 1 : 0;
  const sa = a >>> 31;
  const sb = b >>> 31;
  const slt = (a | 0) < (b | 0) ? 1 : 0;
  const eq = a === b ? 1 : 0;
  const flag = CODES.indexOf(op as never);
  if (flag < 0) throw new Error(`compare chip: op ${op} is not a comparison`);
  // EQ, NE, LT, GE, LTU, GEU: each pair is a result and its complement.
  const base = flag < 2 ? eq : flag < 4 ? slt : borrow;
  const res = flag % 2 === 0 ? base : 1 - base;
  const I = compareCols.index;
  v[o + flag] = 1; // the op flags are the layout's first columns, in CODES order
  putLimbs(v, o + I.aLo, o + I.aHi, a);
  putLimbs(v, o + I.bLo, o + I.bHi, b);
  putLimbs(v, o + I.dLo, o + I.dHi, d);
  v[o + I.k0] = k0;
  v[o + I.borrow] = borrow;
  v[o + I.sa] = sa;
  v[o + I.sb] = sb;
  v[o + I.slt] = slt;
  v[o + I.eq] = eq;
  const s = (d & 0xffff) + (d >>> 16);
  v[o + I.inv] = s === 0 ? 0 : invSmall(s);
  v[o + I.res] = res;
  ctx.lookups.range16(d & 0xffff);
  ctx.lookups.range16(d >>> 16);
  ctx.lookups.range16(2 * (a >>> 16) - 65536 * sa);
  ctx.lookups.range16(2 * (b >>> 16) - 65536 * sb);
  return res;
}
