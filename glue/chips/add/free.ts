/** The ADD/SUB chip's free cells: only on padding rows (no op flag: the row receives nothing). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const addFree: readonly FreeCell[] = freeOnPadding(
  ["aLo", "aHi", "cLo", "cHi"],
  "isAdd + isSub",
);
