/**
 * Coprocessor writes stay out of the program text (review finding: a coprocessor could write
 * there in a proof although the executor refuses it). The writable-range chip proves each
 * written buffer lies below or above the text; here: honest buffers on both sides check, forged
 * rows for a buffer inside or overlapping the text are rejected whatever split of the distance
 * the prover picks, and a run that writes into the text cannot be traced for proving.
 */
import { describe, expect, it } from "vitest";
import { checkConstraints } from "../../core/air/check.js";
import { P } from "../../core/field/babybear.js";
import { WRITABLE_BUS } from "../../glue/chips/buses.js";
import { bytesChip, bytesPreprocessed, bytesTrace } from "../../glue/chips/bytes/index.js";
import { Lookups } from "../../glue/chips/table.js";
import { writableChip, writableCols, writableTrace } from "../../glue/chips/writable/index.js";
import { proveReceipt } from "../../glue/receipt.js";
import { MachineState } from "../../glue/riscv/state.js";
import * as A from "../riscv/asm.js";
import { check as checkMachine, runAndCheck, tamper } from "../machine/helpers.js";
import { withExit } from "../machine/programs.js";
import { tableIndex } from "../../glue/machine.js";
import { wadd, WADD_SYSCALL } from "./wadd.js";

const TEXT = { lo: 1000, hi: 2000 };

/** checkConstraints over one writable table (rows given as cells), the byte table, and the sends. */
function check(rows: number[][], sends: [number, number][], lookups: Lookups) {
  const width = writableCols.width;
  const values = new Uint32Array(8 * width);
  rows.forEach((r, i) => values.set(r, i * width));
  return checkConstraints(
    [
      { air: writableChip(TEXT), main: { values, width, height: 8 } },
      { air: bytesChip(), main: bytesTrace(lookups), preprocessed: bytesPreprocessed() },
    ],
    sends.map(([w, n]) => ({ bus: WRITABLE_BUS, values: [w, n], multiplicity: 1 })),
  );
}

describe("writable-range chip", () => {
  it("buffers below and above the text check", () => {
    const L = new Lookups();
    const ranges = [
      { w: 992, n: 8 },
      { w: 2000, n: 8 },
      { w: 1024 + 2 ** 29, n: 16 },
    ];
    const t = writableTrace(ranges, TEXT, L);
    const rows = Array.from({ length: t.rows }, (_, r) =>
      Array.from(t.main.values.subarray(r * t.main.width, (r + 1) * t.main.width)),
    );
    const report = check(
      rows,
      ranges.map((x) => [x.w, x.n]),
      L,
    );
    expect(report.ok, report.toString()).toBe(true);
  });

  it("a buffer inside or overlapping the text has no accepted row", () => {
    for (const { w, n } of [
      { w: 1500, n: 8 },
      { w: 993, n: 8 }, // its last word is the text's first
      { w: 1999, n: 1 },
    ]) {
      for (const above of [0, 1]) {
        const d = above ? (w - TEXT.hi + P) % P : (TEXT.lo - w - n + P) % P;
        // The prover's best splits of the needed distance: canonical limbs, or a u14 high limb.
        for (const dHi of [Math.floor(d / 65536), 16383, 0]) {
          const dLo = (d - 65536 * dHi + 65536 * P) % P;
          const L = new Lookups();
          if (dLo < 65536) L.range16(dLo);
          if (dHi < 16384) L.range14(dHi);
          const report = check([[1, w, n, above, dLo, dHi]], [[w, n]], L);
          expect(report.ok).toBe(false);
        }
      }
    }
  });

  it("trace generation refuses a write into the text", () => {
    expect(() => writableTrace([{ w: 1990, n: 16 }], TEXT, new Lookups())).toThrow(
      /inside the program text/,
    );
  });
});

describe("a coprocessor writing into the program text", () => {
  const call = (dst: number, src: number) => [
    ...A.li(10, dst),
    ...A.li(11, src),
    ...A.li(17, WADD_SYSCALL),
    A.ECALL,
  ];
  // dst = the first word of the program's own code.
  const p = A.program(withExit(call(A.CODE_BASE, A.DATA_BASE)), new Uint8Array(16));

  it("stops the executor, and a prover that skips the executor's check cannot trace it", () => {
    expect(() => proveReceipt(p, { coprocessors: [wadd] })).toThrow(/write to program memory/);
    const original = MachineState.prototype.isProgramWord;
    MachineState.prototype.isProgramWord = () => false;
    try {
      expect(() => proveReceipt(p, { coprocessors: [wadd] })).toThrow(/inside the program text/);
    } finally {
      MachineState.prototype.isProgramWord = original;
    }
  });
});

describe("writable-range chip in a machine run", () => {
  const D = A.DATA_BASE;
  const body = [...A.li(10, D), ...A.li(11, D + 4), ...A.li(17, WADD_SYSCALL), A.ECALL];
  const p = A.program(withExit(body, { ptr: D, len: 4 }), new Uint8Array(16));

  it("every cell of its real row is constrained; on padding rows only unsent cells are free", () => {
    const { machine, traces, journal, report } = runAndCheck(p, undefined, [wadd]);
    expect(report.ok, report.toString()).toBe(true);
    const t = tableIndex(machine, "rv.writable");
    const cols = machine.airs[t].mainColumns;
    const m = traces[t];
    const detected = (row: number, name: string, v: number) =>
      !checkMachine(machine, tamper(machine, traces, "rv.writable", row, name, v), journal).ok;
    for (const [c, name] of cols.entries()) {
      const v = m.values[c];
      expect(detected(0, name, v + 1), `real row, ${name} + 1`).toBe(true);
    }
    // Padding row 1: isReal = 1 would receive a range nobody sent; the other cells are free
    // there (every constraint and message of the chip is multiplied by isReal, and above stays
    // boolean), because nothing is received or looked up from a padding row.
    const free = cols.filter((name) => !detected(1, name, 1));
    expect(free).toEqual(["w", "n", "above", "dLo", "dHi"]);
  });
});
