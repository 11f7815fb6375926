/** The rows of the division table, and the rows it hands off (MUL, MULH(U), LTU, SUB). */
import { invSmall } from "../small-inverse.js";
import { AluOp } from "../buses.js";
import type { AluEmitter, TraceContext } from "../context.js";
import { CODES, divCols } from "./columns.js";

/** RISC-V's quotient and remainder of a by b (u32s), with the b = 0 and overflow cases. */
function divide(a: number, b: number, signed: boolean, bz: number, ov: number): [number, number] {
  if (bz) return [0xffffffff, a];
  if (ov) return [a, 0];
  if (signed) {
    const q = Math.trunc((a | 0) / (b | 0)) >>> 0;
    return [q, ((a | 0) - Math.imul(q | 0, b | 0)) >>> 0];
  }
  const q = Math.floor(a / b);
  return [q, a - q * b];
}

/** The carries c of (h, p) + sign-extended r = sign-extended a, limb by limb. */
function limbCarries(c: number[], p: number, hw: number, r: number, sr: number): void {
  let s = (p & 0xffff) + (r & 0xffff);
  c[0] = s >>> 16;
  s = (p >>> 16) + (r >>> 16) + c[0];
  c[1] = s >>> 16;
  s = (hw & 0xffff) + 0xffff * sr + c[1];
  c[2] = s >>> 16;
  s = (hw >>> 16) + 0xffff * sr + c[2];
  c[3] = s >>> 16;
}

/** Appends the row of a division/remainder (and its helper operations); returns the result. */
export function emitDiv(
  ctx: TraceContext,
  op: number,
  a: number,
  b: number,
  emit: AluEmitter,
): number {
  const flag = CODES.indexOf(op as never);
  if (flag < 0) throw new Error(`division chip: op ${op} is not a division`);
  const t = ctx.table("rv.divrem", divCols.width);
  const o = t.row();
  const v = t.values;
  const I = divCols.index;
  a >>>= 0;
  b >>>= 0;
  const signed = op === AluOp.DIV || op === AluOp.REM;
  const bz = b === 0 ? 1 : 0;
  const ov = signed && a === 0x80000000 && b === 0xffffffff ? 1 : 0;
  const [q, r] = divide(a, b, signed, bz, ov);
  const sa = signed ? a >>> 31 : 0;
  const sb = signed ? b >>> 31 : 0;
  const sr = signed ? r >>> 31 : 0;
  const ar = sr ? -r >>> 0 : r;
  const ab = sb ? -b >>> 0 : b;
  if (sr) emit(ctx, AluOp.SUB, 0, r);
  if (sb) emit(ctx, AluOp.SUB, 0, b);
  let p = 0;
  let hw = 0;
  const c = [0, 0, 0, 0];
  if (!bz && !ov) {
    p = emit(ctx, AluOp.MUL, q, b);
    hw = emit(ctx, signed ? AluOp.MULH : AluOp.MULHU, q, b);
    emit(ctx, AluOp.LTU, ar, ab);
    limbCarries(c, p, hw, r, sr);
  }
  v[o + flag] = 1;
  const put = (name: keyof typeof I, x: number) => (v[o + I[name]] = x);
  put("aLo", a & 0xffff);
  put("aHi", a >>> 16);
  put("bLo", b & 0xffff);
  put("bHi", b >>> 16);
  put("qLo", q & 0xffff);
  put("qHi", q >>> 16);
  put("rLo", r & 0xffff);
  put("rHi", r >>> 16);
  put("pLo", p & 0xffff);
  put("pHi", p >>> 16);
  put("hLo", hw & 0xffff);
  put("hHi", hw >>> 16);
  for (let i = 0; i < 4; i++) v[o + I.c + i] = c[i];
  const bs = (b & 0xffff) + (b >>> 16);
  const rs = (r & 0xffff) + (r >>> 16);
  put("bz", bz);
  put("binv", bs === 0 ? 0 : invSmall(bs));
  put("ov", ov);
  put("sa", sa);
  put("sb", sb);
  put("sr", sr);
  put("rnz", rs === 0 ? 0 : 1);
  put("rinv", rs === 0 ? 0 : invSmall(rs));
  put("arLo", ar & 0xffff);
  put("arHi", ar >>> 16);
  put("abLo", ab & 0xffff);
  put("abHi", ab >>> 16);
  if (signed) {
    ctx.lookups.range16(2 * (a >>> 16) - 65536 * sa);
    ctx.lookups.range16(2 * (b >>> 16) - 65536 * sb);
    ctx.lookups.range16(2 * (r >>> 16) - 65536 * sr);
  }
  ctx.lookups.range16(r & 0xffff);
  ctx.lookups.range16(r >>> 16);
  return op === AluOp.DIV || op === AluOp.DIVU ? q : r;
}
