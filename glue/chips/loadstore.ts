/**
 * Load/store chip: LB, LH, LW, LBU, LHU, SB, SH, SW. The CPU has accessed the memory word; this
 * chip computes the byte address rs1 + imm (limbs with carries) and checks how the word, the
 * address's low bits, rs2 and rd relate.
 *
 * Columns: one flag per op; addr lo/hi (the byte address), q and e[4] (lo = 4q + offset, offset
 * one-hot in e), ob[4] (old word's bytes), rs2 lo/hi with r0, r1 (its low bytes), rd lo/hi,
 * new lo/hi (the word after the access), sbyte (the byte holding a signed load's sign), s.
 * - the memory-bus address is 32 + q + 2^14·addr_hi with q, addr_hi < 2^14 (u14): byte addresses
 *   below 2^30, never wrapping the field, never aliasing a register;
 * - the word index is at least 1024 (guest memory starts at 0x1000);
 * - lw/sw need offset 0, lh/lhu/sh offset 0 or 2 (misaligned accesses have no proof);
 * - loads: new = old, rd = the selected byte/half/word, sign- or zero-extended;
 * - stores: new = old with the selected byte/half/word replaced by rs2's low bytes.
 * Receives LS [op, addr, maddr, old, new, rs2, rd].
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import type { Expr } from "../../core/air/expr.js";
import { layout } from "../../core/air/layout.js";
import { LS_BUS, LsOp, PAIR_BUS, U14_BUS, U16_BUS } from "./buses.js";
import type { TraceContext } from "./context.js";

const FLAGS = ["isLb", "isLh", "isLw", "isLbu", "isLhu", "isSb", "isSh", "isSw"] as const;
const CODES = [LsOp.LB, LsOp.LH, LsOp.LW, LsOp.LBU, LsOp.LHU, LsOp.SB, LsOp.SH, LsOp.SW];

export const lsCols = layout([
  ...FLAGS,
  "addrLo",
  "addrHi",
  "q",
  ["e", 4],
  ["ob", 4],
  "rs2Lo",
  "rs2Hi",
  "r0",
  "r1",
  "rdLo",
  "rdHi",
  "newLo",
  "newHi",
  "sbyte",
  "s",
  "gLo",
  "gHi",
  "rs1Lo",
  "rs1Hi",
  "immLo",
  "immHi",
  "k0",
  "k1",
  "above",
  "xLo",
  "xHi",
] as const);

/** The program's text (code) as a range [lo, hi) of word indices; stores there have no proof. */
export interface TextRange {
  lo: number;
  hi: number;
}

