/** The io table's free cells: only on padding rows (no kind flag: no access, no journal byte). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const ioFree: readonly FreeCell[] = freeOnPadding(
  ["ts", "wLo", "z", "pos", "rem", "prevTs", "dLo", "dHi"],
  "isJournal + isInput",
);
