/**
 * Every cell of the machine's tables is constrained: on chosen real rows (a load, a store, an
 * ALU op, a jalr, a journal ecall, the halt), changing any single cell must make the check fail:
 * the cells a row does not read are pinned to 0.
 */
import { describe, expect, it } from "vitest";
import { type RiscvTable, tableIndex } from "../../glue/machine.js";
import * as A from "../riscv/asm.js";
import { check, runAndCheck } from "./helpers.js";
import { withExit } from "./programs.js";

function freeCells(tableName: RiscvTable, pick: (get: (c: string) => number) => boolean): string[] {
  const data = new Uint8Array(32).map((_, i) => i * 5 + 3);
  const body = [
    ...A.li(5, A.DATA_BASE),
    A.lw(6, 5, 4),
    A.sb(6, 5, 9),
    A.rtype("add", 7, 6, 6),
    A.auipc(8, 0),
    A.jalr(1, 8, 12),
    A.addi(9, 9, 1),
    // read(0, DATA_BASE + 20, 3): private input into memory (an io input row)
    ...A.li(17, 63),
    ...A.li(10, 0),
    ...A.li(11, A.DATA_BASE + 20),
    ...A.li(12, 3),
    A.ECALL,
  ];
  const { machine, traces, journal, report } = runAndCheck(
    A.program(withExit(body, { ptr: A.DATA_BASE + 2, len: 5 }), data),
    Uint8Array.of(9, 8, 7),
  );
  expect(report.ok).toBe(true);
  const t = tableIndex(machine, tableName);
  const m = traces[t];
  const cols = machine.airs[t].mainColumns;
  let row = -1;
  for (let r = 0; r < m.height && row < 0; r++)
    if (pick((c) => m.values[r * m.width + cols.indexOf(c)])) row = r;
  expect(row).toBeGreaterThanOrEqual(0);
  const free: string[] = [];
  for (let col = 0; col < m.width; col++) {
    const i = row * m.width + col;
    const saved = m.values[i];
    m.values[i] = (saved + 1) % 2013265921;
    if (check(machine, traces, journal).ok) free.push(cols[col]);
    m.values[i] = saved;
  }
  return free;
}

// Cells a row does not read — jbit off jalr rows, the ALU result without an ALU operation, the
// memory access of a row without one (address, old and new word, gap limbs), rd's old value and
// gap where rd is not written, the syscall's clk gap after the last call and a write's count
// slack, the io text-distance limbs on journal rows — are pinned to 0 by their chips (issue 12:
// glue/fuzz/machine.ts fuzzes every table for such cells), so no single cell is free on any row.
describe("machine: every cell is constrained", () => {
  it("cpu, load row: no cell is free", () => {
    expect(freeCells("rv.cpu", (g) => g("lsOp") === 3)).toEqual([]);
  });
  it("cpu, store row: no cell is free (no ALU result, no rd write)", () => {
    expect(freeCells("rv.cpu", (g) => g("lsOp") === 6)).toEqual([]);
  });
  it("cpu, ALU row: no cell is free (no memory access)", () => {
    expect(
      freeCells("rv.cpu", (g) => g("useAlu") === 1 && g("isBranch") === 0 && g("rd") === 7),
    ).toEqual([]);
  });
  it("cpu, jalr row: no cell is free", () => {
    expect(freeCells("rv.cpu", (g) => g("isJalr") === 1)).toEqual([]);
  });
  it("load/store, syscall, io and boundary rows", () => {
    expect(freeCells("rv.loadstore", (g) => g("isSb") === 1)).toEqual([]);
    // The last call's clk gap and a write's count slack are pinned to 0.
    expect(freeCells("rv.syscall", (g) => g("isJournal") === 1)).toEqual([]);
    // The text-exclusion limbs are pinned to 0 on journal rows.
    expect(freeCells("rv.io", (g) => g("isJournal") === 1)).toEqual([]);
    expect(freeCells("rv.io", (g) => g("isInput") === 1)).toEqual([]);
    expect(freeCells("rv.boundary", (g) => g("addr") === 7)).toEqual([]);
  });
});
