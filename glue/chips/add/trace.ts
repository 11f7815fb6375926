/** The rows of the ADD/SUB table: one per operation the CPU or another chip hands off. */
import { AluOp } from "../buses.js";
import type { TraceContext } from "../context.js";
import { addCols } from "./columns.js";

/** Appends the row of ADD or SUB on words a, b; returns the result word. */
export function emitAdd(ctx: TraceContext, op: number, a: number, b: number): number {
  const t = ctx.table("rv.add", addCols.width);
  const o = t.row();
  const v = t.values;
  const sub = op === AluOp.SUB;
  const c = (sub ? a - b : a + b) >>> 0;
  const [x, z] = sub ? [c, a] : [a, c];
  const lo = (x & 0xffff) + (b & 0xffff);
  const k0 = lo >>> 16;
  const k1 = ((x >>> 16) + (b >>> 16) + k0) >>> 16;
  void z;
  v[o] = sub ? 0 : 1;
  v[o + 1] = sub ? 1 : 0;
  v[o + 2] = a & 0xffff;
  v[o + 3] = a >>> 16;
  v[o + 4] = b & 0xffff;
  v[o + 5] = b >>> 16;
  v[o + 6] = c & 0xffff;
  v[o + 7] = c >>> 16;
  v[o + 8] = k0;
  v[o + 9] = k1;
  ctx.lookups.range16(c & 0xffff);
  ctx.lookups.range16(c >>> 16);
  return c;
}
