/** The rows of the shift table: one per SLL, SRL, SRA handed off, with their lookups. */
import { AluOp } from "../buses.js";
import type { TraceContext } from "../context.js";
import { shiftCols } from "./columns.js";

/** Appends the row of a shift; returns the result. */
export function emitShift(ctx: TraceContext, op: number, a: number, b: number): number {
  const t = ctx.table("rv.shift", shiftCols.width);
  const o = t.row();
  const v = t.values;
  const I = shiftCols.index;
  a >>>= 0;
  const s = b & 31;
  const r = s & 7;
  const q = s >>> 3;
  const sll = op === AluOp.SLL;
  const sra = op === AluOp.SRA;
  const c = (sll ? a << s : sra ? (a | 0) >> s : a >>> s) >>> 0;
  const sa = sra ? a >>> 31 : 0;
  const pw = sll ? 1 << r : 1 << (8 - r);
  v[o + I.isSll] = sll ? 1 : 0;
  v[o + I.isSrl] = op === AluOp.SRL ? 1 : 0;
  v[o + I.isSra] = sra ? 1 : 0;
  const L = ctx.lookups;
  for (let k = 0; k < 4; k++) {
    const ak = (a >>> (8 * k)) & 255;
    v[o + I.a + k] = ak;
    const prod = ak * pw;
    v[o + I.lo + k] = prod & 255;
    v[o + I.hi + k] = prod >>> 8;
    L.bytes(prod & 255, prod >>> 8);
  }
  L.bytes(a & 255, (a >>> 8) & 255);
  L.bytes((a >>> 16) & 255, a >>> 24);
  v[o + I.bLo] = b & 0xffff;
  v[o + I.bHi] = b >>> 16;
  const y = ((b & 0xffff) - s) / 32;
  v[o + I.y] = y;
  L.range16(y);
  for (let i = 0; i < 3; i++) v[o + I.rb + i] = (r >>> i) & 1;
  v[o + I.qs + q] = 1;
  v[o + I.p1] = (1 + (r & 1)) * (1 + 3 * ((r >>> 1) & 1));
  v[o + I.p2] = (2 - (r & 1)) * (4 - 3 * ((r >>> 1) & 1));
  v[o + I.pw] = pw;
  v[o + I.sa] = sa;
  v[o + I.fill] = sa * (256 - pw);
  if (sra) L.range16(512 * ((a >>> 24) - 128 * sa));
  v[o + I.cLo] = c & 0xffff;
  v[o + I.cHi] = c >>> 16;
  return c;
}
