/**
 * Comparison chip: EQ, NE, LT, GE, LTU, GEU (branches, SLT/SLTU and the division chip's
 * remainder bound). Result is the word (bit, 0).
 *
 * Columns: one flag per op, a, b (limbs), d = a − b mod 2^32 (limbs, u16-checked), k0 (borrow
 * between limbs), borrow (a < b unsigned), sa, sb (sign bits), slt, eq, inv, res.
 *   b + d = a + 2^32·borrow              limb by limb: borrow is exactly a <u b
 *   eq·d_lo = eq·d_hi = 0, (d_lo + d_hi)·inv = 1 − eq      eq is exactly (a = b)
 *   (1 − real + eq)·inv = 0              inv is 0 where it is not read (a = b, padding)
 *   2·a_hi − 2^16·sa ∈ u16 (same for b)  sa is the top bit of a (given a_hi < 2^16)
 *   slt = borrow ⊕ sa ⊕ sb               signed a < b
 *   res = the flag-selected one of eq, 1 − eq, slt, 1 − slt, borrow, 1 − borrow
 * Receives ALU [op, a, b, res, 0].
 */
import { defineAir } from "../../../core/air/compile.js";
import { ALU_BUS, U16_BUS } from "../buses.js";
import { CODES, compareCols, FLAGS } from "./columns.js";

export const compareAir = defineAir({
  name: "rv.compare",
  mainColumns: compareCols,
  eval(b) {
    const l = b.local;
    for (const f of FLAGS) b.assertBool(`${f} bool`, l[f]);
    const real = FLAGS.map((f) => l[f]).reduce((x, y) => x.add(y));
    b.assertBool("one op per row", real);
    for (const c of ["k0", "borrow", "sa", "sb", "eq"] as const) b.assertBool(`${c} bool`, l[c]);
    b.assertZero("low limb", l.bLo.add(l.dLo).sub(l.aLo).sub(l.k0.mul(65536)));
    b.assertZero("high limb", l.bHi.add(l.dHi).add(l.k0).sub(l.aHi).sub(l.borrow.mul(65536)));
    b.assertZero("eq ⇒ d_lo = 0", l.eq.mul(l.dLo));
    b.assertZero("eq ⇒ d_hi = 0", l.eq.mul(l.dHi));
    b.assertZero("d ≠ 0 ⇒ ¬eq", l.dLo.add(l.dHi).mul(l.inv).sub(real.sub(l.eq)));
    // inv is read only when a ≠ b; elsewhere (a = b, padding) it is pinned to 0.
    b.assertZero("inv only when a ≠ b", real.neg().add(1).add(l.eq).mul(l.inv));
    const sx = l.sa.add(l.sb).sub(l.sa.mul(l.sb).mul(2));
    b.assertZero(
      "slt = borrow ⊕ sa ⊕ sb",
      l.slt.sub(l.borrow.add(sx).sub(l.borrow.mul(sx).mul(2))),
    );
    const notEq = l.eq.neg().add(1);
    const res = l.isEq
      .mul(l.eq)
      .add(l.isNe.mul(notEq))
      .add(l.isLt.mul(l.slt))
      .add(l.isGe.mul(l.slt.neg().add(1)))
      .add(l.isLtu.mul(l.borrow))
      .add(l.isGeu.mul(l.borrow.neg().add(1)));
    b.assertZero("result", l.res.sub(res));
    b.send(U16_BUS, [l.dLo], real);
    b.send(U16_BUS, [l.dHi], real);
    b.send(U16_BUS, [l.aHi.mul(2).sub(l.sa.mul(65536))], real);
    b.send(U16_BUS, [l.bHi.mul(2).sub(l.sb.mul(65536))], real);
    const op = FLAGS.map((f, i) => l[f].mul(CODES[i])).reduce((x, y) => x.add(y));
    b.receive(ALU_BUS, [op, l.aLo, l.aHi, l.bLo, l.bHi, l.res, 0], real);
  },
});
