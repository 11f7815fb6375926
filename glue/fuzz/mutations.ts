/**
 * The edits the fuzzer makes to one cell: each names how it changes the value, so a report says
 * which kind of cheat a column lets through.
 */
import { P } from "../../core/field/babybear.js";

/**
 * random: a uniform field element; plus1 / minus1: ±1 mod p; bitflip: one of the low 31 bits
 * flipped (kept only if the result is < p); zero: 0; swap: exchanged with the same column of
 * another row; mirrored: a random value that changes one bus message, assumed changed on the
 * counterparty too, so only the table's own constraints can notice.
 */
export type MutationKind = "random" | "plus1" | "minus1" | "bitflip" | "zero" | "swap" | "mirrored";

/** The single-cell kinds, in the order they are tried. */
export const CELL_KINDS = ["random", "random", "plus1", "minus1", "bitflip", "zero"] as const;

/** The value `kind` puts in a cell holding `v`, or null when it would not change it. */
export function mutatedValue(
  kind: (typeof CELL_KINDS)[number],
  v: number,
  random: () => number,
): number | null {
  let out: number;
  switch (kind) {
    case "random":
      out = Math.floor(random() * P);
      break;
    case "plus1":
      out = (v + 1) % P;
      break;
    case "minus1":
      out = (v + P - 1) % P;
      break;
    case "bitflip":
      out = (v ^ (1 << Math.floor(random() * 31))) >>> 0;
      if (out >= P) return null;
      break;
    case "zero":
      out = 0;
      break;
  }
  return out === v ? null : out;
}
