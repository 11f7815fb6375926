/**
 * Division chip: DIV, DIVU, REM, REMU with the RISC-V corner cases (b = 0: q = −1, r = a;
 * signed overflow −2^31 / −1: q = −2^31, r = 0).
 *
 * Columns: op flags, a, b, q, r (limbs), p (low word of q·b), h (high word), c0..c3 (carries),
 * bz, binv (bz = 1 ⇔ b = 0), ov (the overflow case), sa, sb, sr (sign bits, 0 for unsigned ops),
 * rnz, rinv (r ≠ 0), ar, ab (|r|, |b|).
 * In the normal case (active = real − bz − ov):
 *   sends MUL(q, b) = p and MULH/MULHU(q, b) = h,
 *   (h, p) + sign-extended r = sign-extended a, limb by limb with carries (64-bit; no wrap is
 *   possible for 32-bit q, b, r),
 *   r ≠ 0 ⇒ sign(r) = sign(a), and sends LTU(|r|, |b|) = 1 with |x| = x or SUB(0, x) by sign.
 * Off the normal case (b = 0, overflow, padding) p, h and the carries are 0, binv is 0 unless
 * b ≠ 0 and rinv unless r ≠ 0: no cell is left for a prover to fill.
 * bz and ov pin q and r to the specified values (ov only for DIV/REM, only for a = −2^31, b = −1;
 * with ov = 0 that case has no solution, since 2^31 is not a 32-bit signed quotient).
 * Signs come from u16(2·x_hi − 2^16·s_x) (signed ops only). r's limbs are u16-checked; q's by the
 * mul chip's byte decomposition. Receives ALU [op, a, b, q or r].
 */
import { defineAir } from "../../../core/air/compile.js";
import type { Expr } from "../../../core/air/expr.js";
import { ALU_BUS, AluOp, U16_BUS } from "../buses.js";
import { CODES, divCols, FLAGS } from "./columns.js";

