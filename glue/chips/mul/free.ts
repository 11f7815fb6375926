/** The multiplication chip's free cells: only on padding rows (no op flag: nothing is sent). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const mulFree: readonly FreeCell[] = freeOnPadding(
  ["a", "b", "sa", "sb"],
  "isMul + isMulh + isMulhsu + isMulhu",
);
