/**
 * The Keccak table on its own: random calls (the zero and all-ones states among them) give a
 * trace whose row 0 holds the input and whose last row's slots hold noble's keccakP of it; the
 * table passes `checkConstraints` with its buses balanced by the counterpart messages (the
 * CPU's calls, the other halves of the memory accesses, the range tables, the writable-range
 * chip); the declared degree is the symbolic one and the cost per permutation is within the
 * issue's target; an empty table is all zero; a wrong output word on the memory bus is refused;
 * and changing any cell of every kind of real row, and of a padding row, is detected by a
 * constraint or a changed message, except exactly the cells fuzz.ts declares free.
 */
import { keccakP } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { checkConstraints } from "../../core/air/check.js";
import { topoOrder } from "../../core/air/expr.js";
import { Lookups, MEMORY_BUS } from "../../glue/coprocessor-air.js";
import { counterpart, rng } from "../coprocessors/helpers.js";
import { keccakCalls } from "./keccak-calls.js";
import { KECCAK_MAX_DEGREE, keccakChip } from "../../examples/coprocessors/keccak/air.js";
import { keccakCols, ROWS_PER_CALL } from "../../examples/coprocessors/keccak/columns.js";
import { KECCAK_SYSCALL } from "../../examples/coprocessors/keccak/constants.js";
import { unusedSlot } from "../../examples/coprocessors/keccak/fuzz.js";
import { keccakTrace } from "../../examples/coprocessors/keccak/trace.js";
import { P } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";

const C = keccakCols.index;
const W = keccakCols.width;

/** The 50 words held as 100 limbs from column `col` of `row`. */
function wordsAt(m: Matrix, row: number, col: number): Uint32Array {
  const o = row * W + col;
  return Uint32Array.from(
    { length: 50 },
    (_, k) => m.values[o + 2 * k] + 65536 * m.values[o + 2 * k + 1],
  );
}

