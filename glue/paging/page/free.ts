/**
 * The page table's free cells: only on padding rows (isReal = last = 0: no message). A padding
 * row right after a page's last row has k and the capacities pinned to 0; elsewhere nothing
 * reads them either.
 */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../../chips/free.js";

export const pageFree: readonly FreeCell[] = freeOnPadding(
  [
    "page",
    "isRegs",
    "k",
    "initLo",
    "initHi",
    "finLo",
    "finHi",
    "capIn",
    "capOut",
    "outIn",
    "outOut",
  ],
  "isReal",
);
