/**
 * Lazy sums of products (`Lowering.dot`): the WebAssembly kernels add unreduced products in
 * 64-bit lanes, fold the sum below 2^60.01 every four terms and reduce it once. At the bound
 * every product is (p − 1)², and four of them come within 2^62 of 2^64: the kernels and the
 * interpreter must still agree with BigInt there, and on random rows, with vector and scalar
 * factors, over many folds and a remainder.
 * The quotient kernel's folds (Σ alpha^j·C_j, full products folded every four terms) get the
 * same test with many terms per coefficient.
 */
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import {
  BLOCK,
  Lowering,
  Op,
  interpreterSlots,
  runBlock,
  scalarValues,
  type VectorProgram,
} from "../../core/air/vector-program.js";
import {
  quotientModule,
  rowsModule,
  runWasmQuotient,
  runWasmRows,
} from "../../core/air/wasm-run.js";
import { runVectorQuotient } from "../../core/air/vector-quotient.js";
import { heap } from "../../core/wasm/heap.js";

const p = BigInt(P);
const WIDTH = 8;
const S = P - 1; // the program's scalar factor

/** Thirteen terms (three folds and a remainder): m_i·m_(i+1 mod 8), every third m_i·S instead. */
const TERMS = 13;
const factors = (i: number): [number, number | "S"] => [
  i % WIDTH,
  i % 3 === 2 ? "S" : (i + 1) % WIDTH,
];

/** out0 = Σ_i of the terms above, one lazy sum. */
function program(): VectorProgram {
  const L = new Lowering();
  const m = Array.from({ length: WIDTH }, (_, c) => L.vec(Op.Main, c, 0));
  const s = L.scalar({ op: "const", v: S });
  const sum = L.dot(
    Array.from({ length: TERMS }, (_, i) => {
      const [a, b] = factors(i);
      return [m[a], b === "S" ? s : m[b]] as const;
    }),
  );
  L.store(0, sum, 0);
  const { code, slots } = L.allocate();
  return { code, scalars: L.scalars, slots, constFolds: L.constFolds };
}

function reference(row: Uint32Array): number {
  const v = [...row].map(BigInt);
  let sum = 0n;
  for (let i = 0; i < TERMS; i++) {
    const [a, b] = factors(i);
    sum += v[a] * (b === "S" ? BigInt(S) : v[b]);
  }
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

  it("lower every term into one sum with one reduction", () => {
    const prog = program();
    const ops = [...prog.code].filter((_, i) => i % 4 === 0);
    expect(ops.filter((o) => o === Op.Dot || o === Op.DotS)).toHaveLength(TERMS);
    expect(ops.filter((o) => o === Op.DotEnd)).toHaveLength(1);
    expect(ops.filter((o) => o === Op.Mul || o === Op.MulS)).toHaveLength(0);
    expect(expected[0]).toBe(Number((BigInt(TERMS) * (p - 1n) * (p - 1n)) % p));
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

describe("quotient folds", () => {
  const TERMS = 19; // per coefficient: four FOLDs and a remainder
  const N = 64;
  /** Coefficient c gets Σ_j alpha_j[c]·m_((j + c) mod 8). */
  function foldProgram(): VectorProgram {
    const L = new Lowering();
    const m = Array.from({ length: WIDTH }, (_, c) => L.vec(Op.Main, c, 0));
    for (let j = 0; j < TERMS; j++)
      for (let c = 0; c < 4; c++)
        L.fold(c, m[(j + c) % WIDTH], L.scalar({ op: "alpha", j, coef: c, times: 1 }));
    const { code, slots } = L.allocate();
    return { code, scalars: L.scalars, slots, constFolds: L.constFolds };
  }
  let x = 777;
  const rand = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % P;
  };
  const main = Uint32Array.from({ length: WIDTH * N }, rand);
  main.fill(P - 1, 0, 8 * WIDTH); // points 0–7: the largest values
  const alphaPowers = new Uint32Array(4 * TERMS).fill(P - 1);
  const context = (out: Uint32Array) => ({
    start: 0,
    end: N,
    N,
    nextStep: 1,
    rev: Uint32Array.from({ length: N }, (_, i) => i),
    main: { values: main, width: WIDTH, height: N },
    isFirst: new Uint32Array(N),
    isLast: new Uint32Array(N),
    isTransition: new Uint32Array(N),
    publicValues: new Uint32Array(0),
    alphaPowers,
    out,
  });
  const expected = Array.from({ length: 4 * N }, (_, o) => {
    const [k, c] = [o >> 2, o & 3];
    let sum = 0n;
    for (let j = 0; j < TERMS; j++)
      sum += BigInt(alphaPowers[4 * j + c]) * BigInt(main[k * WIDTH + ((j + c) % WIDTH)]);
    return Number(sum % p);
  });

  it("the WebAssembly kernel equals BigInt with every term at (p − 1)²", () => {
    const prog = foldProgram();
    const out = new Uint32Array(4 * N);
    const shape = { mainWidth: WIDTH, prepWidth: 0, auxWidth: 0 };
    runWasmQuotient(
      prog,
      shape,
      quotientModule(() => prog, shape),
      context(out),
    );
    expect([...out]).toEqual(expected);
  });

  it("the vector interpreter equals BigInt", () => {
    const out = new Uint32Array(4 * N);
    runVectorQuotient(foldProgram(), context(out));
    expect([...out]).toEqual(expected);
  });
});
