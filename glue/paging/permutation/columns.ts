/**
 * The column layout of the permutation table (`rv.perm`): one row per distinct Poseidon2
 * permutation the page and Merkle-node tables use. The round cells are those of
 * core/poseidon2/air.ts (the coprocessor `cop.poseidon2` commits the same groups); the input and
 * output words are plain field elements here (they arrive on the bus as such, no limbs).
 */
import { layout } from "../../../core/air/layout.js";

export const permutationCols = layout([
  // 1 on a row holding a permutation, 0 on padding (every round constant is scaled by it, so an
  // all-zero row satisfies every constraint).
  "isReal",
  // How many times the permutation is requested on PERM_BUS (0 on padding).
  "mult",
  // The 16 input and the 16 output words.
  ["in", 16],
  ["out", 16],
  // Full rounds r = 0..7: x3[16r + i] = cube of S-box i; y[16r + i] = its output (r = 0..6).
  ["x3", 128],
  ["y", 112],
  // Partial rounds r = 0..12: the cube and the output of the S-box on element 0.
  ["px3", 13],
  ["py", 13],
] as const);

export type PermutationCols = typeof permutationCols;
