/**
 * Trace values must be field elements (< p). Before, a value in [p, 2^31) was proven as if
 * reduced and a larger one failed as "does not satisfy its constraints"; now the commitment
 * refuses either, naming the table, column and row, and so do setup and checkConstraints.
 */
import { describe, expect, it } from "vitest";
import { checkConstraints } from "../../core/air/check.js";
import { compileAir } from "../../core/air/compile.js";
import { GENERATOR, P } from "../../core/field/babybear.js";
import { NonCanonicalError, newMatrix } from "../../core/field/matrix.js";
import { cosetLde, cosetLdeRandomized } from "../../core/poly/index.js";
import { maxWord } from "../../core/poly/ntt.js";
import { type TableWitness, prove, proveLinked } from "../../core/stark/prover.js";
import { commitPart, provePartOf } from "../../core/stark/rounds.js";
import { setup } from "../../core/stark/setup.js";
import { verify } from "../../core/stark/verifier.js";
import { heap } from "../../core/wasm/heap.js";
import { threadCount } from "../../core/wasm/pool.js";
import {
  byteMults,
  bytePrep,
  byteTableAir,
  fibAir,
  fibTrace,
  matrix,
  rangeUserAir,
  rng,
  threeTables,
  threeTraces,
  withCell,
  TEST_PARAMS,
} from "../air/fixtures.js";

const fib = compileAir(fibAir);

describe("maxWord (the heap check's kernel)", () => {
  it("equals the largest word, with every tail length and ranges of several chunks", () => {
    const next = rng(7);
    // The last size gives every call of the pool several 2^16-word chunks (16 calls a thread).
    const manyChunks = (16 * threadCount() + 1) * 65_536 * 2 + 13;
    for (const n of [0, 1, 7, 8, 9, 63, 65_537, (1 << 20) + 13, manyChunks]) {
      const v = heap().alloc(n);
      try {
        for (let i = 0; i < n; i++) v[i] = next() >>> 1;
        let want = 0;
        for (let i = 0; i < n; i++) want = Math.max(want, v[i]);
        expect(maxWord(v), `n = ${n}`).toBe(want);
        if (n > 0) {
          // The largest word at either end, above 2^31 (unsigned compare).
          v[n - 1] = 0xffff_fff0;
          expect(maxWord(v)).toBe(0xffff_fff0);
          v[n - 1] = 0;
          v[0] = 0x8000_0001;
          expect(maxWord(v)).toBe(0x8000_0001);
        }
        if (n > 4 * 65_536) {
          // In the middle: not the first chunk of its call's range.
          v[0] = 0;
          v[(n >>> 1) + 65_536 + 3] = 0x9000_0000;
          expect(maxWord(v)).toBe(0x9000_0000);
        }
      } finally {
        heap().free(v);
      }
    }
  });
});

describe("the LDE refuses values ≥ p", () => {
  for (const onHeap of [false, true]) {
    it(`names the row and column (${onHeap ? "heap" : "JavaScript"} input)`, () => {
      const { main } = fibTrace(64);
      const bad = withCell(main, 37, 1, P);
      const input = onHeap ? newMatrix(2, 64) : bad;
      if (onHeap) input.values.set(bad.values);
      const before = heap().stats().allocatedBytes;
      for (const lde of [
        () => cosetLde(input, 2),
        () => cosetLdeRandomized(input, matrix([[1, 2]]), 1, 2),
      ]) {
        const err = catchError(lde);
        expect(err).toBeInstanceOf(NonCanonicalError);
        expect((err as NonCanonicalError).cell).toEqual({ row: 37, column: 1, value: P });
      }
      expect(heap().stats().allocatedBytes).toBe(before); // the output block was not kept
      // A caller's output block stays the caller's.
      const out = newMatrix(2, 256);
      const err = catchError(() => cosetLde(input, 2, GENERATOR, { out }));
      expect((err as NonCanonicalError).where).toBe("cosetLde");
      expect(heap().owns(out.values)).toBe(true);
      expect(heap().stats().allocatedBytes).toBe(before + out.values.byteLength);
      heap().free(out.values);
      if (onHeap) heap().free(input.values);
    });
  }
});

