/**
 * The column layout of the division table (`rv.divrem`): one flag per operation, a, b, q, r, the
 * product words and carries, the b = 0 and overflow cases, signs and absolute values.
 */
import { layout } from "../../../core/air/layout.js";
import { AluOp } from "../buses.js";

/** The op flag columns, and the ALU operation code of each. */
export const FLAGS = ["isDiv", "isDivu", "isRem", "isRemu"] as const;
export const CODES = [AluOp.DIV, AluOp.DIVU, AluOp.REM, AluOp.REMU];

export const divCols = layout([
  ...FLAGS,
  "aLo",
  "aHi",
  "bLo",
  "bHi",
  "qLo",
  "qHi",
  "rLo",
  "rHi",
  "pLo",
  "pHi",
  "hLo",
  "hHi",
  ["c", 4],
  "bz",
  "binv",
  "ov",
  "sa",
  "sb",
  "sr",
  "rnz",
  "rinv",
  "arLo",
  "arHi",
  "abLo",
  "abHi",
] as const);
