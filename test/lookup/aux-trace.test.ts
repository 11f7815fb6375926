/**
 * The LogUp aux trace against an independent BigInt computation of the same fractions, and the
 * bus balance through final sums.
 */
import { heap } from "../../core/wasm/heap.js";
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import * as E from "../../core/field/extension.js";
import { compileAir } from "../../core/air/compile.js";
import type { Bus } from "../../core/air/bus.js";
import type { CompiledAir, LogUpChallenges, Matrix } from "../../core/air/types.js";
import { batchInverseExtInPlace } from "../../core/field/ext-kernels.js";
import { fingerprint, messagesSum } from "../../core/lookup/fingerprint.js";
import { lookupCountBound } from "../../core/lookup/bound.js";
import { buildFingerprintKernel } from "../../core/lookup/fingerprint-kernel.js";
import { encodeFingerprints, runDagFingerprints } from "../../core/lookup/dag-fingerprints.js";
import { lowerFingerprints, runVectorFingerprints } from "../../core/lookup/vector-fingerprints.js";
import { rowsModule, runWasmRows } from "../../core/air/wasm-run.js";
import {
  byteBus,
  byteMults,
  bytePrep,
  byteTableAir,
  matrix,
  pairBus,
  rangeUserAir,
  smallBus,
  threeTables,
  threeTraces,
} from "../air/fixtures.js";

const p = BigInt(P);
type BE = bigint[];

function mulB(a: BE, b: BE): BE {
  const c = new Array<bigint>(7).fill(0n);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) c[i + j] += a[i] * b[j];
  for (let k = 6; k >= 4; k--) c[k - 4] += 11n * c[k];
  return c.slice(0, 4).map((x) => x % p);
}
function powB(a: BE, e: bigint): BE {
  let r: BE = [1n, 0n, 0n, 0n];
  let b = a;
  while (e > 0n) {
    if (e & 1n) r = mulB(r, b);
    b = mulB(b, b);
    e >>= 1n;
  }
  return r;
}
const invB = (a: BE): BE => powB(a, p ** 4n - 2n);
const addB = (a: BE, b: BE): BE => a.map((x, i) => (x + b[i]) % p);
const scaleB = (a: BE, s: bigint): BE => a.map((x) => (((x * s) % p) + p) % p);
const toB = (a: E.Ext): BE => a.map(BigInt);

/** A message of the reference: bus, values, signed multiplicity. */
type Msg = { bus: Bus; values: number[]; m: number };

/** Σ m/(z − fp) per row, in BigInt, inverses cached per distinct message. */
function referenceRows(rows: Msg[][], ch: LogUpChallenges): BE[] {
  const z = toB(ch.z);
  const beta = toB(ch.beta);
  const cache = new Map<string, BE>();
  return rows.map((msgs) => {
    let acc: BE = [0n, 0n, 0n, 0n];
    for (const { bus, values, m } of msgs) {
      const key = `${bus.id}:${values}`;
      let inv = cache.get(key);
      if (inv === undefined) {
        let fp: BE = scaleB(powB(beta, BigInt(bus.width)), BigInt(bus.id));
        values.forEach((v, k) => (fp = addB(fp, scaleB(powB(beta, BigInt(k)), BigInt(v)))));
        inv = invB(z.map((x, i) => (x - fp[i] + p) % p));
        cache.set(key, inv);
      }
      acc = addB(acc, scaleB(inv, BigInt(m)));
    }
    return acc;
  });
}

function accColumn(air: CompiledAir, aux: Matrix): E.Ext[] {
  const c = air.auxWidth - 1;
  return Array.from({ length: aux.height }, (_, r) =>
    E.getAt(aux.values.subarray(r * aux.width), c),
  );
}

const challenges: LogUpChallenges = {
  z: [123456789, 987654321, 55555, 4242],
  beta: [31337, 271828, 314159, 1618033],
};
const none = new Uint32Array(0);

