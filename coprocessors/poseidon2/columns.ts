/**
 * The column layout of the Poseidon2 table (`cop.poseidon2`), declared once; width and indices
 * derive from it. One row per permutation; padding rows are all zero.
 *
 * Full rounds are numbered 0..7 (0..3 before the partial rounds, 4..7 after). Every S-box
 * x ↦ x^7 of a full round has its cube x3 = x^3 committed and (except in round 7) its output
 * y = x3^2·x; the round's input x is a linear form in the previous round's y (the external
 * layer plus the round constant), never committed. Round 7's outputs are not committed either:
 * the external layer of its S-box outputs is the output word, so its constraint reads the
 * output limbs. A partial round commits the cube and the output of its one S-box.
 */
import { layout } from "../../core/air/layout.js";

export const poseidon2Cols = layout([
  // 1 on a row holding a call, 0 on padding (every multiplicity and every round constant is
  // scaled by it, so an all-zero row satisfies every constraint and sends nothing).
  "isReal",
  // The call: the CPU's clk of the ecall (accesses at clk + 3) and a0 as limbs, with the
  // pointer witnesses of guestPointer (q = ptrLo / 4; w − 1024 = xLo + 2^16·xHi).
  "clk",
  "ptrLo",
  "ptrHi",
  "q",
  "xLo",
  "xHi",
  // The 16 words read (limbs as they arrive on the memory bus), their canonicality flags
  // (inTop[k] = 1 iff word k is p − 1, see air.ts) and the timestamp gaps of their accesses
  // (ts − prevTs − 1 = gLo + 2^16·gHi).
  ["inLo", 16],
  ["inHi", 16],
  ["inTop", 16],
  ["gLo", 16],
  ["gHi", 16],
  // Full rounds: x3[16r + i] = cube of S-box i of round r (r = 0..7); y[16r + i] = its output
  // (r = 0..6).
  ["x3", 128],
  ["y", 112],
  // Partial rounds r = 0..12: the cube and the output of the S-box on element 0.
  ["px3", 13],
  ["py", 13],
  // The 16 words written (range-checked u16 limbs) and their canonicality flags.
  ["outLo", 16],
  ["outHi", 16],
  ["outTop", 16],
] as const);

export type Poseidon2Cols = typeof poseidon2Cols;
