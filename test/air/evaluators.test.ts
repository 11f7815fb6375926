/**
 * The prover's generated evaluator and the verifier's interpreter must agree exactly, and both
 * must vanish on an honest trace (aux included) and not on a tampered one.
 */
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import * as E from "../../core/field/extension.js";
import { defineBus } from "../../core/air/bus.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import { alphaPowers } from "../../core/air/point.js";
import type { CompiledAir, LogUpChallenges, Matrix } from "../../core/air/types.js";
import { rng, threeTables, threeTraces } from "./fixtures.js";

function randomExt(r: () => number): E.Ext {
  return [r(), r(), r(), r()];
}

function randomMatrix(r: () => number, width: number, height: number): Matrix {
  const values = new Uint32Array(width * height);
  for (let i = 0; i < values.length; i++) values[i] = r();
  return { values, width, height };
}

function bitReverse(logN: number): Uint32Array {
  const n = 1 << logN;
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let x = i;
    let y = 0;
    for (let b = 0; b < logN; b++) {
      y = (y << 1) | (x & 1);
      x >>= 1;
    }
    rev[i] = y;
  }
  return rev;
}

function rowExt(m: Matrix | undefined, row: number): E.Ext[] {
  if (m === undefined) return [];
  return Array.from(m.values.subarray(row * m.width, (row + 1) * m.width), (v) => E.fromBase(v));
}

function auxRowExt(m: Matrix, row: number): E.Ext[] {
  const out: E.Ext[] = [];
  for (let c = 0; c < m.width / 4; c++)
    out.push(E.getAt(m.values.subarray(row * m.width, (row + 1) * m.width), c));
  return out;
}

const tripleBus = defineBus("test.eval.triple", 3);
const singleBus = defineBus("test.eval.single", 1);

/** Every kind of leaf and operation: next rows, preprocessed, publics, selectors, degree 3, buses. */
const sinkAir = compileAir(
  defineAir({
    name: "kitchen sink",
    mainColumns: layout(["a", "b", "c", ["w", 3]] as const),
    preprocessedColumns: layout(["k", "t"] as const),
    numPublicValues: 2,
    eval(b) {
      const { a, b: y, c, w } = b.local;
      const { k, t } = b.prepLocal;
      b.assertZero("cubic", a.mul(y).mul(c).sub(k.mul(5)).add(b.public(0)));
      b.whenTransition().assertEq("next", b.next.a.mul(b.prepNext.t), y.neg().add(w[2]));
      b.whenFirstRow().assertEq("first", a, b.public(1));
      b.whenLastRow().assertBool("last", c);
      b.when(t).assertZero("custom scope", w[0].square().sub(w[1]));
      b.assertZero("constant only", b.public(0).mul(b.public(1)).sub(3));
      b.send(tripleBus, [a, y.add(1), w[0]], c, "abc");
      b.receive(tripleBus, [k, 0, t], w[1].mul(2), "kt");
      b.send(singleBus, [7], 1, "constant message");
      b.receive(singleBus, [b.next.c], b.isLastRow.neg().add(1), "next c");
      b.send(singleBus, [a.mul(y)], 1, "product");
    },
  }),
);

/** Enough constraints for several generated chunks and several accumulator flushes per chunk. */
const wideAir = compileAir(
  defineAir({
    name: "wide",
    mainColumns: layout([["c", 40]] as const),
    numPublicValues: 1,
    eval(b) {
      const c = b.local.c;
      const n = b.next.c;
      for (let j = 0; j < 150; j++) {
        const x = c[j % 40];
        const y = c[(7 * j + 3) % 40];
        b.when(j % 3 === 0 ? b.isTransition : 1).assertZero(
          `c${j}`,
          x
            .mul(y)
            .mul(j % 2 && j % 3 !== 0 ? n[j % 40] : b.public(0))
            .sub(j),
        );
      }
      b.send(singleBus, [c[0]], c[1], "wide send");
    },
  }),
);

interface Data {
  air: CompiledAir;
  N: number;
  nextStep: number;
  rev: Uint32Array;
  main: Matrix;
  prep?: Matrix;
  aux?: Matrix;
  isFirst: Uint32Array;
  isLast: Uint32Array;
  isTransition: Uint32Array;
  publicValues: Uint32Array;
  challenges: LogUpChallenges;
  finalSum: E.Ext;
  alpha: Uint32Array;
}

