import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { assertConstraints, checkConstraints, ConstraintCheckError } from "../../core/air/check.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { defineBus } from "../../core/air/bus.js";
import { layout } from "../../core/air/layout.js";
import {
  byteBus,
  byteMults,
  bytePrep,
  byteTableAir,
  fibAir,
  fibTrace,
  matrix,
  rangeUserAir,
  threeTables,
  threeTraces,
  withCell,
} from "./fixtures.js";

const fib = compileAir(fibAir);
const byteTable = compileAir(byteTableAir);
const rangeUser = compileAir(rangeUserAir);

describe("checkConstraints: Fibonacci", () => {
  it("passes on a valid trace", () => {
    const { main, publicValues } = fibTrace(16);
    const report = checkConstraints([{ air: fib, main, publicValues }]);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("names table, constraint and row of a changed cell", () => {
    const { main, publicValues } = fibTrace(16);
    // Row 5, column b: "b' = a + b" fails at row 4 (its next), "a' = b" at row 5.
    const bad = withCell(main, 5, 1, main.values[5 * 2 + 1] + 1);
    const report = checkConstraints([
      { air: fib, main: fibTrace(4).main, publicValues: fibTrace(4).publicValues },
      { air: fib, main: bad, publicValues },
    ]);
    expect(report.ok).toBe(false);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({
      table: 1,
      air: "fibonacci",
      constraint: "b' = a + b",
      row: 4,
      failingRows: 2,
    });
    expect(report.toString()).toContain(
      `table 1 ("fibonacci"): constraint "b' = a + b" fails at row 4`,
    );
    expect(() => assertConstraints([{ air: fib, main: bad, publicValues }])).toThrow(
      ConstraintCheckError,
    );
  });

  it("checks boundary constraints against public values, and no transition wraps", () => {
    const { main, publicValues } = fibTrace(8);
    const wrongResult = Uint32Array.of(0, 1, publicValues[2] + 1);
    const r = checkConstraints([{ air: fib, main, publicValues: wrongResult }]);
    expect(r.failures[0]).toMatchObject({
      constraint: "result is public 2",
      row: 7,
      failingRows: 1,
    });
    // Row 0's a changed: only the first-row constraint names it (row 7 → row 0 is no transition).
    const r2 = checkConstraints([{ air: fib, main: withCell(main, 0, 0, 5), publicValues }]);
    expect(r2.failures[0]).toMatchObject({ constraint: "a starts at public 0", row: 0 });
    // Only row 0 fails (two constraints there); row 7 → row 0 is no transition.
    expect(r2.failures[0].failingRows).toBe(1);
  });

  it("refuses traces of the wrong shape with a clear error", () => {
    const { main, publicValues } = fibTrace(8);
    expect(() =>
      checkConstraints([{ air: fib, main: { ...main, width: 3 }, publicValues }]),
    ).toThrow(/width 3, the AIR declares 2/);
    expect(() => checkConstraints([{ air: fib, main }])).toThrow(/0 public values, expected 3/);
  });
});

describe("checkConstraints: a wide AIR (several generated chunks)", () => {
  // 200 constraints c_a·c_b = 49; column 39 appears only in the last ten.
  const wide = compileAir(
    defineAir({
      name: "wide check",
      mainColumns: layout([["c", 40]] as const),
      eval(b) {
        const c = b.local.c;
        for (let j = 0; j < 200; j++) {
          const [x, y] = j < 190 ? [j % 39, (7 * j) % 39] : [39, j % 39];
          b.assertZero(`z${j}`, c[x].mul(c[y]).sub(49));
        }
      },
    }),
  );
  const main = matrix(Array.from({ length: 8 }, () => new Array(40).fill(7)));
  it("passes, and names a failure found by the last chunk", () => {
    expect(checkConstraints([{ air: wide, main }]).ok).toBe(true);
    const r = checkConstraints([{ air: wide, main: withCell(main, 6, 39, 8) }]);
    expect(r.failures[0]).toMatchObject({ constraint: "z190", row: 6, failingRows: 1 });
  });
});

describe("checkConstraints: range check over a preprocessed byte table", () => {
  const xs = [0, 7, 7, 255, 128, 3, 3, 3];
  it("passes when balanced", () => {
    const report = checkConstraints([
      { air: byteTable, main: byteMults(xs), preprocessed: bytePrep },
      { air: rangeUser, main: matrix(xs.map((x) => [x])) },
    ]);
    expect(report.toString()).toBe("all constraints hold and every bus balances");
    expect(report.ok).toBe(true);
  });

  it("reports an out-of-range value as an unmatched message naming its sender", () => {
    const bad = [...xs];
    bad[5] = 300;
    const report = checkConstraints([
      { air: byteTable, main: byteMults(bad), preprocessed: bytePrep },
      { air: rangeUser, main: matrix(bad.map((x) => [x])) },
    ]);
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([]);
    expect(report.unmatched).toHaveLength(1);
    const u = report.unmatched[0];
    expect(u.bus.name).toBe("test.byte");
    expect(u.values).toEqual([300]);
    expect(u.net).toBe(1);
    expect(u.sources).toEqual([
      { table: 1, air: "range user", row: 5, interaction: "x is a byte", multiplicity: 1 },
    ]);
    expect(report.toString()).toContain(`message [300] is unmatched: net 1`);
    expect(report.toString()).toContain(`table 1 ("range user") row 5, interaction "x is a byte"`);
  });

  it("flags a multiplicity of p − 1 (−1 in the field) as unbalanced", () => {
    // A table that sends x with a free multiplicity column. Sending 10 once with multiplicity
    // p − 1 and once with 1 sums to p ≡ 0: balanced in the field (a proof could not tell),
    // unbalanced over the integers, and nobody ever received 10.
    const sender = compileAir(
      defineAir({
        name: "free sender",
        mainColumns: layout(["x", "m"] as const),
        eval(b) {
          b.send(byteBus, [b.local.x], b.local.m, "send x");
        },
      }),
    );
    const report = checkConstraints([
      {
        air: sender,
        main: matrix([
          [10, P - 1],
          [10, 1],
          [3, 0],
          [3, 0],
        ]),
      },
    ]);
    expect(report.ok).toBe(false);
    expect(report.unmatched).toHaveLength(1);
    const u = report.unmatched[0];
    expect(u.values).toEqual([10]);
    expect(u.net).toBe(P);
    expect(u.wrapsModP).toBe(true);
    expect(u.sources.map((s) => [s.row, s.multiplicity])).toEqual([
      [0, P - 1],
      [1, 1],
    ]);
    expect(report.toString()).toContain("balanced only modulo p");
    // The same multiplicity as a receive of something sent once: 1 − (p − 1) = 2 − p.
    const r2 = checkConstraints([
      { air: byteTable, main: withCell(byteMults([]), 10, 0, P - 1), preprocessed: bytePrep },
      { air: rangeUser, main: matrix([[10]]) },
    ]);
    expect(r2.unmatched[0]).toMatchObject({ values: [10], net: 2 - P, wrapsModP: false });
  });
});

describe("checkConstraints: three tables, two buses", () => {
  const { pair, adder, counter } = threeTables;
  it("passes when balanced", () => {
    const t = threeTraces();
    const report = checkConstraints([
      { air: pair, main: t.pair },
      { air: adder, main: t.adder },
      { air: counter, main: t.counter },
    ]);
    expect(report.toString()).toBe("all constraints hold and every bus balances");
  });

  it("a deactivated receiver leaves the pair unmatched and the sum missing", () => {
    const t = threeTraces();
    const adderBad = withCell(t.adder, 3, 3, 0); // row 3 no longer receives (3, 2) nor sends 5
    const report = checkConstraints([
      { air: pair, main: t.pair },
      { air: adder, main: adderBad },
      { air: counter, main: t.counter },
    ]);
    expect(report.failures).toEqual([]);
    const names = report.unmatched.map((u) => `${u.bus.name} [${u.values}] ${u.net}`).sort();
    expect(names).toEqual(["test.pair [3,2] 1", "test.small [5] -1"]);
    const small = report.unmatched.find((u) => u.bus.name === "test.small")!;
    expect(small.sources[0]).toMatchObject({ table: 2, air: "counter", row: 5, multiplicity: -1 });
  });

  it("a non-boolean 'active' is a named constraint failure", () => {
    const t = threeTraces();
    const report = checkConstraints([{ air: adder, main: withCell(t.adder, 9, 3, 2) }]);
    expect(report.failures[0]).toMatchObject({ constraint: "active is a bit", row: 9 });
  });
});

describe("checkConstraints: messages supplied by the caller (verifier side)", () => {
  const journal = defineBus("test.journal", 2);
  const writer = compileAir(
    defineAir({
      name: "journal writer",
      mainColumns: layout(["index", "byte", "on"] as const),
      eval(b) {
        b.assertBool("on is a bit", b.local.on);
        b.send(journal, [b.local.index, b.local.byte], b.local.on);
      },
    }),
  );
  const main = matrix([
    [0, 104, 1],
    [1, 105, 1],
    [2, 0, 0],
    [3, 0, 0],
  ]);
  it("balances against the caller's receives", () => {
    const msgs = [
      { bus: journal, values: [0, 104], multiplicity: -1 },
      { bus: journal, values: [1, 105], multiplicity: -1 },
    ];
    expect(checkConstraints([{ air: writer, main }], msgs).ok).toBe(true);
  });
  it("a wrong public byte is unmatched, naming the caller's message", () => {
    const msgs = [
      { bus: journal, values: [0, 104], multiplicity: -1 },
      { bus: journal, values: [1, 106], multiplicity: -1 },
    ];
    const r = checkConstraints([{ air: writer, main }], msgs);
    expect(r.unmatched.map((u) => u.values)).toEqual([
      [1, 105],
      [1, 106],
    ]);
    expect(r.toString()).toContain("received ×1 by the caller's message #1");
    expect(() =>
      checkConstraints([{ air: writer, main }], [{ bus: journal, values: [1], multiplicity: 1 }]),
    ).toThrow(/exactly 2 values/);
  });
});
