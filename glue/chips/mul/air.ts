/**
 * Multiplication chip: MUL, MULH, MULHSU, MULHU (and the division chip's q·b).
 *
 * Columns: one flag per op, a[4], b[4] (bytes), r[8] (bytes of the 64-bit product), k[8]
 * (column carries), sa, sb (sign bits), fa, fb (sign-extension used: fa = sa·(MULH + MULHSU),
 * fb = sb·MULH), cLo, cHi.
 * With A_i = a_i (i < 4), 255·fa (i ≥ 4) and B likewise, the product of the sign-extended
 * operands mod 2^64 is checked column by column:
 *   Σ_{i+j=k} A_i·B_j + k_(k−1) = r_k + 256·k_k      k = 0..7
 * every term a small integer (each k_k < 2^11, u16-checked; bytes pair-checked), so these are
 * integer equations. c = low word (MUL) or high word (the others).
 * Sign bits: 512·(a_3 − 128·sa) ∈ u16 forces sa = top bit of a_3.
 * Receives ALU [op, a, b, c] with multiplicity Σ flags.
 */
import { defineAir } from "../../../core/air/compile.js";
import { type Expr } from "../../../core/air/expr.js";
import { ALU_BUS, PAIR_BUS, U16_BUS } from "../buses.js";
import { CODES, FLAGS, mulCols } from "./columns.js";

export const mulAir = defineAir({
  name: "rv.mul",
  mainColumns: mulCols,
  eval(b) {
    const l = b.local;
    for (const f of FLAGS) b.assertBool(`${f} bool`, l[f]);
    const real = FLAGS.map((f) => l[f]).reduce((x, y) => x.add(y));
    b.assertBool("one op per row", real);
    b.assertBool("sa bool", l.sa);
    b.assertBool("sb bool", l.sb);
    b.assertEq("fa", l.fa, l.sa.mul(l.isMulh.add(l.isMulhsu)));
    b.assertEq("fb", l.fb, l.sb.mul(l.isMulh));
    const A = (i: number): Expr => (i < 4 ? l.a[i] : l.fa.mul(255));
    const B = (i: number): Expr => (i < 4 ? l.b[i] : l.fb.mul(255));
    for (let k = 0; k < 8; k++) {
      let s: Expr = k > 0 ? l.k[k - 1] : l.fa.mul(0);
      for (let i = 0; i <= k; i++) s = s.add(A(i).mul(B(k - i)));
      b.assertZero(`product column ${k}`, s.sub(l.r[k]).sub(l.k[k].mul(256)));
    }
    const hi = real.sub(l.isMul);
    const half = (i: number) => l.r[i].add(l.r[i + 1].mul(256));
    b.assertZero("c lo", l.cLo.sub(l.isMul.mul(half(0))).sub(hi.mul(half(4))));
    b.assertZero("c hi", l.cHi.sub(l.isMul.mul(half(2))).sub(hi.mul(half(6))));
    for (let i = 0; i < 4; i += 2) {
      b.send(PAIR_BUS, [l.a[i], l.a[i + 1]], real);
      b.send(PAIR_BUS, [l.b[i], l.b[i + 1]], real);
    }
    for (let i = 0; i < 8; i += 2) b.send(PAIR_BUS, [l.r[i], l.r[i + 1]], real);
    for (let i = 0; i < 8; i++) b.send(U16_BUS, [l.k[i]], real);
    b.send(U16_BUS, [l.a[3].sub(l.sa.mul(128)).mul(512)], real);
    b.send(U16_BUS, [l.b[3].sub(l.sb.mul(128)).mul(512)], real);
    const op = FLAGS.map((f, i) => l[f].mul(CODES[i])).reduce((x, y) => x.add(y));
    b.receive(
      ALU_BUS,
      [op, half2(l.a, 0), half2(l.a, 2), half2(l.b, 0), half2(l.b, 2), l.cLo, l.cHi],
      real,
    );
  },
});

function half2(x: readonly Expr[], i: number): Expr {
  return x[i].add(x[i + 1].mul(256));
}
