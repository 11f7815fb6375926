/**
 * Shift chip: SLL, SRL, SRA, proven by handing a multiplication to the mul chip.
 *
 *   SLL a, s   = MUL(a, 2^s)                 (low word)
 *   SRL a, s   = MULHU(a, 2^(32−s))          s ≠ 0
 *   SRA a, s   = MULHSU(a, 2^(32−s))         s ≠ 0 (floor of a signed a / 2^s)
 *   SRL/SRA a, 0 = a                          (z = 1, no multiplication)
 * Columns: flags, a, b, c (limbs), e[5] (bits of the exponent e: s for SLL, 32 − s for right
 * shifts), y (= (b_lo − s)/32, u16-checked, which pins s = b_lo mod 32), z, einv (z = 1 ⇔ e = 0),
 * t01, t (t = 2^(e mod 16) built from the bits).
 * The power 2^e as limbs is ((1 − e4)·t, e4·t). Sends ALU [mulOp, a, 2^e, c] with multiplicity
 * SLL + (SRL + SRA)·(1 − z); receives ALU [op, a, b, c].
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { inv } from "../../core/field/babybear.js";
import { layout } from "../../core/air/layout.js";
import { ALU_BUS, AluOp, U16_BUS } from "./buses.js";
import type { AluEmitter, TraceContext } from "./context.js";

export const shiftCols = layout([
  "isSll",
  "isSrl",
  "isSra",
  "aLo",
  "aHi",
  "bLo",
  "bHi",
  "cLo",
  "cHi",
  ["e", 5],
  "y",
  "z",
  "einv",
  "t01",
  "t",
] as const);

export const shiftAir = defineAir({
  name: "rv.shift",
  mainColumns: shiftCols,
  eval(b) {
    const l = b.local;
    b.assertBool("isSll bool", l.isSll);
    b.assertBool("isSrl bool", l.isSrl);
    b.assertBool("isSra bool", l.isSra);
    const right = l.isSrl.add(l.isSra);
    const real = right.add(l.isSll);
    b.assertBool("one op per row", real);
    for (let i = 0; i < 5; i++) b.assertBool(`e${i} bool`, l.e[i]);
    b.assertBool("z bool", l.z);
    const e = l.e[0].add(l.e[1].mul(2)).add(l.e[2].mul(4)).add(l.e[3].mul(8)).add(l.e[4].mul(16));
    b.assertZero("z ⇒ e = 0", l.z.mul(e));
    b.assertZero("e = 0 ⇒ z", e.mul(l.einv).sub(real.sub(l.z)));
    // s = e (SLL) or 32 − e (right shifts with e ≠ 0) or 0 (right shifts with z).
    const s = l.isSll.mul(e).add(right.mul(l.z.neg().add(1)).mul(e.neg().add(32)));
    b.assertZero("b_lo = 32·y + s", l.bLo.sub(l.y.mul(32)).sub(s));
    b.send(U16_BUS, [l.y], real);
    b.assertEq("t01", l.t01, real.mul(l.e[0].add(1)).mul(l.e[1].mul(3).add(1)));
    b.assertEq("t", l.t, l.t01.mul(l.e[2].mul(15).add(1)).mul(l.e[3].mul(255).add(1)));
    const identity = right.mul(l.z);
    b.assertZero("shift by 0: c_lo = a_lo", identity.mul(l.cLo.sub(l.aLo)));
    b.assertZero("shift by 0: c_hi = a_hi", identity.mul(l.cHi.sub(l.aHi)));
    const mulOp = l.isSll
      .mul(AluOp.MUL)
      .add(l.isSrl.mul(AluOp.MULHU))
      .add(l.isSra.mul(AluOp.MULHSU));
    const pLo = l.e[4].neg().add(1).mul(l.t);
    const pHi = l.e[4].mul(l.t);
    b.send(ALU_BUS, [mulOp, l.aLo, l.aHi, pLo, pHi, l.cLo, l.cHi], real.sub(identity));
    const op = l.isSll.mul(AluOp.SLL).add(l.isSrl.mul(AluOp.SRL)).add(l.isSra.mul(AluOp.SRA));
    b.receive(ALU_BUS, [op, l.aLo, l.aHi, l.bLo, l.bHi, l.cLo, l.cHi], real);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
export function shiftChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(shiftAir));
}

/** Appends the row of a shift (and its multiplication via `mul`); returns the result. */
export function emitShift(
  ctx: TraceContext,
  op: number,
  a: number,
  b: number,
  mul: AluEmitter,
): number {
  const t = ctx.table("rv.shift", shiftCols.width);
  const o = t.row();
  const v = t.values;
  const s = b & 31;
  const sll = op === AluOp.SLL;
  const e = sll ? s : s === 0 ? 0 : 32 - s;
  const z = e === 0 ? 1 : 0;
  v[o] = sll ? 1 : 0;
  v[o + 1] = op === AluOp.SRL ? 1 : 0;
  v[o + 2] = op === AluOp.SRA ? 1 : 0;
  let c: number;
  if (!sll && z) {
    c = a >>> 0;
  } else {
    const pow = 2 ** e;
    c = mul(ctx, sll ? AluOp.MUL : op === AluOp.SRL ? AluOp.MULHU : AluOp.MULHSU, a, pow >>> 0);
  }
  v[o + 3] = a & 0xffff;
  v[o + 4] = a >>> 16;
  v[o + 5] = b & 0xffff;
  v[o + 6] = b >>> 16;
  v[o + 7] = c & 0xffff;
  v[o + 8] = c >>> 16;
  for (let i = 0; i < 5; i++) v[o + 9 + i] = (e >>> i) & 1;
  const y = ((b & 0xffff) - s) / 32;
  v[o + 14] = y;
  v[o + 15] = z;
  v[o + 16] = e === 0 ? 0 : inv(e);
  v[o + 17] = (1 + (e & 1)) * (1 + 3 * ((e >>> 1) & 1));
  v[o + 18] = 2 ** (e & 15);
  ctx.lookups.range16(y);
  return c;
}