describe("Keccak-f[1600] AIR", () => {
  const air = keccakChip();

  it("has the declared degree and reports its cost per permutation", () => {
    expect(air.maxDegree).toBe(KECCAK_MAX_DEGREE);
    // Each family the README budgets at degree 3 reaches it.
    for (const name of ["C′[0][0] = C ⊕ D", "parity[0][0]", "A[0] limb 0", "chi 0: lane 0 bit 0"])
      expect(air.constraints.find((c) => c.name === name)?.degree, name).toBe(3);
    const main = ROWS_PER_CALL * air.mainWidth;
    const aux = ROWS_PER_CALL * 4 * air.auxWidth;
    console.log(
      `cop.keccak: ${air.mainWidth} main + ${air.auxWidth} ext aux columns, ${ROWS_PER_CALL} rows per permutation: ` +
        `${main} main cells, ${main + aux} with LogUp; ${air.interactions.length} interactions, ` +
        `${air.constraints.length} constraints, ${topoOrder(air.constraints.map((c) => c.expr)).length} DAG nodes`,
    );
    expect(air.mainWidth).toBe(2473);
    expect(air.auxWidth).toBe(14);
    expect(main).toBeLessThanOrEqual(65_000); // the issue's target (Plonky3's keccak-air: 63,192)
  });

  it("computes the permutation (noble's keccakP) and passes checkConstraints", () => {
    const calls = keccakCalls(4, 7);
    const L = new Lookups();
    const m = keccakTrace(calls, L);
    expect(m.height).toBe(128);
    calls.forEach((c, i) => {
      const expected = c.events.input.slice();
      keccakP(expected, 24);
      expect(wordsAt(m, ROWS_PER_CALL * i, C.a)).toEqual(c.events.input);
      expect(wordsAt(m, ROWS_PER_CALL * i + 23, C.slot)).toEqual(expected);
    });
    const report = checkConstraints([{ air, main: m }], counterpart(KECCAK_SYSCALL, 50, calls, L));
    expect(report.toString()).toBe("all constraints hold and every bus balances");
    expect(m.values.subarray(4 * ROWS_PER_CALL * W).every((x) => x === 0)).toBe(true);
  });

  it("an empty table is all zero and satisfies everything", () => {
    const m = keccakTrace([], new Lookups());
    expect(m.height).toBe(8);
    expect(m.values.every((x) => x === 0)).toBe(true);
    expect(checkConstraints([{ air, main: m }]).ok).toBe(true);
  });

  it("rejects a wrong output word claimed on the memory bus", () => {
    const calls = keccakCalls(2, 11);
    const L = new Lookups();
    const m = keccakTrace(calls, L);
    const msgs = counterpart(KECCAK_SYSCALL, 50, calls, L);
    const addr = calls[1].accesses[17].addr;
    const i = msgs.findIndex(
      (x) => x.bus === MEMORY_BUS && x.multiplicity < 0 && x.values[0] === addr,
    );
    const v = Array.from(msgs[i].values);
    v[2] = (v[2] + 1) % 65536;
    msgs[i] = { ...msgs[i], values: v };
    expect(checkConstraints([{ air, main: m }], msgs).ok).toBe(false);
  });

  it("detects a change of any cell of every kind of row, except the declared free slots", () => {
    const calls = keccakCalls(2, 3);
    const m = keccakTrace(calls, new Lookups());
    const h = m.height;
    const cons = new Uint32Array(air.numAirConstraints);
    const buf = new Uint32Array(air.rows.interactionWords);
    const windows = (r: number) => [(r + h - 1) % h, r];
    // The messages of rows r − 1 and r: those whose constraints and messages can see row r.
    const messages = (r: number): string => {
      const keys: string[] = [];
      for (const row of windows(r)) {
        air.rows.interactions(m.values, null, new Uint32Array(0), row, (row + 1) % h, h, buf);
        air.interactions.forEach((it, i) => {
          const off = air.rows.interactionOffsets[i];
          const mult = buf[off + it.bus.width];
          if (mult === 0) return;
          keys.push(
            `${it.bus.id}:${it.kind}:${buf.subarray(off, off + it.bus.width).join(",")}×${mult}`,
          );
        });
      }
      return keys.sort().join("|");
    };
    const violated = (r: number): boolean =>
      windows(r).some((row) => {
        air.rows.constraints(m.values, null, new Uint32Array(0), row, (row + 1) % h, h, cons);
        return cons.some((x) => x !== 0);
      });
    const r = rng(99);
    // The second call's rows (so that the row above row 0 is the first call's row 23): the
    // pointer row, the read rows, the gap-only row, the idle rows, the write rows; then padding.
    const rounds = [0, 1, 2, 5, 10, 11, 12, 14, 22, 23];
    const rows: [number | "padding", number][] = rounds.map((k) => [k, ROWS_PER_CALL + k]);
    rows.push(["padding", 2 * ROWS_PER_CALL]);
    const free: string[] = [];
    for (const [kind, row] of rows) {
      expect(violated(row)).toBe(false);
      const honest = messages(row);
      for (let c = 0; c < W; c++) {
        const cell = row * W + c;
        const old = m.values[cell];
        // One random value per cell (a bit column's is almost surely not a bit; 2,473 columns
        // by 11 rows is what the test's time allows: the fuzzer tries six kinds of edit).
        const nv = (old + 1 + Math.floor(r() * (P - 1))) % P;
        m.values[cell] = nv;
        if (!violated(row) && messages(row) === honest) free.push(`${kind}:${keccakCols[c]}`);
        m.values[cell] = old;
      }
    }
    const expected: string[] = [];
    for (const [kind] of rows) {
      for (let j = 0; j < 100; j++)
        if (kind === "padding" || unusedSlot(j, kind)) expected.push(`${kind}:slot[${j}]`);
      if (kind === "padding") expected.push("padding:clk", "padding:mbase");
    }
    expect(free.sort()).toEqual(expected.sort());
    // Not vacuous: rows 0, 5, 10, 11, 12, 14 and 22 leave 95 + 30 + 80 + 90 + 100 + 90 + 10
    // slots free, a padding row its 100 slots, clk and mbase.
    expect(free.length).toBe(495 + 102);
  }, 300_000);
});
