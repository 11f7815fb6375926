/**
 * The column layout of the syscall table (`rv.syscall`): kind flags, clk, the result, a1/a2 with
 * their register-read gaps, the byte count with its inverse, the journal position, the clk gap to
 * the next row and a read's slack.
 */
import { layout } from "../../../core/air/layout.js";

export const syscallCols = layout([
  "isStdout",
  "isStderr",
  "isJournal",
  "isInput",
  "clk",
  "resLo",
  "resHi",
  "ptrLo",
  "ptrHi",
  "lenLo",
  "lenHi",
  ["prevTs", 2],
  ["dLo", 2],
  ["dHi", 2],
  "n",
  "nInv",
  "nz",
  "jn",
  "jpos",
  "gLo",
  "gHi",
  "sLo",
  "sHi",
] as const);
