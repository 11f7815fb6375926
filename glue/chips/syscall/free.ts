/** The syscall table's free cells: only on padding rows (no kind flag: no message). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const syscallFree: readonly FreeCell[] = freeOnPadding(
  ["clk", "resLo", "resHi", "ptrLo", "ptrHi", "lenLo", "lenHi", "prevTs", "dLo", "dHi", "jpos"],
  "the kind flags",
);
