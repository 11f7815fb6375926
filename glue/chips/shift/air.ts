/**
 * Shift chip: SLL, SRL, SRA on bytes, in one row (no multiplication).
 *
 * The shift amount s = b_lo mod 32 (b_lo = 32·y + s, y u16-checked) is split as s = r + 8·q with
 * r's three bits rb and q one-hot (qs). pw = 2^r for SLL and 2^(8−r) for right shifts (built from
 * the bits through two materialized factors P1, P2). Each byte of a times pw splits as
 * lo_k + 256·hi_k (both bytes, pair-checked, so the split is unique):
 *   SLL: the bytes of a << r are t_k = lo_k + hi_(k−1); c_j = t_(j−q).
 *   SRL/SRA: the bytes of a >> r are t_k = hi_k + lo_(k+1), with the byte above a being the sign
 *   fill 255·sa (lo_4 = sa·(256 − pw)); c_j = t_(j+q), bytes beyond a being 255·sa.
 * No t_k carries: the two parts of a byte occupy disjoint bits. sa is a's sign bit for SRA
 * (512·(a_3 − 128·sa) ∈ u16), 0 otherwise. Receives ALU [op, a, b, c].
 */
import { defineAir } from "../../../core/air/compile.js";
import type { Expr } from "../../../core/air/expr.js";
import { ALU_BUS, AluOp, PAIR_BUS, U16_BUS } from "../buses.js";
import { shiftCols } from "./columns.js";

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
    l.rb.forEach((x, i) => b.assertBool(`rb${i} bool`, x));
    l.qs.forEach((x, i) => b.assertBool(`qs${i} bool`, x));
    b.assertEq("one byte shift per row", l.qs[0].add(l.qs[1]).add(l.qs[2]).add(l.qs[3]), real);
    const [r0, r1, r2] = l.rb;
    const r = r0.add(r1.mul(2)).add(r2.mul(4));
    const q = l.qs[1].add(l.qs[2].mul(2)).add(l.qs[3].mul(3));
    b.assertZero("b_lo = 32·y + r + 8·q", l.bLo.sub(l.y.mul(32)).sub(r).sub(q.mul(8)));
    b.send(U16_BUS, [l.y], real);
    // pw = 2^r (SLL) or 2^(8 − r) (right shifts).
    b.assertEq("p1 = (1 + r0)(1 + 3·r1)", l.p1, real.mul(r0.add(1)).mul(r1.mul(3).add(1)));
    b.assertEq("p2 = (2 − r0)(4 − 3·r1)", l.p2, real.mul(r0.neg().add(2)).mul(r1.mul(-3).add(4)));
    b.assertEq(
      "pw",
      l.pw,
      l.isSll
        .mul(l.p1)
        .mul(r2.mul(15).add(1))
        .add(right.mul(l.p2).mul(r2.mul(-15).add(16)).mul(2)),
    );
    for (let k = 0; k < 4; k++) {
      b.assertZero(`byte ${k} · pw splits`, l.a[k].mul(l.pw).sub(l.lo[k]).sub(l.hi[k].mul(256)));
      b.send(PAIR_BUS, [l.lo[k], l.hi[k]], real);
    }
    b.send(PAIR_BUS, [l.a[0], l.a[1]], real);
    b.send(PAIR_BUS, [l.a[2], l.a[3]], real);
    b.assertBool("sa bool", l.sa);
    b.assertZero("sa only for SRA", l.sa.mul(l.isSra.neg().add(1)));
    b.send(U16_BUS, [l.a[3].sub(l.sa.mul(128)).mul(512)], l.isSra);
    b.assertEq("sign fill below the top byte", l.fill, l.sa.mul(l.pw.neg().add(256)));
    const left = (k: number): Expr =>
      k < 0 ? l.sa.mul(0) : k === 0 ? l.lo[0] : l.lo[k].add(l.hi[k - 1]);
    const rightT = (k: number): Expr =>
      k >= 4 ? l.sa.mul(255) : k === 3 ? l.hi[3].add(l.fill) : l.hi[k].add(l.lo[k + 1]);
    const cByte = (j: number): Expr => {
      let sl: Expr = l.sa.mul(0);
      let sr: Expr = l.sa.mul(0);
      for (let i = 0; i < 4; i++) {
        if (j - i >= 0) sl = sl.add(l.qs[i].mul(left(j - i)));
        sr = sr.add(l.qs[i].mul(rightT(j + i)));
      }
      return l.isSll.mul(sl).add(right.mul(sr));
    };
    b.assertEq("c lo", l.cLo, cByte(0).add(cByte(1).mul(256)));
    b.assertEq("c hi", l.cHi, cByte(2).add(cByte(3).mul(256)));
    const op = l.isSll.mul(AluOp.SLL).add(l.isSrl.mul(AluOp.SRL)).add(l.isSra.mul(AluOp.SRA));
    const aLo = l.a[0].add(l.a[1].mul(256));
    const aHi = l.a[2].add(l.a[3].mul(256));
    b.receive(ALU_BUS, [op, aLo, aHi, l.bLo, l.bHi, l.cLo, l.cHi], real);
  },
});
