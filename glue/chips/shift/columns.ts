/**
 * The column layout of the shift table (`rv.shift`): op flags, a's bytes, b, the shift amount's
 * bits and byte shift, the power 2^r or 2^(8−r), each byte's split, the sign fill and the result.
 */
import { layout } from "../../../core/air/layout.js";

export const shiftCols = layout([
  "isSll",
  "isSrl",
  "isSra",
  ["a", 4],
  "bLo",
  "bHi",
  "y",
  ["rb", 3],
  ["qs", 4],
  "p1",
  "p2",
  "pw",
  ["lo", 4],
  ["hi", 4],
  "sa",
  "fill",
  "cLo",
  "cHi",
] as const);
