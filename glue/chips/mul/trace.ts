/** The rows of the multiplication table: one per MUL, MULH, MULHSU, MULHU handed off. */
import { AluOp } from "../buses.js";
import type { TraceContext } from "../context.js";
import { CODES, mulCols } from "./columns.js";

/** Appends the row of a multiplication; returns the result word. */
export function emitMul(ctx: TraceContext, op: number, a: number, b: number): number {
  const flag = CODES.indexOf(op as never);
  if (flag < 0) throw new Error(`mul chip: op ${op} is not a multiplication`);
  const t = ctx.table("rv.mul", mulCols.width);
  const o = t.row();
  const v = t.values;
  v[o + flag] = 1;
  const sa = a >>> 31;
  const sb = b >>> 31;
  const fa = op === AluOp.MULH || op === AluOp.MULHSU ? sa : 0;
  const fb = op === AluOp.MULH ? sb : 0;
  const A = new Array<number>(8);
  const B = new Array<number>(8);
  for (let i = 0; i < 8; i++) {
    A[i] = i < 4 ? (a >>> (8 * i)) & 255 : 255 * fa;
    B[i] = i < 4 ? (b >>> (8 * i)) & 255 : 255 * fb;
  }
  const L = ctx.lookups;
  let carry = 0;
  const r = new Array<number>(8);
  for (let k = 0; k < 8; k++) {
    let s = carry;
    for (let i = 0; i <= k; i++) s += A[i] * B[k - i];
    r[k] = s & 255;
    carry = Math.floor(s / 256);
    v[o + 20 + k] = carry;
    L.range16(carry);
  }
  for (let i = 0; i < 4; i++) {
    v[o + 4 + i] = A[i];
    v[o + 8 + i] = B[i];
  }
  for (let k = 0; k < 8; k++) v[o + 12 + k] = r[k];
  v[o + 28] = sa;
  v[o + 29] = sb;
  v[o + 30] = fa;
  v[o + 31] = fb;
  const base = op === AluOp.MUL ? 0 : 4;
  const cLo = r[base] + 256 * r[base + 1];
  const cHi = r[base + 2] + 256 * r[base + 3];
  v[o + 32] = cLo;
  v[o + 33] = cHi;
  L.bytes(A[0], A[1]);
  L.bytes(B[0], B[1]);
  L.bytes(A[2], A[3]);
  L.bytes(B[2], B[3]);
  for (let i = 0; i < 8; i += 2) L.bytes(r[i], r[i + 1]);
  L.range16(512 * (A[3] - 128 * sa));
  L.range16(512 * (B[3] - 128 * sb));
  return (cLo + 65536 * cHi) >>> 0;
}
