/** The boundary table's free cells: only on padding rows (isReal = 0: no message, no range). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const boundaryFree: readonly FreeCell[] = freeOnPadding(
  ["addr", "finLo", "finHi", "finTs", "aLo", "aHi"],
  "isReal",
);
