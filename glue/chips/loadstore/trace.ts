/** The rows of the load/store table: one per load or store the CPU hands off. */
import { LsOp } from "../buses.js";
import type { TraceContext } from "../context.js";
import type { Lookups } from "../table.js";
import { CODES, FLAGS, lsCols } from "./columns.js";
import { ADDR_HI_END, type TextRange } from "./constants.js";

/** The byte address of a load/store: rs1 + imm mod 2^32. */
export function lsAddress(rs1: number, imm: number): number {
  return (rs1 + imm) >>> 0;
}

/**
 * Appends the row of a load or store at rs1 + imm on the memory word `old`; returns
 * [new word, rd value].
 */
export function emitLoadStore(
  ctx: TraceContext,
  op: number,
  rs1: number,
  imm: number,
  old: number,
  rs2: number,
  text: TextRange,
): [number, number] {
  const flag = CODES.indexOf(op as never);
  if (flag < 0) throw new Error(`load/store chip: op ${op} is unknown`);
  const t = ctx.table("rv.loadstore", lsCols.width);
  const o = t.row();
  const v = t.values;
  const addr = lsAddress(rs1, imm);
  const I = lsCols.index;
  const k0 = (rs1 & 0xffff) + (imm & 0xffff) >= 65536 ? 1 : 0;
  v[o + I.rs1Lo] = rs1 & 0xffff;
  v[o + I.rs1Hi] = rs1 >>> 16;
  v[o + I.immLo] = imm & 0xffff;
  v[o + I.immHi] = imm >>> 16;
  v[o + I.k0] = k0;
  v[o + I.k1] = (rs1 >>> 16) + (imm >>> 16) + k0 >= 65536 ? 1 : 0;
  const L = ctx.lookups;
  const w = addr >>> 2;
  if (w < 1024 || w >= ADDR_HI_END << 14)
    throw new Error(`load/store chip: address 0x${addr.toString(16)} is outside guest memory`);
  if (op >= LsOp.SB) storeTextCells(L, v, o, w, addr, text);
  const off = addr & 3;
  const ob = [old & 255, (old >>> 8) & 255, (old >>> 16) & 255, old >>> 24];
  const { nw, rd, sbyte, s } = access(op, old, ob, off, rs2);
  v[o + I[FLAGS[flag]]] = 1;
  const q = (addr & 0xffff) >>> 2;
  const hi = addr >>> 16;
  const g = w - 1024;
  v[o + I.addrLo] = addr & 0xffff;
  v[o + I.addrHi] = hi;
  v[o + I.q] = q;
  v[o + I.gLo] = g & 0xffff;
  v[o + I.gHi] = g >>> 16;
  v[o + I.e + off] = 1;
  for (let k = 0; k < 4; k++) v[o + I.ob + k] = ob[k];
  v[o + I.rs2Lo] = rs2 & 0xffff;
  v[o + I.rs2Hi] = rs2 >>> 16;
  v[o + I.r0] = rs2 & 255;
  v[o + I.r1] = (rs2 >>> 8) & 255;
  v[o + I.rdLo] = rd & 0xffff;
  v[o + I.rdHi] = rd >>> 16;
  v[o + I.newLo] = nw & 0xffff;
  v[o + I.newHi] = nw >>> 16;
  v[o + I.sbyte] = sbyte;
  v[o + I.s] = s;
  L.range14(q);
  L.range16(hi + 65536 - ADDR_HI_END);
  L.range16(g & 0xffff);
  L.range14(g >>> 16);
  L.bytes(ob[0], ob[1]);
  L.bytes(ob[2], ob[3]);
  L.bytes(rs2 & 255, (rs2 >>> 8) & 255);
  L.range16(512 * (sbyte - 128 * s));
  return [nw, rd];
}

/** A store's distance from the program text (above, xLo, xHi); stores never land there. */
function storeTextCells(
  L: Lookups,
  v: Uint32Array,
  o: number,
  w: number,
  addr: number,
  text: TextRange,
): void {
  const I = lsCols.index;
  if (w >= text.lo && w < text.hi) {
    throw new Error(`load/store chip: store into the program text at 0x${addr.toString(16)}`);
  }
  const above = w >= text.hi ? 1 : 0;
  const x = above ? w - text.hi : text.lo - 1 - w;
  v[o + I.above] = above;
  v[o + I.xLo] = x & 0xffff;
  v[o + I.xHi] = x >>> 16;
  L.range16(x & 0xffff);
  L.range14(x >>> 16);
}

/**
 * What access `op` does at byte offset `off` of word `old` (bytes `ob`): the word after, rd, and
 * for signed loads the byte holding the sign and the sign bit.
 */
function access(
  op: number,
  old: number,
  ob: readonly number[],
  off: number,
  rs2: number,
): { nw: number; rd: number; sbyte: number; s: number } {
  let nw = old >>> 0;
  let rd = 0;
  let sbyte = 0;
  let s = 0;
  switch (op) {
    case LsOp.LW:
      rd = old >>> 0;
      break;
    case LsOp.LBU:
      rd = ob[off];
      break;
    case LsOp.LB:
      sbyte = ob[off];
      s = sbyte >>> 7;
      rd = ((sbyte << 24) >> 24) >>> 0;
      break;
    case LsOp.LHU:
      rd = ob[off] | (ob[off + 1] << 8);
      break;
    case LsOp.LH:
      sbyte = ob[off + 1];
      s = sbyte >>> 7;
      rd = (((ob[off] | (sbyte << 8)) << 16) >> 16) >>> 0;
      break;
    case LsOp.SW:
      nw = rs2 >>> 0;
      break;
    case LsOp.SH: {
      const sh = 8 * off;
      nw = ((old & ~(0xffff << sh)) | ((rs2 & 0xffff) << sh)) >>> 0;
      break;
    }
    case LsOp.SB: {
      const sh = 8 * off;
      nw = ((old & ~(0xff << sh)) | ((rs2 & 0xff) << sh)) >>> 0;
      break;
    }
  }
  return { nw, rd, sbyte, s };
}
