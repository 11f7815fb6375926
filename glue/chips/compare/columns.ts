/**
 * The column layout of the comparison table (`rv.compare`): one flag per operation, the
 * operands, their difference and borrows, signs and the result. Width and indices derive from it.
 */
import { layout } from "../../../core/air/layout.js";
import { AluOp } from "../buses.js";

/** The op flag columns, and the ALU operation code of each. */
export const FLAGS = ["isEq", "isNe", "isLt", "isGe", "isLtu", "isGeu"] as const;
export const CODES = [AluOp.EQ, AluOp.NE, AluOp.LT, AluOp.GE, AluOp.LTU, AluOp.GEU];

export const compareCols = layout([
  ...FLAGS,
  "aLo",
  "aHi",
  "bLo",
  "bHi",
  "dLo",
  "dHi",
  "k0",
  "borrow",
  "sa",
  "sb",
  "slt",
  "eq",
  "inv",
  "res",
] as const);
