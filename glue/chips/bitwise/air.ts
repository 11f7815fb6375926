/**
 * AND / OR / XOR chip. One row per operation; a, b, c as four bytes each.
 *
 * Columns: isAnd, isOr, isXor, a[4], b[4], c[4]. For each byte k it looks up
 * BITWISE [op, a_k, b_k, c_k] in the byte table, which both range-checks the bytes and proves
 * c_k = a_k op b_k. Receives ALU [op, a, b, c] (limbs rebuilt from the bytes) with multiplicity
 * isAnd + isOr + isXor.
 */
import { defineAir } from "../../../core/air/compile.js";
import { ALU_BUS, AluOp, BITWISE_BUS } from "../buses.js";
import { bitwiseCols } from "./columns.js";

export const bitwiseAir = defineAir({
  name: "rv.bitwise",
  mainColumns: bitwiseCols,
  eval(b) {
    const l = b.local;
    b.assertBool("isAnd bool", l.isAnd);
    b.assertBool("isOr bool", l.isOr);
    b.assertBool("isXor bool", l.isXor);
    const real = l.isAnd.add(l.isOr).add(l.isXor);
    b.assertBool("one op per row", real);
    const op = l.isAnd.mul(AluOp.AND).add(l.isOr.mul(AluOp.OR)).add(l.isXor.mul(AluOp.XOR));
    for (let k = 0; k < 4; k++) b.send(BITWISE_BUS, [op, l.a[k], l.b[k], l.c[k]], real);
    const limb = (x: readonly (typeof l.isAnd)[], i: number) => x[i].add(x[i + 1].mul(256));
    b.receive(
      ALU_BUS,
      [op, limb(l.a, 0), limb(l.a, 2), limb(l.b, 0), limb(l.b, 2), limb(l.c, 0), limb(l.c, 2)],
      real,
    );
  },
});
