/**
 * Trace values must be field elements (< p). Before, a value in [p, 2^31) was proven as if
 * reduced and a larger one failed as "does not satisfy its constraints"; now the commitment
 * refuses either, naming the table, column and row, and so do setup and checkConstraints.
 */
import { describe, expect, it } from "vitest";
import { checkConstraints } from "../../core/air/check.js";
import { compileAir } from "../../core/air/compile.js";
import { P } from "../../core/field/babybear.js";
import { NonCanonicalError, newMatrix } from "../../core/field/matrix.js";
import { cosetLde, cosetLdeRandomized } from "../../core/poly/index.js";
import { maxWord } from "../../core/poly/ntt.js";
import { type TableWitness, prove } from "../../core/stark/prover.js";
import { setup } from "../../core/stark/setup.js";
import { verify } from "../../core/stark/verifier.js";
import { heap } from "../../core/wasm/heap.js";
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
  it("equals the largest word, on one thread and on all, with every tail length", () => {
    const next = rng(7);
    for (const n of [0, 1, 7, 8, 9, 63, 65_537, (1 << 20) + 13]) {
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
      expect(() => prove(pk, bad, { zk })).toThrow(
        `prove: table fibonacci, column "a" (0), row 21: ${value} is not a field element`,
      );
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

describe("setup and checkConstraints refuse values ≥ p", () => {
  it("setup names the table and the preprocessed column", () => {
    const user = compileAir(rangeUserAir);
    const bad = withCell(bytePrep, 200, 0, P + 200);
    expect(() => setup([compileAir(byteTableAir), user], [bad, undefined], TEST_PARAMS)).toThrow(
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
