/**
 * The column layout of the SHA-256 compression table (`cop.sha256`), declared once; width and
 * indices derive from it.
 *
 * One call is 18 rows: I (the input state), R0..R15 (four rounds each), F (the output state).
 * One T row (all flags 0) follows the last call of a table. Every row has the same three bit
 * groups of four 32-bit words each (bit i of word j is `a[32·j + i]`, LSB first):
 *
 * | row | a[0..3]                 | e[0..3]                 | w[0..3]                       |
 * | --- | ----------------------- | ----------------------- | ----------------------------- |
 * | I   | H3, H2, H1, H0 (input)  | H7, H6, H5, H4 (input)  | H0, H1, H2, H3 (a copy)       |
 * | Rr  | a_{4r} … a_{4r+3}       | e_{4r} … e_{4r+3}       | W_{4r} … W_{4r+3}             |
 * | F   | H3' … H0' (output)      | H7' … H4' (output)      | H0' … H3' (a copy)            |
 *
 * so a row pair (local, next) shows eight consecutive a's and e's, enough for one row of rounds,
 * and state word k always sits in a[3 − k] (k < 4) or e[7 − k]. Besides the bits (384 of the
 * 442 columns), the 16 slot columns change meaning by row kind (see below and air.ts): that is
 * what keeps the width down, since a column costs a cell on every row.
 */
import { layout } from "../../core/air/layout.js";

export const sha256Cols = layout([
  // Row kind: F, and the round phase 4u + v of Rr as two one-hot groups (all 0 on I/F/T/pad).
  // v = 0 is implicit: v0 = Σu − Σv (air.ts proves it boolean), so column v[k] is v = k + 1.
  // I has no flag either: it is the row before R0 (u0·v0 on the next row).
  "isF",
  ["u", 4],
  ["v", 3],
  // The call's clk (constant from I to F) and the memory-bus address of this row's first word
  // (I/F: the state, 32 + a0/4; R0..R3: the block, 32 + a1/4 + 4r). The pointers themselves
  // live in the slots of R0 (a0) and R1 (a1).
  "clk",
  "mbase",
  // The bits.
  ["a", 128],
  ["e", 128],
  ["w", 128],
  // Carries of this row's four rounds (a and e; lo, hi per round) and of its four schedule
  // words: range-checked on round rows (schedule: R4..R15), free elsewhere (they absorb the
  // ungated round and schedule equations).
  ["cA", 8],
  ["cE", 8],
  ["cW", 8],
  // x1 = W_{t−16} + σ0(W_{t−15}) (lo/hi) for the four words t of the row three below.
  ["x1", 8],
  // Slots. I, R0..R3: range-checked (lo u16, hi u14) timestamp gaps, pointer witnesses and the
  // pointers (see air.ts, evalCall). R4..R15: lo holds y = x1 + W_{t−7} of the row's own words
  // (received on the schedule bus), hi is free. F: the 16 carries of the final addition.
  ["gLo", 8],
  ["gHi", 8],
] as const);

export type Sha256Cols = typeof sha256Cols;

/** Column of bit `i` of word `j` of a bit group starting at `base`. */
export const bitCol = (base: number, j: number, i: number): number => base + 32 * j + i;