describe("buildAuxTrace: heap memory", () => {
  it("a trace built in a released trace's dirty memory equals a fresh one, and held traces do not overlap", () => {
    const xs = Array.from({ length: 64 }, (_, i) => (i * 91) % 256);
    const table = compileAir(byteTableAir);
    const user = compileAir(rangeUserAir);
    const userMain = matrix(xs.map((x) => [x]));
    const fresh = user.buildAuxTrace(userMain, undefined, none, challenges);
    expect(fresh.release).toBeUndefined(); // without `onHeap`: a JavaScript array of its own
    expect(heap().owns(fresh.aux.values)).toBe(false);
    const big = table.buildAuxTrace(byteMults(xs), bytePrep, none, challenges, { onHeap: true });
    const held = table.buildAuxTrace(byteMults(xs), bytePrep, none, challenges, { onHeap: true });
    const [a, b] = [big.aux.values, held.aux.values];
    expect(
      a.byteOffset + a.byteLength <= b.byteOffset || b.byteOffset + b.byteLength <= a.byteOffset,
    ).toBe(true);
    // Built, overwritten with junk and released: the same allocation lands on the junk.
    const first = user.buildAuxTrace(userMain, undefined, none, challenges, { onHeap: true });
    const at = first.aux.values.byteOffset;
    first.aux.values.fill(0xdeadbeef);
    first.release!();
    const again = user.buildAuxTrace(userMain, undefined, none, challenges, { onHeap: true });
    expect(again.aux.values.byteOffset).toBe(at);
    expect(Array.from(again.aux.values)).toEqual(Array.from(fresh.aux.values));
    expect(again.finalSum).toEqual(fresh.finalSum);
    again.release!();
    big.release!();
    held.release!();
  });
});

