/**
 * The permutation table's free cells: only on padding rows. There isReal = 0 forces mult = 0
 * (mult·(1 − isReal) = 0), so the row receives nothing and no message reads its cells; its round
 * cells still satisfy the rounds without constants (on the all-zero padding row a single changed
 * cell breaks them), which proves nothing anyone uses. isReal and mult are not free: changing
 * either alone breaks a constraint.
 */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../../chips/free.js";

export const permutationFree: readonly FreeCell[] = freeOnPadding(
  ["in", "out", "x3", "y", "px3", "py"],
  "isReal",
);
