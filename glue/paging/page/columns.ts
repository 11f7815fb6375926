/**
 * The column layout of the page table (`rv.page`): one row per sponge step of a paged page —
 * the 4 words it absorbs in the start and the end image, and both sponges' states around the
 * step (air.ts).
 */
import { layout } from "../../../core/air/layout.js";

export const pageCols = layout([
  // 1 on the 64 rows of each paged page, 0 on padding (at the end).
  "isReal",
  // The page's leaf index (0 for the register page), the same on all 64 rows.
  "page",
  // 1 on the register page's rows (page = 0): slot s is memory-bus address s, not 32 + 256p + s.
  "isRegs",
  // The sponge step, 0..63: the row absorbs words 4k..4k+3.
  "k",
  // 1 on the page's last row (k = 63), which receives the leaf.
  "last",
  // The 4 words' limbs in the start image (init) and the end image (fin).
  ["initLo", 4],
  ["initHi", 4],
  ["finLo", 4],
  ["finHi", 4],
  // The sponges' capacity before the step: the previous output's [8..16], 0 at k = 0.
  ["capIn", 8],
  ["capOut", 8],
  // The permutation outputs of the step (start image, end image).
  ["outIn", 16],
  ["outOut", 16],
] as const);

export type PageCols = typeof pageCols;
