/**
 * The column layout of the CPU table (`rv.cpu`) and the indices of its public values. The
 * program fields sit in PROGRAM_BUS order and contiguously, so trace generation copies a program
 * row into a CPU row in one call.
 */
import { layout } from "../../../core/air/layout.js";
import { PROGRAM_FIELDS } from "../program/columns.js";

export const cpuCols = layout([
  "isReal",
  "clk",
  "isHalt",
  "jbit",
  "nextPc",
  ...PROGRAM_FIELDS,
  "rs1Lo",
  "rs1Hi",
  "rs2Lo",
  "rs2Hi",
  "outLo",
  "outHi",
  "rdLo",
  "rdHi",
  "rdOldLo",
  "rdOldHi",
  "mOldLo",
  "mOldHi",
  "mNewLo",
  "mNewHi",
  "maddr",
  ["dLo", 4],
  ["dHi", 4],
] as const);

/** Indices of the CPU table's public values. */
export const CpuPublic = {
  startPc: 0,
  startClk: 1,
  endPc: 2,
  endClk: 3,
  continues: 4,
} as const;
