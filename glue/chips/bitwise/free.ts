/** The AND/OR/XOR chip's free cells: only on padding rows (no op flag: no lookup, no call). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const bitwiseFree: readonly FreeCell[] = freeOnPadding(
  ["a", "b", "c"],
  "isAnd + isOr + isXor",
);