export const divAir = defineAir({
  name: "rv.divrem",
  mainColumns: divCols,
  eval(b) {
    const l = b.local;
    for (const f of FLAGS) b.assertBool(`${f} bool`, l[f]);
    const real = FLAGS.map((f) => l[f] as Expr).reduce((x, y) => x.add(y));
    b.assertBool("one op per row", real);
    const signed = l.isDiv.add(l.isRem);
    for (const c of ["bz", "ov", "sa", "sb", "sr"] as const) b.assertBool(`${c} bool`, l[c]);
    l.c.forEach((c, i) => b.assertBool(`c${i} bool`, c));
    const notSigned = signed.neg().add(1);
    b.assertZero("unsigned: sa = 0", notSigned.mul(l.sa));
    b.assertZero("unsigned: sb = 0", notSigned.mul(l.sb));
    b.assertZero("unsigned: sr = 0", notSigned.mul(l.sr));
    b.send(U16_BUS, [l.aHi.mul(2).sub(l.sa.mul(65536))], signed);
    b.send(U16_BUS, [l.bHi.mul(2).sub(l.sb.mul(65536))], signed);
    b.send(U16_BUS, [l.rHi.mul(2).sub(l.sr.mul(65536))], signed);
    b.send(U16_BUS, [l.rLo], real);
    b.send(U16_BUS, [l.rHi], real);

    // b = 0.
    b.assertZero("bz ⇒ b_lo = 0", l.bz.mul(l.bLo));
    b.assertZero("bz ⇒ b_hi = 0", l.bz.mul(l.bHi));
    b.assertZero("b ≠ 0 ⇒ ¬bz", l.bLo.add(l.bHi).mul(l.binv).sub(real.sub(l.bz)));
    b.assertZero("binv only when b ≠ 0", real.neg().add(1).add(l.bz).mul(l.binv));
    b.assertZero("b = 0: q_lo", l.bz.mul(l.qLo.sub(0xffff)));
    b.assertZero("b = 0: q_hi", l.bz.mul(l.qHi.sub(0xffff)));
    b.assertZero("b = 0: r_lo = a_lo", l.bz.mul(l.rLo.sub(l.aLo)));
    b.assertZero("b = 0: r_hi = a_hi", l.bz.mul(l.rHi.sub(l.aHi)));
    // −2^31 / −1.
    b.assertZero("ov only for signed ops", l.ov.mul(notSigned));
    const pins: [Expr, number][] = [
      [l.aLo, 0],
      [l.aHi, 0x8000],
      [l.bLo, 0xffff],
      [l.bHi, 0xffff],
      [l.qLo, 0],
      [l.qHi, 0x8000],
      [l.rLo, 0],
      [l.rHi, 0],
    ];
    pins.forEach(([x, v], i) => b.assertZero(`overflow pin ${i}`, l.ov.mul(x.sub(v))));

    // Normal case.
    const active = real.sub(l.bz).sub(l.ov);
    const hiOp = l.isDiv.add(l.isRem).mul(AluOp.MULH).add(l.isDivu.add(l.isRemu).mul(AluOp.MULHU));
    b.send(ALU_BUS, [AluOp.MUL, l.qLo, l.qHi, l.bLo, l.bHi, l.pLo, l.pHi], active);
    b.send(ALU_BUS, [hiOp, l.qLo, l.qHi, l.bLo, l.bHi, l.hLo, l.hHi], active);
    const [c0, c1, c2, c3] = l.c;
    const ext = (s: Expr) => s.mul(0xffff);
    b.assertZero(
      "q·b + r = a (limb 0)",
      active.mul(l.pLo.add(l.rLo).sub(l.aLo).sub(c0.mul(65536))),
    );
    b.assertZero(
      "q·b + r = a (limb 1)",
      active.mul(l.pHi.add(l.rHi).add(c0).sub(l.aHi).sub(c1.mul(65536))),
    );
    b.assertZero(
      "q·b + r = a (limb 2)",
      active.mul(l.hLo.add(ext(l.sr)).add(c1).sub(ext(l.sa)).sub(c2.mul(65536))),
    );
    b.assertZero(
      "q·b + r = a (limb 3)",
      active.mul(l.hHi.add(ext(l.sr)).add(c2).sub(ext(l.sa)).sub(c3.mul(65536))),
    );
    b.assertEq("rnz", l.rnz, l.rLo.add(l.rHi).mul(l.rinv));
    b.assertZero("r = 0 ⇒ ¬rnz", l.rLo.add(l.rHi).mul(l.rnz.neg().add(1)));
    b.assertZero("rinv only when r ≠ 0", l.rnz.neg().add(1).mul(l.rinv));
    // The normal case's witnesses are 0 on b = 0 and overflow rows (and padding).
    const inactive = active.neg().add(1);
    [l.pLo, l.pHi, l.hLo, l.hHi, ...l.c].forEach((x, i) =>
      b.assertZero(`product witness ${i} only in the normal case`, inactive.mul(x)),
    );
    b.assertZero("r takes a's sign", active.mul(l.rnz).mul(l.sr.sub(l.sa)));
    b.assertZero("|r| lo", l.sr.neg().add(1).mul(l.arLo.sub(l.rLo)));
    b.assertZero("|r| hi", l.sr.neg().add(1).mul(l.arHi.sub(l.rHi)));
    b.assertZero("|b| lo", l.sb.neg().add(1).mul(l.abLo.sub(l.bLo)));
    b.assertZero("|b| hi", l.sb.neg().add(1).mul(l.abHi.sub(l.bHi)));
    b.send(ALU_BUS, [AluOp.SUB, 0, 0, l.rLo, l.rHi, l.arLo, l.arHi], l.sr);
    b.send(ALU_BUS, [AluOp.SUB, 0, 0, l.bLo, l.bHi, l.abLo, l.abHi], l.sb);
    b.send(ALU_BUS, [AluOp.LTU, l.arLo, l.arHi, l.abLo, l.abHi, 1, 0], active);

    const op = FLAGS.map((f, i) => l[f].mul(CODES[i])).reduce((x, y) => x.add(y));
    const isQ = l.isDiv.add(l.isDivu);
    const isR = l.isRem.add(l.isRemu);
    const cLo = isQ.mul(l.qLo).add(isR.mul(l.rLo));
    const cHi = isQ.mul(l.qHi).add(isR.mul(l.rHi));
    b.receive(ALU_BUS, [op, l.aLo, l.aHi, l.bLo, l.bHi, cLo, cHi], real);
  },
});
