/**
 * Every cell of the machine's tables is constrained: on chosen real rows (a load, a store, an
 * ALU op, a jalr, a journal ecall, the halt), changing any single cell must make the check fail,
 * except cells that provably cannot matter on that row (listed with the reason).
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

// jbit only enters nextPc multiplied by isJalr; on other rows it cannot change anything. The ALU
// result (out) is unused on rows without an ALU operation (loads and stores add rs1 + imm in the
// load/store chip).
// The unused memory access of a row without one: its old/new value and address are only sent
// with multiplicity isMem = 0 (its gap limbs are still range-checked, so they are not free).
const MEMORY_ACCESS = ["mOldLo", "mOldHi", "mNewLo", "mNewHi", "maddr"];

describe("machine: every cell is constrained", () => {
  it("cpu, load row: only jbit and the unused ALU result are free", () => {
    expect(freeCells("rv.cpu", (g) => g("lsOp") === 3)).toEqual(["jbit", "outLo", "outHi"]);
  });
  it("cpu, store row: jbit, the ALU result and the unused rd write's old value are free", () => {
    expect(freeCells("rv.cpu", (g) => g("lsOp") === 6)).toEqual([
      "jbit",
      "outLo",
      "outHi",
      "rdOldLo",
      "rdOldHi",
    ]);
  });
  it("cpu, ALU row: jbit and the unused memory access are free", () => {
    expect(
      freeCells("rv.cpu", (g) => g("useAlu") === 1 && g("isBranch") === 0 && g("rd") === 7),
    ).toEqual(["jbit", ...MEMORY_ACCESS]);
  });
  it("cpu, jalr row: the unused memory access is free, jbit is not", () => {
    expect(freeCells("rv.cpu", (g) => g("isJalr") === 1)).toEqual(MEMORY_ACCESS);
  });
  it("load/store, syscall, io and boundary rows", () => {
    expect(freeCells("rv.loadstore", (g) => g("isSb") === 1)).toEqual([]);
    // The last call has no successor (gap limbs unused); a write has no count slack.
    expect(freeCells("rv.syscall", (g) => g("isJournal") === 1)).toEqual([
      "gLo",
      "gHi",
      "sLo",
      "sHi",
    ]);
    // The text-exclusion limbs matter on input rows only (journal writes leave memory as is).
    expect(freeCells("rv.io", (g) => g("isJournal") === 1)).toEqual(["above", "xLo", "xHi"]);
    expect(freeCells("rv.io", (g) => g("isInput") === 1)).toEqual([]);
    expect(freeCells("rv.boundary", (g) => g("addr") === 7)).toEqual([]);
  });
});