function proverOut(d: Data, start = 0, end = d.N): Uint32Array {
  const out = new Uint32Array(4 * d.N);
  d.air.quotientEvaluator().evaluate({
    start,
    end,
    N: d.N,
    nextStep: d.nextStep,
    rev: d.rev,
    main: d.main,
    preprocessed: d.prep,
    aux: d.aux,
    isFirst: d.isFirst,
    isLast: d.isLast,
    isTransition: d.isTransition,
    publicValues: d.publicValues,
    challenges: d.challenges,
    finalSum: d.finalSum,
    alphaPowers: d.alpha,
    out,
  });
  return out;
}

/** The verifier's evaluation at the point of storage row k (see QuotientContext). */
function verifierAt(d: Data, k: number): E.Ext {
  const r = k;
  const rn = d.rev[(d.rev[k] + d.nextStep) % d.N];
  return d.air.evaluateAtPoint({
    mainLocal: rowExt(d.main, r),
    mainNext: rowExt(d.main, rn),
    prepLocal: rowExt(d.prep, r),
    prepNext: rowExt(d.prep, rn),
    auxLocal: d.aux ? auxRowExt(d.aux, r) : [],
    auxNext: d.aux ? auxRowExt(d.aux, rn) : [],
    isFirst: E.fromBase(d.isFirst[k]),
    isLast: E.fromBase(d.isLast[k]),
    isTransition: E.fromBase(d.isTransition[k]),
    publicValues: d.publicValues,
    challenges: d.challenges,
    finalSum: d.finalSum,
    alphaPowers: d.alpha,
  });
}

function randomData(air: CompiledAir, seed: number, logN: number): Data {
  const r = rng(seed);
  const N = 1 << logN;
  const sel = () => Uint32Array.from({ length: N }, r);
  return {
    air,
    N,
    nextStep: 4,
    rev: bitReverse(logN),
    main: randomMatrix(r, air.mainWidth, N),
    prep: air.preprocessedWidth > 0 ? randomMatrix(r, air.preprocessedWidth, N) : undefined,
    aux: air.auxWidth > 0 ? randomMatrix(r, 4 * air.auxWidth, N) : undefined,
    isFirst: sel(),
    isLast: sel(),
    isTransition: sel(),
    publicValues: Uint32Array.from({ length: air.numPublicValues }, r),
    challenges: { z: randomExt(r), beta: randomExt(r) },
    finalSum: randomExt(r),
    alpha: alphaPowers(randomExt(r), air.constraints.length),
  };
}