describe("buildAuxTrace against a BigInt reference", () => {
  it("range check: acc is the running sum of fractions, finalSum its last row", () => {
    const xs = Array.from({ length: 64 }, (_, i) => (i * 37) % 256);
    const user = compileAir(rangeUserAir);
    const table = compileAir(byteTableAir);
    const mults = byteMults(xs);
    const u = user.buildAuxTrace(matrix(xs.map((x) => [x])), undefined, none, challenges);
    const t = table.buildAuxTrace(mults, bytePrep, none, challenges);
    const refUser = referenceRows(
      xs.map((x) => [{ bus: byteBus, values: [x], m: 1 }]),
      challenges,
    );
    const refTable = referenceRows(
      Array.from({ length: 256 }, (_, v) => [{ bus: byteBus, values: [v], m: -mults.values[v] }]),
      challenges,
    );
    for (const [air, res, ref] of [
      [user, u, refUser],
      [table, t, refTable],
    ] as const) {
      let run: BE = [0n, 0n, 0n, 0n];
      const acc = accColumn(air, res.aux);
      ref.forEach((f, r) => {
        run = addB(run, f);
        expect(toB(acc[r])).toEqual(run);
        expect(toB(E.getAt(res.aux.values.subarray(r * res.aux.width), 0))).toEqual(f); // h_0 = the row's fraction
      });
      expect(toB(res.finalSum)).toEqual(run);
    }
    expect(E.add4(u.finalSum, t.finalSum)).toEqual(E.ZERO);
  });

  it("three tables: h columns per group, and the final sums cancel exactly when balanced", () => {
    const tr = threeTraces();
    const { pair, adder, counter } = threeTables;
    const rowsOf = (m: Matrix) =>
      Array.from({ length: m.height }, (_, r) =>
        Array.from(m.values.subarray(r * m.width, (r + 1) * m.width)),
      );
    const refs = {
      pair: referenceRows(
        rowsOf(tr.pair).map(([x, y]) => [{ bus: pairBus, values: [x, y], m: 1 }]),
        challenges,
      ),
      adder: referenceRows(
        rowsOf(tr.adder).map(([u, v, s, on]) => [
          { bus: pairBus, values: [u, v], m: -on },
          { bus: smallBus, values: [s], m: on },
        ]),
        challenges,
      ),
      counter: referenceRows(
        rowsOf(tr.counter).map(([v, m]) => [{ bus: smallBus, values: [v], m: -m }]),
        challenges,
      ),
    };
    const sums: E.Ext[] = [];
    for (const [air, main, ref] of [
      [pair, tr.pair, refs.pair],
      [adder, tr.adder, refs.adder],
      [counter, tr.counter, refs.counter],
    ] as const) {
      const { aux, finalSum } = air.buildAuxTrace(main, undefined, none, challenges);
      expect(aux.width).toBe(4 * air.auxWidth);
      expect(aux.height).toBe(main.height);
      let run: BE = [0n, 0n, 0n, 0n];
      const acc = accColumn(air, aux);
      ref.forEach((f, r) => {
        // Σ_g h_g[r] is the row's total fraction.
        let h: BE = [0n, 0n, 0n, 0n];
        for (let g = 0; g < air.auxWidth - 1; g++)
          h = addB(h, toB(E.getAt(aux.values.subarray(r * aux.width), g)));
        expect(h).toEqual(f);
        run = addB(run, f);
        expect(toB(acc[r])).toEqual(run);
      });
      expect(toB(finalSum)).toEqual(run);
      sums.push(finalSum);
    }
    expect(sums.reduce(E.add4)).toEqual(E.ZERO);

    // Unbalanced: one counter multiplicity off by one → the sums no longer cancel.
    const bad = tr.counter.values.slice();
    bad[2 * 5 + 1] += 1;
    const badSum = counter.buildAuxTrace(
      { ...tr.counter, values: bad },
      undefined,
      none,
      challenges,
    ).finalSum;
    expect(E.add4(E.add4(sums[0], sums[1]), badSum)).not.toEqual(E.ZERO);
  });

  it("an out-of-range lookup leaves the final sums unbalanced", () => {
    const xs = [1, 2, 300];
    const u = compileAir(rangeUserAir).buildAuxTrace(
      matrix(xs.map((x) => [x])),
      undefined,
      none,
      challenges,
    );
    const t = compileAir(byteTableAir).buildAuxTrace(byteMults(xs), bytePrep, none, challenges);
    const total = E.add4(u.finalSum, t.finalSum);
    expect(total).not.toEqual(E.ZERO);
    // Exactly the fraction of the unmatched message is left over.
    const fp = fingerprint(byteBus, [300], challenges);
    expect(total).toEqual(E.inv4(E.sub4(challenges.z, fp)));
  });

  it("verifier-side messages close the balance (messagesSum)", () => {
    const xs = [4, 4, 9];
    const u = compileAir(rangeUserAir).buildAuxTrace(
      matrix(xs.map((x) => [x])),
      undefined,
      none,
      challenges,
    );
    const received = messagesSum(
      [
        { bus: byteBus, values: [4], multiplicity: -2 },
        { bus: byteBus, values: [9], multiplicity: -1 },
      ],
      challenges,
    );
    expect(E.add4(u.finalSum, received)).toEqual(E.ZERO);
    const wrong = messagesSum(
      [
        { bus: byteBus, values: [4], multiplicity: -1 },
        { bus: byteBus, values: [9], multiplicity: -2 },
      ],
      challenges,
    );
    expect(E.add4(u.finalSum, wrong)).not.toEqual(E.ZERO);
  });

  it("works across batch-inversion chunks (8192 fractions)", () => {
    const n = 8192;
    const xs = Array.from({ length: n }, (_, i) => (i * 101 + 7) % 256);
    const { aux, finalSum } = compileAir(rangeUserAir).buildAuxTrace(
      matrix(xs.map((x) => [x])),
      undefined,
      none,
      challenges,
    );
    const ref = referenceRows(
      xs.map((x) => [{ bus: byteBus, values: [x], m: 1 }]),
      challenges,
    );
    for (const r of [0, 4095, 4096, 4097, n - 1])
      expect(toB(E.getAt(aux.values.subarray(r * aux.width), 0))).toEqual(ref[r]);
    expect(toB(finalSum)).toEqual(ref.reduce(addB));
  });

  it("refuses bad shapes and challenges", () => {
    const user = compileAir(rangeUserAir);
    expect(() =>
      user.buildAuxTrace(
        { values: new Uint32Array(4), width: 2, height: 2 },
        undefined,
        none,
        challenges,
      ),
    ).toThrow(/main trace has width 2, the AIR declares 1/);
    expect(() =>
      user.buildAuxTrace(matrix([[1]]), undefined, none, { z: [P, 0, 0, 0], beta: [1, 0, 0, 0] }),
    ).toThrow(/challenges.z/);
    expect(() =>
      compileAir(byteTableAir).buildAuxTrace(byteMults([]), undefined, none, challenges),
    ).toThrow(/preprocessed trace is missing/);
  });
});

