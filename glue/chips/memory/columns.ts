/**
 * The column layouts of the two memory tables: the image table (`rv.image`: preprocessed address
 * and word with its multiplicity, one unused main column) and the boundary table (`rv.boundary`:
 * each address's initial and final state, its window limbs and the gap to the next address).
 */
import { layout } from "../../../core/air/layout.js";

/** Image, preprocessed: a nonzero initial word at `addr` and its multiplicity isWord. */
export const imagePrepCols = layout(["addr", "lo", "hi", "isWord"] as const);
/** Image, main: no data (a table needs a main column). */
export const imageCols = layout(["unused"] as const);

export const boundaryCols = layout([
  "isReal",
  "addr",
  "inImage",
  "initLo",
  "initHi",
  "finLo",
  "finHi",
  "finTs",
  "aLo",
  "aHi",
  "dLo",
  "dHi",
] as const);
