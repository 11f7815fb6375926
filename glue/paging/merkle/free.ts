/** The Merkle-node table's free cells: only on padding rows (isReal = lT = rT = 0: no message). */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../../chips/free.js";

export const merkleFree: readonly FreeCell[] = freeOnPadding(
  ["level", "index", "lIn", "rIn", "lOut", "rOut", "hIn", "hOut", "xIn", "xOut"],
  "isReal",
);
