/**
 * The column layout of the io table (`rv.io`): kind flags, run boundaries, the timestamp, the
 * word index's limbs, the enabled bytes, the word before and after, the run's position and
 * count, the memory gap and an input word's distance from the text.
 */
import { layout } from "../../../core/air/layout.js";

export const ioCols = layout([
  "isJournal",
  "isInput",
  "isFirst",
  "isLast",
  "ts",
  "wLo",
  "wHi",
  "z",
  ["e", 4],
  ["b", 4],
  ["nb", 4],
  "start",
  "pos",
  "rem",
  "prevTs",
  "dLo",
  "dHi",
  "above",
  "xLo",
  "xHi",
] as const);
