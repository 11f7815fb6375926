/**
 * The column layout of the multiplication table (`rv.mul`): one flag per operation, the
 * operands' bytes, the 64-bit product's bytes and column carries, signs and the result.
 */
import { layout } from "../../../core/air/layout.js";
import { AluOp } from "../buses.js";

/** The op flag columns, and the ALU operation code of each. */
export const FLAGS = ["isMul", "isMulh", "isMulhsu", "isMulhu"] as const;
export const CODES = [AluOp.MUL, AluOp.MULH, AluOp.MULHSU, AluOp.MULHU];

export const mulCols = layout([
  ...FLAGS,
  ["a", 4],
  ["b", 4],
  ["r", 8],
  ["k", 8],
  "sa",
  "sb",
  "fa",
  "fb",
  "cLo",
  "cHi",
] as const);
