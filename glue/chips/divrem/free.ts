/**
 * The division chip's free cells: only on padding rows (no op flag: nothing is sent). On b = 0
 * and overflow rows the normal case's witnesses are pinned to 0 (air.ts).
 */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const divremFree: readonly FreeCell[] = freeOnPadding(
  ["aLo", "aHi", "qLo", "qHi"],
  "isDiv + isDivu + isRem + isRemu",
);