describe("prover evaluator == verifier evaluator", () => {
  for (const [label, air] of [
    ["kitchen sink", sinkAir],
    ["wide (150 constraints)", wideAir],
    ["adder (three-table set)", threeTables.adder],
    ["counter", threeTables.counter],
  ] as const) {
    it(`${label}: random LDE rows, selectors, challenges and alpha`, () => {
      for (const seed of [1, 2, 3]) {
        const d = randomData(air, seed * 7919, 5);
        const out = proverOut(d);
        for (let k = 0; k < d.N; k++) expect(E.getAt(out, k)).toEqual(verifierAt(d, k));
        // Sub-ranges with an output offset write the same values.
        const part = new Uint32Array(4 * 8);
        const ev = air.quotientEvaluator();
        ev.evaluate({ ...ctxOf(d), start: 8, end: 16, out: part, outOffset: 8 });
        expect(part).toEqual(out.subarray(32, 64));
      }
    });
  }

  // Both run blocks of 256 points: 2^9 points are two blocks; the range [100, 400) crosses a
  // block boundary and ends in a partial block, with an output offset.
  for (const [label, evaluate] of [
    ["the vector interpreter", (air: CompiledAir) => air.evaluateQuotientVector],
    ["the DAG evaluator", (air: CompiledAir) => air.evaluateQuotientDag],
  ] as const) {
    it(`${label} writes exactly the generated evaluator's values`, () => {
      for (const air of [sinkAir, wideAir, threeTables.adder, threeTables.counter]) {
        for (const seed of [11, 12]) {
          const d = randomData(air, seed, 9);
          const out = new Uint32Array(4 * d.N);
          evaluate(air).call(air, { ...ctxOf(d), out });
          expect(out).toEqual(proverOut(d));
          const part = new Uint32Array(4 * 300);
          const range = { start: 100, end: 400, out: part, outOffset: 100 };
          evaluate(air).call(air, { ...ctxOf(d), ...range });
          expect(part).toEqual(proverOut(d).subarray(400, 1600));
        }
      }
      const d = randomData(sinkAir, 13, 3);
      expect(() =>
        evaluate(sinkAir).call(sinkAir, { ...ctxOf(d), main: { ...d.main, width: 5 } }),
      ).toThrow(/main must be a 8×6 matrix/);
    });
  }

  it("the WebAssembly kernel writes exactly the generated evaluator's values", () => {
    for (const air of [sinkAir, wideAir, threeTables.adder, threeTables.counter]) {
      for (const seed of [21, 22]) {
        // 2^13 points: big enough to be split over the threads.
        const d = randomData(air, seed, 13);
        const out = new Uint32Array(4 * d.N);
        air.evaluateQuotientWasm({ ...ctxOf(d), out });
        expect(out).toEqual(proverOut(d));
        const part = new Uint32Array(4 * 300);
        air.evaluateQuotientWasm({ ...ctxOf(d), start: 100, end: 400, out: part, outOffset: 100 });
        expect(part).toEqual(proverOut(d).subarray(400, 1600));
        // A range not made of whole groups of four points goes to the interpreter.
        const odd = new Uint32Array(4 * 7);
        air.evaluateQuotientWasm({ ...ctxOf(d), start: 5, end: 12, out: odd, outOffset: 5 });
        expect(odd).toEqual(proverOut(d).subarray(20, 48));
      }
    }
  });

  it("each constraint separately (alpha = unit vectors) agrees too", () => {
    const d = randomData(sinkAir, 42, 3);
    for (let j = 0; j < sinkAir.constraints.length; j++) {
      const alpha = new Uint32Array(4 * sinkAir.constraints.length);
      alpha[4 * j + (j % 4)] = 1 + j; // a non-trivial extension weight
      const dj = { ...d, alpha };
      const out = proverOut(dj);
      for (let k = 0; k < d.N; k++) expect(E.getAt(out, k)).toEqual(verifierAt(dj, k));
    }
  });

  it("the wide AIR is split into several chunk functions", () => {
    expect(wideAir.quotientEvaluator().source.match(/function chunk\d+/g)!.length).toBeGreaterThan(
      1,
    );
  });

  it("the generated source is self-contained and ships as a string", () => {
    const ev = sinkAir.quotientEvaluator();
    expect(sinkAir.quotientEvaluator()).toBe(ev); // cached
    const fn = new Function(`return ${ev.source};`)() as (ctx: unknown) => void;
    const d = randomData(sinkAir, 5, 3);
    const out = new Uint32Array(4 * d.N);
    fn({ ...ctxOf(d), out });
    expect(out).toEqual(proverOut(d));
  });

  it("validates its context", () => {
    const d = randomData(sinkAir, 9, 3);
    const ev = sinkAir.quotientEvaluator();
    expect(() => ev.evaluate({ ...ctxOf(d), main: { ...d.main, width: 5 } })).toThrow(
      /main must be a 8×6 matrix/,
    );
    expect(() => ev.evaluate({ ...ctxOf(d), alphaPowers: new Uint32Array(4) })).toThrow(
      /need 12 alpha powers/,
    );
    expect(() => ev.evaluate({ ...ctxOf(d), finalSum: undefined })).toThrow(
      /finalSum are required/,
    );
    expect(() => sinkAir.evaluateAtPoint({ ...pointOf(d, 0), mainLocal: [] })).toThrow(
      /mainLocal has 0 values, expected 6/,
    );
    expect(() => sinkAir.evaluateAtPoint({ ...pointOf(d, 0), isFirst: [P, 0, 0, 0] })).toThrow(
      /isFirst is not an extension element/,
    );
  });

  function ctxOf(d: Data) {
    return {
      start: 0,
      end: d.N,
      N: d.N,
      nextStep: d.nextStep,
      rev: d.rev,
      main: d.main,
      preprocessed: d.prep,
      aux: d.aux,
      isFirst: d.isFirst,
      isLast: d.isLast,
      isTransition: d.isTransition,
      publicValues: d.publicValues,
      challenges: d.challenges,
      finalSum: d.finalSum,
      alphaPowers: d.alpha,
      out: new Uint32Array(4 * d.N),
    };
  }
  function pointOf(d: Data, k: number) {
    const r = d.rev[k];
    return {
      mainLocal: rowExt(d.main, r),
      mainNext: rowExt(d.main, r),
      prepLocal: rowExt(d.prep, r),
      prepNext: rowExt(d.prep, r),
      auxLocal: d.aux ? auxRowExt(d.aux, r) : [],
      auxNext: d.aux ? auxRowExt(d.aux, r) : [],
      isFirst: E.ONE,
      isLast: E.ZERO,
      isTransition: E.ONE,
      publicValues: d.publicValues,
      challenges: d.challenges,
      finalSum: d.finalSum,
      alphaPowers: d.alpha,
    };
  }
});

