/** The writable-range table's free cells: only on padding rows (isReal = 0: no message). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const writableFree: readonly FreeCell[] = freeOnPadding(
  ["w", "n", "above", "dLo", "dHi"],
  "isReal",
);