/** The load/store AIR of a program whose text spans `text` (constants of the AIR). */
export const lsAir = (text: TextRange) =>
  defineAir({
    name: "rv.loadstore",
    mainColumns: lsCols,
    eval(b) {
      const l = b.local;
      for (const f of FLAGS) b.assertBool(`${f} bool`, l[f]);
      const sum = (xs: readonly Expr[]) => xs.reduce((x, y) => x.add(y));
      const real = sum(FLAGS.map((f) => l[f]));
      b.assertBool("one op per row", real);
      for (let k = 0; k < 4; k++) b.assertBool(`e${k} bool`, l.e[k]);
      b.assertEq("one offset per row", sum(l.e), real);
      const [e0, e1, e2, e3] = l.e;
      const [o0, o1, o2, o3] = l.ob;
      // The byte address is rs1 + imm mod 2^32 (carries k0, k1; addr limbs are range-checked below).
      b.assertBool("k0 bool", l.k0);
      b.assertBool("k1 bool", l.k1);
      b.assertZero(
        "address lo = rs1 + imm",
        l.addrLo.add(l.k0.mul(65536)).sub(l.rs1Lo).sub(l.immLo),
      );
      b.assertZero(
        "address hi = rs1 + imm",
        l.addrHi.add(l.k1.mul(65536)).sub(l.rs1Hi).sub(l.immHi).sub(l.k0),
      );
      b.assertEq(
        "addr_lo = 4q + offset",
        l.addrLo,
        l.q.mul(4).add(e1).add(e2.mul(2)).add(e3.mul(3)),
      );
      b.assertZero("lw/sw aligned", l.isLw.add(l.isSw).mul(e0.neg().add(1)));
      b.assertZero("lh/lhu/sh aligned", l.isLh.add(l.isLhu).add(l.isSh).mul(e1.add(e3)));
      const oldLo = o0.add(o1.mul(256));
      const oldHi = o2.add(o3.mul(256));
      b.assertEq("rs2 low bytes", l.rs2Lo, l.r0.add(l.r1.mul(256)));
      const bv = e0.mul(o0).add(e1.mul(o1)).add(e2.mul(o2)).add(e3.mul(o3));
      const hv = e0.mul(oldLo).add(e2.mul(oldHi));
      b.assertEq("sign byte", l.sbyte, l.isLb.mul(bv).add(l.isLh.mul(e0.mul(o1).add(e2.mul(o3)))));
      b.assertBool("s bool", l.s);
      b.assertZero("s only for signed loads", l.s.mul(l.isLb.add(l.isLh).sub(1)));
      b.assertZero("lw lo", l.isLw.mul(l.rdLo.sub(oldLo)));
      b.assertZero("lw hi", l.isLw.mul(l.rdHi.sub(oldHi)));
      b.assertZero("lbu lo", l.isLbu.mul(l.rdLo.sub(bv)));
      b.assertZero("lbu hi", l.isLbu.mul(l.rdHi));
      b.assertZero("lb lo", l.isLb.mul(l.rdLo.sub(bv).sub(l.s.mul(0xff00))));
      b.assertZero("lb hi", l.isLb.mul(l.rdHi.sub(l.s.mul(0xffff))));
      b.assertZero("lhu lo", l.isLhu.mul(l.rdLo.sub(hv)));
      b.assertZero("lhu hi", l.isLhu.mul(l.rdHi));
      b.assertZero("lh lo", l.isLh.mul(l.rdLo.sub(hv)));
      b.assertZero("lh hi", l.isLh.mul(l.rdHi.sub(l.s.mul(0xffff))));
      const isLoad = sum([l.isLb, l.isLh, l.isLw, l.isLbu, l.isLhu]);
      b.assertZero("load keeps lo", isLoad.mul(l.newLo.sub(oldLo)));
      b.assertZero("load keeps hi", isLoad.mul(l.newHi.sub(oldHi)));
      b.assertZero("sw lo", l.isSw.mul(l.newLo.sub(l.rs2Lo)));
      b.assertZero("sw hi", l.isSw.mul(l.newHi.sub(l.rs2Hi)));
      b.assertZero("sh lo", l.isSh.mul(l.newLo.sub(e0.mul(l.rs2Lo)).sub(e2.mul(oldLo))));
      b.assertZero("sh hi", l.isSh.mul(l.newHi.sub(e0.mul(oldHi)).sub(e2.mul(l.rs2Lo))));
      const dLo = e0.mul(l.r0.sub(o0)).add(e1.mul(l.r0.sub(o1)).mul(256));
      const dHi = e2.mul(l.r0.sub(o2)).add(e3.mul(l.r0.sub(o3)).mul(256));
      b.assertZero("sb lo", l.isSb.mul(l.newLo.sub(oldLo).sub(dLo)));
      b.assertZero("sb hi", l.isSb.mul(l.newHi.sub(oldHi).sub(dHi)));
      b.send(U14_BUS, [l.q], real);
      b.send(U14_BUS, [l.addrHi], real);
      // Guest memory starts at 0x1000: word index − 1024 = gLo + 2^14·gHi ≥ 0.
      b.assertZero(
        "address ≥ 0x1000",
        real.mul(l.q.add(l.addrHi.mul(16384)).sub(1024).sub(l.gLo).sub(l.gHi.mul(16384))),
      );
      b.send(U14_BUS, [l.gLo], real);
      b.send(U14_BUS, [l.gHi], real);
      // Stores never write the program's text: w < text.lo or w ≥ text.hi, as
      // x = above ? w − text.hi : text.lo − 1 − w with x = xLo + 2^14·xHi < 2^28 (no wrap).
      const isStore = l.isSb.add(l.isSh).add(l.isSw);
      const w = l.q.add(l.addrHi.mul(16384));
      b.assertBool("above bool", l.above);
      const x = l.above.mul(w.sub(text.hi)).add(
        l.above
          .neg()
          .add(1)
          .mul(w.neg().add(text.lo - 1)),
      );
      b.assertZero("stores stay out of the text", isStore.mul(l.xLo.add(l.xHi.mul(16384)).sub(x)));
      b.send(U14_BUS, [l.xLo], isStore);
      b.send(U14_BUS, [l.xHi], isStore);
      b.send(PAIR_BUS, [o0, o1], real);
      b.send(PAIR_BUS, [o2, o3], real);
      b.send(PAIR_BUS, [l.r0, l.r1], real);
      b.send(U16_BUS, [l.sbyte.sub(l.s.mul(128)).mul(512)], real);
      const op = sum(FLAGS.map((f, i) => l[f].mul(CODES[i])));
      const maddr = l.q.add(l.addrHi.mul(16384)).add(32);
      b.receive(
        LS_BUS,
        [
          op,
          l.rs1Lo,
          l.rs1Hi,
          l.immLo,
          l.immHi,
          maddr,
          oldLo,
          oldHi,
          l.newLo,
          l.newHi,
          l.rs2Lo,
          l.rs2Hi,
          l.rdLo,
          l.rdHi,
        ],
        real,
      );
    },
  });

