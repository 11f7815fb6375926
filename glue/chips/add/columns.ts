/**
 * The column layout of the ADD/SUB table (`rv.add`): op flags, the three words as 16-bit limbs,
 * and the two carries. Width and indices derive from it.
 */
import { layout } from "../../../core/air/layout.js";

export const addCols = layout([
  "isAdd",
  "isSub",
  "aLo",
  "aHi",
  "bLo",
  "bHi",
  "cLo",
  "cHi",
  "k0",
  "k1",
] as const);
