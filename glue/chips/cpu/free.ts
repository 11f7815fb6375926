/**
 * The CPU's free cells. On a real row every cell is determined by the run (the unused ones are
 * pinned to 0, air.ts), except the value rd held before its write, which the row receives from
 * the memory argument and overwrites: a mirrored edit (the previous write changed too) passes,
 * and no run is changed by it. Padding rows send nothing.
 */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

const writesRd = {
  description: "rows that write rd",
  test: (l: (c: string) => number) => l("writesRd") === 1,
};

export const cpuFree: readonly FreeCell[] = [
  ...["rdOldLo", "rdOldHi"].map((column) => ({
    column,
    rows: "real" as const,
    where: writesRd,
    reason:
      "rd's old value is only received (the memory argument ties it to the previous write) and overwritten, never read",
  })),
  ...freeOnPadding(
    [
      "rs1",
      "rs2",
      "rd",
      "writesRd",
      "immLo",
      "immHi",
      "aluOp",
      "useAlu",
      "isLink",
      "linkLo",
      "linkHi",
      "isJal",
      "isBranch",
      "off",
      "lsOp",
      "isMem",
      "isEcall",
      "rs1Lo",
      "rs1Hi",
      "rs2Lo",
      "rs2Hi",
      "dLo[0]",
      "dLo[1]",
      "dHi[0]",
      "dHi[1]",
    ],
    "isReal",
  ),
];