describe("fingerprints: vector program, DAG program, WebAssembly and generated kernel", () => {
  it("write the same denominators and multiplicities, row for row", () => {
    const t = threeTraces();
    const cases: [CompiledAir, Matrix, Matrix | undefined][] = [
      [
        compileAir(rangeUserAir),
        matrix(Array.from({ length: 16 }, (_, i) => [i * 7 + 3])),
        undefined,
      ],
      // 600 rows: the DAG program's blocks of 256 rows, and a partial one
      [
        compileAir(rangeUserAir),
        matrix(Array.from({ length: 600 }, (_, i) => [(i * 7919 + 3) % 65536])),
        undefined,
      ],
      [compileAir(byteTableAir), byteMults([1, 2, 3, 250, 7]), bytePrep],
      [threeTables.pair, t.pair, undefined],
      [threeTables.adder, t.adder, undefined],
      [threeTables.counter, t.counter, undefined],
    ];
    for (const [air, main, prep] of cases) {
      const n = main.height;
      const I = air.interactions.length;
      const ch = new Uint32Array(8 + 4 * 17);
      ch.set(challenges.z, 0);
      ch[8] = 1;
      for (let k = 1; k <= 16; k++)
        E.mulInto(ch, 8 + 4 * k, ch, 8 + 4 * (k - 1), new Uint32Array(challenges.beta), 0);
      const generated = [new Uint32Array(4 * n * I), new Uint32Array(n * I)];
      const kernel = buildFingerprintKernel(air.mainWidth, air.preprocessedWidth, air.interactions);
      kernel(main.values, prep?.values ?? none, none, n, ch, generated[0], generated[1]);
      const vector = [new Uint32Array(4 * n * I), new Uint32Array(n * I)];
      runVectorFingerprints(
        lowerFingerprints(air.interactions),
        I,
        main,
        prep,
        none,
        n,
        challenges,
        vector[0],
        vector[1],
      );
      expect(vector[0]).toEqual(generated[0]);
      expect(vector[1]).toEqual(generated[1]);
      const dag = [new Uint32Array(4 * n * I), new Uint32Array(n * I)];
      runDagFingerprints(encodeFingerprints(air.interactions), {
        interactions: I,
        main,
        preprocessed: prep,
        publicValues: none,
        n,
        challenges,
        den: dag[0],
        mult: dag[1],
      });
      expect(dag[0]).toEqual(generated[0]);
      expect(dag[1]).toEqual(generated[1]);
      if (n % 4 === 0) {
        const program = lowerFingerprints(air.interactions);
        const wasm = [new Uint32Array(4 * n * I), new Uint32Array(n * I)];
        const module = rowsModule(
          () => program,
          { mainWidth: air.mainWidth, prepWidth: air.preprocessedWidth, auxWidth: 0 },
          () => [4 * I, I],
        );
        const pre = prep?.values;
        runWasmRows(
          program,
          module,
          main.values,
          pre,
          n,
          { publicValues: none, challenges },
          wasm[0],
          wasm[1],
        );
        expect(wasm[0]).toEqual(generated[0]);
        expect(wasm[1]).toEqual(generated[1]);
      }
    }
  });
});

describe("ext batch inversion", () => {
  it("matches inv4 element by element across chunks; reports a zero's index", () => {
    const n = 10;
    const v = new Uint32Array(4 * n);
    for (let i = 0; i < v.length; i++) v[i] = (i * 7919 + 13) % P;
    v[4 * 3 + 1] = P - 1;
    const expected = Array.from({ length: n }, (_, i) => E.inv4(E.getAt(v, i)));
    expect(batchInverseExtInPlace(v)).toBe(-1);
    expected.forEach((x, i) => expect(E.getAt(v, i)).toEqual(x));
    const z = new Uint32Array(12);
    z[0] = 1;
    z[8] = 5;
    expect(batchInverseExtInPlace(z)).toBe(1);
  });
});

describe("lookupCountBound", () => {
  it("sums interactions × height and compares with p", () => {
    const { adder, counter, pair } = threeTables;
    expect(
      lookupCountBound([
        { air: adder, height: 16 },
        { air: counter, height: 32 },
        { air: pair, height: 8 },
      ]),
    ).toEqual({
      total: 2 * 16 + 32 + 8,
      ok: true,
    });
    expect(lookupCountBound([{ air: adder, height: 2 ** 30 }]).ok).toBe(false); // 2^31 > p
    expect(lookupCountBound([{ air: counter, height: P - 1 }], 1)).toEqual({ total: P, ok: false });
    expect(lookupCountBound([{ air: counter, height: P - 2 }], 1)).toEqual({
      total: P - 1,
      ok: true,
    });
    expect(() => lookupCountBound([{ air: counter, height: 0 }])).toThrow(/height 0/);
  });
});