const cache = new Map<string, ReturnType<typeof compileAir>>();
/** The compiled load/store AIR for a program's text range. */
export function lsChip(text: TextRange): ReturnType<typeof compileAir> {
  const key = `${text.lo}:${text.hi}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = compileAir(lsAir(text));
    cache.set(key, c);
  }
  return c;
}

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
  if (op >= LsOp.SB) {
    const w = addr >>> 2;
    if (w >= text.lo && w < text.hi) {
      throw new Error(`load/store chip: store into the program text at 0x${addr.toString(16)}`);
    }
    const above = w >= text.hi ? 1 : 0;
    const x = above ? w - text.hi : text.lo - 1 - w;
    v[o + I.above] = above;
    v[o + I.xLo] = x & 16383;
    v[o + I.xHi] = x >>> 14;
    ctx.lookups.range14(x & 16383);
    ctx.lookups.range14(x >>> 14);
  }
  const off = addr & 3;
  const ob = [old & 255, (old >>> 8) & 255, (old >>> 16) & 255, old >>> 24];
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
  v[o + flag] = 1;
  const q = (addr & 0xffff) >>> 2;
  const row = [addr & 0xffff, addr >>> 16, q];
  for (let i = 0; i < 3; i++) v[o + 8 + i] = row[i];
  v[o + 11 + off] = 1;
  for (let k = 0; k < 4; k++) v[o + 15 + k] = ob[k];
  const tail = [
    rs2 & 0xffff,
    rs2 >>> 16,
    rs2 & 255,
    (rs2 >>> 8) & 255,
    rd & 0xffff,
    rd >>> 16,
    nw & 0xffff,
    nw >>> 16,
    sbyte,
    s,
  ];
  for (let i = 0; i < tail.length; i++) v[o + 19 + i] = tail[i];
  const L = ctx.lookups;
  L.range14(q);
  L.range14(addr >>> 16);
  const g = q + 16384 * (addr >>> 16) - 1024;
  if (g < 0)
    throw new Error(`load/store chip: address 0x${addr.toString(16)} is below guest memory`);
  v[o + 29] = g & 16383;
  v[o + 30] = g >>> 14;
  L.range14(g & 16383);
  L.range14(g >>> 14);
  L.bytes(ob[0], ob[1]);
  L.bytes(ob[2], ob[3]);
  L.bytes(rs2 & 255, (rs2 >>> 8) & 255);
  L.range16(512 * (sbyte - 128 * s));
  return [nw, rd];
}
