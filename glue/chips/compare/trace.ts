/** The rows of the comparison table: one per EQ, NE, LT, GE, LTU, GEU handed off. */
import { inv } from "../../../core/field/babybear.js";
import type { TraceContext } from "../context.js";
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
  const res = [eq, 1 - eq, slt, 1 - slt, borrow, 1 - borrow][CODES.indexOf(op as never)];
  const flag = CODES.indexOf(op as never);
  if (flag < 0) throw new Error(`compare chip: op ${op} is not a comparison`);
  v[o + flag] = 1;
  const row = [
    a & 0xffff,
    a >>> 16,
    b & 0xffff,
    b >>> 16,
    d & 0xffff,
    d >>> 16,
    k0,
    borrow,
    sa,
    sb,
    slt,
    eq,
  ];
  for (let i = 0; i < row.length; i++) v[o + 6 + i] = row[i];
  const s = (d & 0xffff) + (d >>> 16);
  v[o + 18] = s === 0 ? 0 : inv(s);
  v[o + 19] = res;
  ctx.lookups.range16(d & 0xffff);
  ctx.lookups.range16(d >>> 16);
  ctx.lookups.range16(2 * (a >>> 16) - 65536 * sa);
  ctx.lookups.range16(2 * (b >>> 16) - 65536 * sb);
  return res;
}
