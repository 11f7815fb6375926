/**
 * The column layout of the AND/OR/XOR table (`rv.bitwise`): op flags and the three words as
 * four bytes each. Width and indices derive from it.
 */
import { layout } from "../../../core/air/layout.js";

export const bitwiseCols = layout([
  "isAnd",
  "isOr",
  "isXor",
  ["a", 4],
  ["b", 4],
  ["c", 4],
] as const);
