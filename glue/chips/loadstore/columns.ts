/**
 * The column layout of the load/store table (`rv.loadstore`): one flag per operation, the byte
 * address and its split, the old word's bytes, rs2, rd, the new word, the sign byte, the
 * guest-range and text-distance limbs, and rs1 + imm with its carries.
 */
import { layout } from "../../../core/air/layout.js";
import { LsOp } from "../buses.js";

/** The op flag columns, and the load/store operation code of each. */
export const FLAGS = ["isLb", "isLh", "isLw", "isLbu", "isLhu", "isSb", "isSh", "isSw"] as const;
export const CODES = [LsOp.LB, LsOp.LH, LsOp.LW, LsOp.LBU, LsOp.LHU, LsOp.SB, LsOp.SH, LsOp.SW];

export const lsCols = layout([
  ...FLAGS,
  "addrLo",
  "addrHi",
  "q",
  ["e", 4],
  ["ob", 4],
  "rs2Lo",
  "rs2Hi",
  "r0",
  "r1",
  "rdLo",
  "rdHi",
  "newLo",
  "newHi",
  "sbyte",
  "s",
  "gLo",
  "gHi",
  "rs1Lo",
  "rs1Hi",
  "immLo",
  "immHi",
  "k0",
  "k1",
  "above",
  "xLo",
  "xHi",
] as const);
