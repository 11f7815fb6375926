/**
 * The Merkle-node table's free cells: only on padding rows (isReal = lT = rT = 0: no message).
 * The children's digests are not independently free there: "untouched ⇒ unchanged" still holds
 * with lT = rT = 0, so lIn = lOut and rIn = rOut; only each pair's common value is free.
 */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../../chips/free.js";

/** lIn/lOut or rIn/rOut on padding rows: free only together (their common value). */
const childPair = (column: string, other: string, flag: string): FreeCell => ({
  column,
  rows: "padding",
  reason:
    `padding rows (isReal = lT = rT = 0) send and receive nothing, so no message reads the ` +
    `cell; but ${flag} = 0 keeps "untouched ⇒ unchanged", so ${column} = ${other}: only the ` +
    `pair's common value is free, not ${column} alone`,
});

export const merkleFree: readonly FreeCell[] = [
  ...freeOnPadding(["level", "index", "hIn", "hOut", "xIn", "xOut"], "isReal"),
  childPair("lIn", "lOut", "lT"),
  childPair("lOut", "lIn", "lT"),
  childPair("rIn", "rOut", "rT"),
  childPair("rOut", "rIn", "rT"),
];
