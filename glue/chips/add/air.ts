/**
 * ADD / SUB chip. One row per operation; words as 16-bit limbs.
 *
 * Columns: isAdd, isSub (op flags; their sum is the row's multiplicity), a, b, c (lo, hi), k0, k1.
 * ADD checks a + b = c + 2^32·k1 limb by limb with carry k0; SUB checks the same equation with a
 * and c swapped (c + b = a + 2^32·k1), so c = a − b mod 2^32. c's limbs are range-checked (u16),
 * a and b arrive valid; every limb equation is thus an integer equation (no field wrap).
 * Receives ALU [op, a, b, c] with multiplicity isAdd + isSub.
 */
import { defineAir } from "../../../core/air/compile.js";
import { ALU_BUS, AluOp, U16_BUS } from "../buses.js";
import { addCols } from "./columns.js";

export const addAir = defineAir({
  name: "rv.add",
  mainColumns: addCols,
  eval(b) {
    const l = b.local;
    b.assertBool("isAdd bool", l.isAdd);
    b.assertBool("isSub bool", l.isSub);
    b.assertBool("k0 bool", l.k0);
    b.assertBool("k1 bool", l.k1);
    const real = l.isAdd.add(l.isSub);
    b.assertBool("one op per row", real);
    // x + b = z with (x, z) = (a, c) for ADD, (c, a) for SUB.
    const xLo = l.isAdd.mul(l.aLo).add(l.isSub.mul(l.cLo));
    const xHi = l.isAdd.mul(l.aHi).add(l.isSub.mul(l.cHi));
    const zLo = l.isAdd.mul(l.cLo).add(l.isSub.mul(l.aLo));
    const zHi = l.isAdd.mul(l.cHi).add(l.isSub.mul(l.aHi));
    b.assertZero("low limb", xLo.add(l.bLo).sub(zLo).sub(l.k0.mul(65536)));
    b.assertZero("high limb", xHi.add(l.bHi).add(l.k0).sub(zHi).sub(l.k1.mul(65536)));
    b.send(U16_BUS, [l.cLo], real);
    b.send(U16_BUS, [l.cHi], real);
    const op = l.isAdd.mul(AluOp.ADD).add(l.isSub.mul(AluOp.SUB));
    b.receive(ALU_BUS, [op, l.aLo, l.aHi, l.bLo, l.bHi, l.cLo, l.cHi], real);
  },
});
