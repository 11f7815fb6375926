/**
 * Writable-range chip: one row per buffer a coprocessor writes, proving the buffer lies outside
 * the program text — the check the load/store chip makes for stores and the io chip for input,
 * kept here so that coprocessor AIRs stay independent of the program (the text range is a
 * constant of this chip, as of those two).
 *
 * Columns: isReal, w (first word index), n (word count), above (the buffer lies above the text),
 * dLo, dHi (the distance, u16 and u14).
 * Constraint: isReal·(above·(w − hi) + (1 − above)·(lo − w − n) − dLo − 2^16·dHi) = 0, so either
 * w ≥ hi or w + n ≤ lo as integers: w and n come from the coprocessor's own checks (a word
 * index below 2^30 + 1024, a constant count), so a negative distance would be p minus less than
 * 2^31, which dLo + 2^16·dHi (< 2^30) cannot equal.
 * Receives WRITABLE [w, n] with multiplicity isReal; padding rows are zero and receive nothing.
 */
import { defineAir } from "../../../core/air/compile.js";
import { U14_BUS, U16_BUS, WRITABLE_BUS } from "../buses.js";
import type { TextRange } from "../loadstore/constants.js";
import { writableCols } from "./columns.js";

/** The writable-range AIR of a program whose text spans `text` (word indices). */
export const writableAir = (text: TextRange) =>
  defineAir({
    name: "rv.writable",
    mainColumns: writableCols,
    eval(b) {
      const { isReal, w, n, above, dLo, dHi } = b.local;
      b.assertBool("isReal bool", isReal);
      b.assertBool("above bool", above);
      const dist = above
        .mul(w.sub(text.hi))
        .add(above.neg().add(1).mul(w.neg().add(text.lo).sub(n)));
      b.assertZero("outside the text", isReal.mul(dist.sub(dLo).sub(dHi.mul(65536))));
      b.send(U16_BUS, [dLo], isReal);
      b.send(U14_BUS, [dHi], isReal);
      b.receive(WRITABLE_BUS, [w, n], isReal);
    },
  });
