/**
 * Lazy sums of products (`Lowering.dot`): the WebAssembly kernels add up to four unreduced
 * products in 64-bit lanes before one reduction. At the bound every product is (p − 1)², and
 * four of them come within 2^62 of 2^64: the kernels and the interpreter must still agree with
 * BigInt there, and on random rows, with vector and scalar factors and a leftover fifth term.
 */
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import {
  BLOCK,
  DOT_TERMS,
  Lowering,
  Op,
  interpreterSlots,
  runBlock,
  scalarValues,
  type VectorProgram,
} from "../../core/air/vector-program.js";
import { rowsModule, runWasmRows } from "../../core/air/wasm-run.js";
import { heap } from "../../core/wasm/heap.js";

const p = BigInt(P);
const WIDTH = 8;
const S = P - 1; // the program's scalar factor

/** out0 = m0·m1 + m2·m3 + m4·S + m5·m6 + m7·m0 (four lazy terms, then one eager product). */
function program(): VectorProgram {
  const L = new Lowering();
  const m = Array.from({ length: WIDTH }, (_, c) => L.vec(Op.Main, c, 0));
  const s = L.scalar({ op: "const", v: S });
  const sum = L.dot([
    [m[0], m[1]],
    [m[2], m[3]],
    [s, m[4]],
    [m[5], m[6]],
    [m[7], m[0]],
  ]);
  L.store(0, sum, 0);
  const { code, slots } = L.allocate();
  return { code, scalars: L.scalars, slots, constFolds: L.constFolds };
}

function reference(row: Uint32Array): number {
  const v = [...row].map(BigInt);
  const sum = v[0] * v[1] + v[2] * v[3] + v[4] * BigInt(S) + v[5] * v[6] + v[7] * v[0];
  return Number(sum % p);
}

describe("lazy sums of products", () => {
  const n = 64;
  const main = new Uint32Array(WIDTH * n);
  let x = 12345;
  for (let i = 0; i < main.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    main[i] = x % P;
  }
  main.fill(P - 1, 0, 4 * WIDTH); // rows 0–3: every factor at its largest
  main.fill(0, 4 * WIDTH, 5 * WIDTH); // row 4: all zero
  const expected = Array.from({ length: n }, (_, r) =>
    reference(main.subarray(r * WIDTH, (r + 1) * WIDTH)),
  );

  it("lower four terms per reduction, the fifth eagerly", () => {
    const prog = program();
    const ops = [...prog.code].filter((_, i) => i % 4 === 0);
    expect(ops.filter((o) => o === Op.Dot || o === Op.DotS)).toHaveLength(DOT_TERMS);
    expect(ops.filter((o) => o === Op.DotEnd)).toHaveLength(1);
    expect(ops.filter((o) => o === Op.Mul)).toHaveLength(1);
    expect(expected[0]).toBe(Number((5n * (p - 1n) * (p - 1n)) % p));
  });

  it("the WebAssembly kernel equals BigInt, at the bound and on random rows", () => {
    const prog = program();
    const out = new Uint32Array(n);
    const module = rowsModule(
      () => prog,
      { mainWidth: WIDTH, prepWidth: 0, auxWidth: 0 },
      () => [1, 1],
    );
    runWasmRows(prog, module, main, undefined, n, { publicValues: [] }, out, new Uint32Array(n));
    expect([...out]).toEqual(expected);
  });

  it("the vector interpreter equals BigInt", () => {
    const prog = program();
    const mem = heap().alloc(interpreterSlots(prog) * BLOCK);
    const out = new Uint32Array(n);
    try {
      const rows = Uint32Array.from({ length: n }, (_, i) => i);
      runBlock(
        {
          code: prog.code,
          mem,
          S: scalarValues(prog, { publicValues: [] }),
          main: { values: main, width: WIDTH },
          isFirst: new Uint32Array(n),
          isLast: new Uint32Array(n),
          isTransition: new Uint32Array(n),
          acc: [],
          stores: [out],
          strides: [1],
          dot: prog.slots * BLOCK,
        },
        rows,
        rows,
        n,
        0,
      );
    } finally {
      heap().free(mem);
    }
    expect([...out]).toEqual(expected);
  });
});