/** Rows of `m` stored in bit-reversed order (as an LDE would be). */
function bitReversedRows(m: Matrix, rev: Uint32Array): Matrix {
  const values = new Uint32Array(m.values.length);
  for (let k = 0; k < m.height; k++)
    values.set(m.values.subarray(k * m.width, (k + 1) * m.width), rev[k] * m.width);
  return { values, width: m.width, height: m.height };
}

/** The trace domain itself: selectors 0/1, next = k + 1, rows bit-reversed. */
function onTrace(
  air: CompiledAir,
  main: Matrix,
  aux: Matrix,
  finalSum: E.Ext,
  challenges: LogUpChallenges,
  alpha: Uint32Array,
): Data {
  const n = main.height;
  const logN = Math.log2(n);
  const rev = bitReverse(logN);
  return {
    air,
    N: n,
    nextStep: 1,
    rev,
    main: bitReversedRows(main, rev),
    aux: bitReversedRows(aux, rev),
    // Selectors by storage row: row i holds trace row rev[i].
    isFirst: Uint32Array.from({ length: n }, (_, i) => (rev[i] === 0 ? 1 : 0)),
    isLast: Uint32Array.from({ length: n }, (_, i) => (rev[i] === n - 1 ? 1 : 0)),
    isTransition: Uint32Array.from({ length: n }, (_, i) => (rev[i] === n - 1 ? 0 : 1)),
    publicValues: new Uint32Array(0),
    challenges,
    finalSum,
    alpha,
  };
}

describe("constraints on an honest trace, and on a forged accumulator", () => {
  const r = rng(2024);
  const challenges = { z: randomExt(r), beta: randomExt(r) };
  const t = threeTraces();

  it("every constraint (LogUp included) vanishes on every row of an honest trace", () => {
    for (const [air, main] of [
      [threeTables.pair, t.pair],
      [threeTables.adder, t.adder],
      [threeTables.counter, t.counter],
    ] as const) {
      const { aux, finalSum } = air.buildAuxTrace(main, undefined, new Uint32Array(0), challenges);
      const d = onTrace(
        air,
        main,
        aux,
        finalSum,
        challenges,
        alphaPowers(randomExt(r), air.constraints.length),
      );
      const out = proverOut(d);
      expect(out.every((v) => v === 0)).toBe(true);
      for (let k = 0; k < d.N; k++) expect(verifierAt(d, k)).toEqual(E.ZERO);
      // The wrong final sum breaks exactly the last-row constraint, on the last row.
      const wrong = proverOut({ ...d, finalSum: E.add4(finalSum, E.ONE) });
      const nonzero = [...Array(d.N).keys()].filter((k) => !E.equals(E.getAt(wrong, k), E.ZERO));
      expect(nonzero).toEqual([d.N - 1]);
    }
  });

  it("an accumulator whose first row is chosen by the prover fails the first-row constraint", () => {
    // The forgery: shift acc on every row by δ and claim finalSum + δ. Transition and last-row
    // constraints still hold; only "acc[0] = Σ h[0]" catches it, at row 0.
    const air = threeTables.adder;
    const { aux, finalSum } = air.buildAuxTrace(t.adder, undefined, new Uint32Array(0), challenges);
    const delta: E.Ext = [5, 0, 1, 0];
    const forged = aux.values.slice();
    const accCol = air.auxWidth - 1;
    for (let row = 0; row < aux.height; row++) {
      const o = row * aux.width + 4 * accCol;
      const v = E.add4(E.getAt(forged.subarray(o, o + 4), 0), delta);
      forged.set(v, o);
    }
    const forgedAux = { ...aux, values: forged };
    const forgedSum = E.add4(finalSum, delta);
    const names = air.constraints.map((c) => c.name);
    const failing: string[] = [];
    for (let j = 0; j < names.length; j++) {
      const alpha = new Uint32Array(4 * names.length);
      alpha[4 * j] = 1;
      const d = onTrace(air, t.adder, forgedAux, forgedSum, challenges, alpha);
      const out = proverOut(d);
      for (let k = 0; k < d.N; k++) {
        if (!E.equals(E.getAt(out, k), E.ZERO)) failing.push(`${names[j]} @ ${k}`);
        expect(E.getAt(out, k)).toEqual(verifierAt(d, k));
      }
    }
    expect(failing).toEqual(["logup: accumulator first row @ 0"]);
  });
});
