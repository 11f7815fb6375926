/** The rows of the AND/OR/XOR table, with their byte-table lookups. */
import { AluOp } from "../buses.js";
import type { TraceContext } from "../context.js";
import { bitwiseCols } from "./columns.js";

/** Appends the row of AND/OR/XOR on a, b; returns the result. */
export function emitBitwise(ctx: TraceContext, op: number, a: number, b: number): number {
  const t = ctx.table("rv.bitwise", bitwiseCols.width);
  const o = t.row();
  const v = t.values;
  const c = (op === AluOp.AND ? a & b : op === AluOp.OR ? a | b : a ^ b) >>> 0;
  v[o] = op === AluOp.AND ? 1 : 0;
  v[o + 1] = op === AluOp.OR ? 1 : 0;
  v[o + 2] = op === AluOp.XOR ? 1 : 0;
  const counts =
    op === AluOp.AND ? ctx.lookups.and : op === AluOp.OR ? ctx.lookups.or : ctx.lookups.xor;
  for (let k = 0; k < 4; k++) {
    const x = (a >>> (8 * k)) & 255;
    const y = (b >>> (8 * k)) & 255;
    v[o + 3 + k] = x;
    v[o + 7 + k] = y;
    v[o + 11 + k] = (c >>> (8 * k)) & 255;
    counts[x + 256 * y]++;
  }
  return c;
}
