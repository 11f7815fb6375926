/**
 * ADD / SUB chip. One row per operation; words as 16-bit limbs.
 *
 * Columns: isAdd, isSub (op flags; their sum is the row's multiplicity), a, b, c (lo, hi), k0, k1.
 * ADD checks a + b = c + 2^32·k1 limb by limb with carry k0; SUB checks the same equation with a
 * and c swapped (c + b = a + 2^32·k1), so c = a − b mod 2^32. c's limbs are range-checked (u16),
 * a and b arrive valid; every limb equation is thus an integer equation (no field wrap).
 * Receives ALU [op, a, b, c] with multiplicity isAdd + isSub.
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import { ALU_BUS, AluOp, U16_BUS } from "./buses.js";
import type { TraceContext } from "./context.js";

export const addCols = layout([
  "isAdd",
  "isSub",
  "aLo",
  "aHi",
  "bLo",
  "bHi",
  "cLo",
  "cHi",
  "k0",
  "k1",
] as const);

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

let compiled: ReturnType<typeof compileAir> | undefined;
export function addChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(addAir));
}

/** Appends the row of ADD or SUB on words a, b; returns the result word. */
export function emitAdd(ctx: TraceContext, op: number, a: number, b: number): number {
  const t = ctx.table("rv.add", addCols.width);
  const o = t.row();
  const v = t.values;
  const sub = op === AluOp.SUB;
  const c = (sub ? a - b : a + b) >>> 0;
  const [x, z] = sub ? [c, a] : [a, c];
  const lo = (x & 0xffff) + (b & 0xffff);
  const k0 = lo >>> 16;
  const k1 = ((x >>> 16) + (b >>> 16) + k0) >>> 16;
  void z;
  v[o] = sub ? 0 : 1;
  v[o + 1] = sub ? 1 : 0;
  v[o + 2] = a & 0xffff;
  v[o + 3] = a >>> 16;
  v[o + 4] = b & 0xffff;
  v[o + 5] = b >>> 16;
  v[o + 6] = c & 0xffff;
  v[o + 7] = c >>> 16;
  v[o + 8] = k0;
  v[o + 9] = k1;
  ctx.lookups.range16(c & 0xffff);
  ctx.lookups.range16(c >>> 16);
  return c;
}
