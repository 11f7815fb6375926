/**
 * Sums lowered whole (core/air/lower-dag.ts): the products a sum takes in become one lazy sum,
 * negative ones through a negated factor, and a product something else also reads is computed
 * once, not taken in. The values must be BigInt's, on the WebAssembly kernel, with every
 * factor at p − 1 as well as on random rows.
 */
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { constant, type Expr, mainCell, mul, neg, sub, sum } from "../../core/air/expr.js";
import { lowerDag } from "../../core/air/lower-dag.js";
import { Lowering, Op, type VectorProgram } from "../../core/air/vector-program.js";
import { rowsModule, runWasmRows } from "../../core/air/wasm-run.js";

const p = BigInt(P);
const WIDTH = 6;
const m = Array.from({ length: WIDTH }, (_, c) => mainCell(c, false));

/** The program storing each root's value at its index. */
function program(roots: Expr[]): VectorProgram {
  const L = new Lowering();
  const of = lowerDag(L, roots);
  roots.forEach((r, i) => L.store(0, of(r)[0], i));
  const { code, slots } = L.allocate();
  return { code, scalars: L.scalars, slots, constFolds: L.constFolds };
}

const opsOf = (prog: VectorProgram, op: Op) =>
  [...prog.code].filter((o, i) => i % 4 === 0 && o === op).length;

function run(prog: VectorProgram, outputs: number, main: Uint32Array, n: number): number[] {
  const out = new Uint32Array(outputs * n);
  const module = rowsModule(
    () => prog,
    { mainWidth: WIDTH, prepWidth: 0, auxWidth: 0 },
    () => [outputs, 1],
  );
  runWasmRows(prog, module, main, undefined, n, { publicValues: [] }, out, new Uint32Array(n));
  return [...out];
}

describe("sums lowered whole", () => {
  // a·b + c·d − e·f − 3·(a·c) + 7 − (−b): three vector products (one negative), a scalar one.
  const e1 = sub(
    sum([mul(m[0], m[1]), mul(m[2], m[3]), neg(mul(m[4], m[5])), constant(7)]),
    sum([mul(constant(3), mul(m[0], m[2])), neg(m[1])]),
  );
  const ref1 = (v: bigint[]) =>
    v[0] * v[1] + v[2] * v[3] - v[4] * v[5] - 3n * v[0] * v[2] + 7n + v[1];
  // (a·b)·c + (a·b): a·b is read twice, so it is computed once and not taken in.
  const ab = mul(m[0], m[1]);
  const e2 = sum([mul(ab, m[2]), ab]);
  const ref2 = (v: bigint[]) => v[0] * v[1] * v[2] + v[0] * v[1];

  it("one lazy sum for a sum's products; a shared product computed once", () => {
    const one = program([e1]);
    expect(opsOf(one, Op.DotEnd)).toBe(1);
    expect(opsOf(one, Op.Dot) + opsOf(one, Op.DotS)).toBe(4);
    expect(opsOf(one, Op.Mul) + opsOf(one, Op.MulS)).toBe(1); // 3·(a·c): a·c is a factor
    const two = program([e2]);
    expect(opsOf(two, Op.Mul)).toBe(2); // a·b, then (a·b)·c eagerly: a single product
    expect(opsOf(two, Op.DotEnd)).toBe(0);
  });

  it("equals BigInt at the bound and on random rows", () => {
    const n = 32;
    const main = new Uint32Array(WIDTH * n);
    let x = 99;
    for (let i = 0; i < main.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      main[i] = x % P;
    }
    main.fill(P - 1, 0, 4 * WIDTH);
    main.fill(0, 4 * WIDTH, 5 * WIDTH);
    const got = run(program([e1, e2]), 2, main, n);
    for (let r = 0; r < n; r++) {
      const v = [...main.subarray(r * WIDTH, (r + 1) * WIDTH)].map(BigInt);
      const want = [ref1(v), ref2(v)].map((s) => Number(((s % p) + p) % p));
      expect([got[2 * r], got[2 * r + 1]]).toEqual(want);
    }
  });
});
