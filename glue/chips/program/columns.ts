/**
 * The column layout of the program table (`rv.program`): the decoded fields of an instruction,
 * in PROGRAM_BUS order (the CPU's layout embeds them in the same order), preprocessed, and the
 * execution count as its only main column.
 */
import { layout } from "../../../core/air/layout.js";

/** The fields of a program row, in PROGRAM_BUS order. */
export const PROGRAM_FIELDS = [
  "pc",
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
  "isJalr",
  "off",
  "lsOp",
  "isMem",
  "isEcall",
] as const;
export type ProgramField = (typeof PROGRAM_FIELDS)[number];

/** Preprocessed: the decoded fields and isInsn (0 on padding rows). */
export const programPrepCols = layout([...PROGRAM_FIELDS, "isInsn"] as const);
/** Main: how often the row was executed. */
export const programCols = layout(["mult"] as const);
