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
 * and state word k always sits in a[3 − k] (k < 4) or e[7 − k].
 */
import { layout } from "../../core/air/layout.js";

export const sha256Cols = layout([
  // Row kind: I, F, and the round phase 4u + v of Rr as two one-hot groups (all 0 on I/F/T/pad).
  "isI",
  "isF",
  ["u", 4],
  ["v", 4],
  // The call, constant from I to F: clk, a0 = state pointer, a1 = block pointer (limbs), their
  // word indices, and the memory-bus address of this row's first word (I/F: state, R0..R3: block).
  "clk",
  "a0Lo",
  "a0Hi",
  "a1Lo",
  "a1Hi",
  "wA",
  "wB",
  "mbase",
  // The bits.
  ["a", 128],
  ["e", 128],
  ["w", 128],
  // Carries of this row's four rounds (a and e; lo, hi per round) and of its four schedule
  // words: range-checked on round rows, free elsewhere (they absorb the ungated round equations).
  ["cA", 8],
  ["cE", 8],
  ["cW", 8],
  // Message-schedule partial sums for the words of rows +3 (x1), +2 (x2), +1 (x3), lo/hi each.
  // On F, x2 and x3 hold the 16 carries of the final addition.
  ["x1", 8],
  ["x2", 8],
  ["x3", 8],
  // Range-checked slots (lo: u16, hi: u14) on I and R0..R3: timestamp gaps of the memory
  // accesses, and the guest-pointer witnesses on R0 and R1.
  ["gLo", 8],
  ["gHi", 8],
] as const);

export type Sha256Cols = typeof sha256Cols;

/** Column of bit `i` of word `j` of a bit group starting at `base`. */
export const bitCol = (base: number, j: number, i: number): number => base + 32 * j + i;