describe.each([false, true])("prove refuses a trace value ≥ p (zk: %s)", (zk) => {
  const pk = setup([fib], [], TEST_PARAMS);
  const { main, publicValues } = fibTrace(64);

  for (const [value, kind] of [
    [P, "p itself, which kernels would read as 0"],
    [P + 5, "below 2^31"],
    [0xffff_ffff, "the largest word"],
  ] as const) {
    it(`${kind}: the error names the table, column and row`, () => {
      const bad = [{ main: withCell(main, 21, 0, value), publicValues }];
      const err = catchError(() => prove(pk, bad, { zk }));
      expect((err as Error).message).toMatch(
        `prove: table fibonacci, column "a" (0), row 21: ${value} is not a field element`,
      );
      expect(err).toBeInstanceOf(NonCanonicalError);
      expect((err as NonCanonicalError).cell).toEqual({ row: 21, column: 0, value });
    });
  }

  it("in the third of four tables, whose other tables' LDEs are freed", () => {
    const t = threeTraces();
    const fibW = fibTrace(4);
    const airs = [threeTables.pair, threeTables.adder, threeTables.counter, fib];
    const key = setup(airs, [], TEST_PARAMS);
    const good: TableWitness[] = [{ main: t.pair }, { main: t.adder }, { main: t.counter }, fibW];
    const publics = [...good.slice(0, 3).map(() => new Uint32Array(0)), fibW.publicValues];
    // A good proof first, so that the kernels' cached tables for these sizes exist.
    verify(key.vk, prove(key, good, { zk }), publics);
    const bad = [...good];
    bad[2] = { main: withCell(t.counter, 3, 1, P + 1) };
    const before = heap().stats().allocatedBytes;
    expect(() => prove(key, bad, { zk })).toThrow(
      `prove: table ${threeTables.counter.name}, column "mult" (1), row 3: ${P + 1}`,
    );
    expect(heap().stats().allocatedBytes).toBe(before);
    verify(key.vk, prove(key, good, { zk }), publics);
  });
});

describe("a linked proof names the part", () => {
  const pk = setup([fib], [], TEST_PARAMS);
  const good = () => {
    const { main, publicValues } = fibTrace(64);
    return { pk, tables: [{ main, publicValues }] };
  };
  const bad = () => {
    const { main, publicValues } = fibTrace(64);
    return { pk, tables: [{ main: withCell(main, 9, 1, P), publicValues }] };
  };

  it("by its place, or by its label", () => {
    expect(() => proveLinked([good(), bad(), good()])).toThrow(
      `prove: part 2 of 3, table fibonacci, column "b" (1), row 9: ${P}`,
    );
    expect(() => proveLinked([good(), { ...bad(), label: "segment 7" }])).toThrow(
      `prove: segment 7, table fibonacci, column "b" (1), row 9: ${P}`,
    );
  });

  it("in round 2 of a proof in two rounds, when the trace changed after round 1", () => {
    const parts = [good(), good()];
    const c = { external: [], parts: parts.map((p) => commitPart(p)) };
    expect(() => provePartOf(c, 1, bad())).toThrow(
      `prove: part 2 of 2, table fibonacci, column "b" (1), row 9: ${P}`,
    );
  });
});

describe("setup and checkConstraints refuse values ≥ p", () => {
  it("setup names the table and the preprocessed column", () => {
    const user = compileAir(rangeUserAir);
    const bad = withCell(bytePrep, 200, 0, P + 200);
    // The table without preprocessed columns first: batch index 0 is table 1.
    expect(() => setup([user, compileAir(byteTableAir)], [undefined, bad], TEST_PARAMS)).toThrow(
      `setup: table byte table, preprocessed column "value" (0), row 200: ${P + 200}`,
    );
  });

  it("checkConstraints names the main or preprocessed column", () => {
    const { main, publicValues } = fibTrace(16);
    // fib's constraints hold modulo p with b + p in row 3: the check must not be fooled.
    const bad = withCell(main, 3, 1, main.values[7] + P);
    expect(() => checkConstraints([{ air: fib, main: bad, publicValues }])).toThrow(
      `checkConstraints: table 0 ("fibonacci"), column "b" (1), row 3:`,
    );
    const byteTable = compileAir(byteTableAir);
    const prep = withCell(bytePrep, 9, 0, 0xffff_ffff);
    expect(() =>
      checkConstraints([{ air: byteTable, main: byteMults([]), preprocessed: prep }]),
    ).toThrow(`preprocessed column "value" (0), row 9: 4294967295 is not a field element`);
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}
