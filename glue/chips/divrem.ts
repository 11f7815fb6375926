/**
 * Unsigned division chip: DIVU, REMU, with the RISC-V corner case b = 0 (q = 2^32 − 1, r = a).
 *
 * Columns: isDivu, isRemu, a, b, q, r, p (limbs; p = low word of q·b), c0 (carry), bz, binv.
 *   bz = 1 ⇔ b = 0:  bz·b_lo = bz·b_hi = 0, (b_lo + b_hi)·binv = 1 − bz
 *   b = 0:  q = 0xffffffff, r = a
 *   b ≠ 0:  sends MUL(q, b) = p and MULHU(q, b) = 0 (so q·b = p < 2^32, no overflow),
 *           p + r = a limb by limb with no carry out, sends LTU(r, b) = 1 (r < b).
 * r's limbs are u16-checked here; q's are checked by the mul chip's byte decomposition.
 * Receives ALU [op, a, b, q or r].
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { inv } from "../../core/field/babybear.js";
import { layout } from "../../core/air/layout.js";
import { ALU_BUS, AluOp, U16_BUS } from "./buses.js";
import type { AluEmitter, TraceContext } from "./context.js";

export const divCols = layout([
  "isDivu", "isRemu", "aLo", "aHi", "bLo", "bHi", "qLo", "qHi", "rLo", "rHi", "pLo", "pHi",
  "c0", "bz", "binv",
] as const);

export const divAir = defineAir({
  name: "rv.divrem",
  mainColumns: divCols,
  eval(b) {
    const l = b.local;
    b.assertBool("isDivu bool", l.isDivu);
    b.assertBool("isRemu bool", l.isRemu);
    const real = l.isDivu.add(l.isRemu);
    b.assertBool("one op per row", real);
    b.assertBool("bz bool", l.bz);
    b.assertZero("bz only on real rows", l.bz.mul(real.neg().add(1)));
    b.assertBool("c0 bool", l.c0);
    b.assertZero("bz ⇒ b_lo = 0", l.bz.mul(l.bLo));
    b.assertZero("bz ⇒ b_hi = 0", l.bz.mul(l.bHi));
    b.assertZero("b ≠ 0 ⇒ ¬bz", l.bLo.add(l.bHi).mul(l.binv).sub(real.sub(l.bz)));
    b.assertZero("b = 0: q_lo", l.bz.mul(l.qLo.sub(0xffff)));
    b.assertZero("b = 0: q_hi", l.bz.mul(l.qHi.sub(0xffff)));
    b.assertZero("b = 0: r_lo = a_lo", l.bz.mul(l.rLo.sub(l.aLo)));
    b.assertZero("b = 0: r_hi = a_hi", l.bz.mul(l.rHi.sub(l.aHi)));
    const nz = real.sub(l.bz);
    b.assertZero("p + r = a (lo)", nz.mul(l.pLo.add(l.rLo).sub(l.aLo).sub(l.c0.mul(65536))));
    b.assertZero("p + r = a (hi)", nz.mul(l.pHi.add(l.rHi).add(l.c0).sub(l.aHi)));
    b.send(ALU_BUS, [AluOp.MUL, l.qLo, l.qHi, l.bLo, l.bHi, l.pLo, l.pHi], nz);
    b.send(ALU_BUS, [AluOp.MULHU, l.qLo, l.qHi, l.bLo, l.bHi, 0, 0], nz);
    b.send(ALU_BUS, [AluOp.LTU, l.rLo, l.rHi, l.bLo, l.bHi, 1, 0], nz);
    b.send(U16_BUS, [l.rLo], real);
    b.send(U16_BUS, [l.rHi], real);
    const op = l.isDivu.mul(AluOp.DIVU).add(l.isRemu.mul(AluOp.REMU));
    const cLo = l.isDivu.mul(l.qLo).add(l.isRemu.mul(l.rLo));
    const cHi = l.isDivu.mul(l.qHi).add(l.isRemu.mul(l.rHi));
    b.receive(ALU_BUS, [op, l.aLo, l.aHi, l.bLo, l.bHi, cLo, cHi], real);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
export function divChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(divAir));
}

/** Appends the row of DIVU/REMU (and its helper operations); returns the result. */
export function emitDiv(
  ctx: TraceContext,
  op: number,
  a: number,
  b: number,
  mul: AluEmitter,
  compare: AluEmitter,
): number {
  const t = ctx.table("rv.divrem", divCols.width);
  const o = t.row();
  const v = t.values;
  a >>>= 0;
  b >>>= 0;
  const q = b === 0 ? 0xffffffff : Math.floor(a / b);
  const r = b === 0 ? a : a - q * b;
  const p = b === 0 ? 0 : q * b;
  if (b !== 0) {
    mul(ctx, AluOp.MUL, q, b);
    mul(ctx, AluOp.MULHU, q, b);
    compare(ctx, AluOp.LTU, r, b);
  }
  const row = [
    op === AluOp.DIVU ? 1 : 0, op === AluOp.REMU ? 1 : 0,
    a & 0xffff, a >>> 16, b & 0xffff, b >>> 16, q & 0xffff, q >>> 16, r & 0xffff, r >>> 16,
    p & 0xffff, p >>> 16, (p & 0xffff) + (r & 0xffff) >= 65536 ? 1 : 0, b === 0 ? 1 : 0,
  ];
  for (let i = 0; i < row.length; i++) v[o + i] = row[i];
  const s = (b & 0xffff) + (b >>> 16);
  v[o + 14] = s === 0 ? 0 : inv(s);
  ctx.lookups.range16(r & 0xffff);
  ctx.lookups.range16(r >>> 16);
  return op === AluOp.DIVU ? q : r;
}
