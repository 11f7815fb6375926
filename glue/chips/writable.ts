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
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import type { Matrix } from "../../core/field/matrix.js";
import { U14_BUS, U16_BUS, WRITABLE_BUS } from "./buses.js";
import type { Coprocessor, CoprocessorCall } from "../coprocessor.js";
import type { TextRange } from "./loadstore.js";
import { type Lookups, TableBuilder } from "./table.js";

export const writableCols = layout(["isReal", "w", "n", "above", "dLo", "dHi"] as const);

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

const cache = new Map<string, ReturnType<typeof compileAir>>();
/** The compiled AIR for `text` (compiled once per text range). */
export function writableChip(text: TextRange): ReturnType<typeof compileAir> {
  const key = `${text.lo}:${text.hi}`;
  let c = cache.get(key);
  if (c === undefined) cache.set(key, (c = compileAir(writableAir(text))));
  return c;
}

/** A buffer of `n` words from word index `w` that a coprocessor call writes. */
export interface WriteRange {
  w: number;
  n: number;
}

/** The buffers the calls write: every `write`/`readwrite` pointer argument of each call. */
export function writeRanges(
  coprocessors: readonly Coprocessor[],
  calls: ReadonlyMap<string, readonly CoprocessorCall[]>,
): WriteRange[] {
  const out: WriteRange[] = [];
  for (const c of coprocessors) {
    const args = c.call?.args ?? [];
    for (const call of calls.get(c.name) ?? []) {
      args.forEach((a, i) => {
        if (a.kind === "write" || a.kind === "readwrite")
          out.push({ w: call.args[i] >>> 2, n: a.words });
      });
    }
  }
  return out;
}

/** The table of a run's written ranges; throws if one touches the text (the executor refuses those). */
export function writableTrace(
  ranges: readonly WriteRange[],
  text: TextRange,
  lookups: Lookups,
): { main: Matrix; rows: number } {
  const t = new TableBuilder(writableCols.width, 8);
  const C = writableCols.index;
  for (const { w, n } of ranges) {
    const above = w >= text.hi;
    const d = above ? w - text.hi : text.lo - w - n;
    if (d < 0 || d >= 2 ** 30)
      throw new RangeError(`a coprocessor writes words [${w}, ${w + n}) inside the program text`);
    const o = t.row();
    t.values[o + C.isReal] = 1;
    t.values[o + C.w] = w;
    t.values[o + C.n] = n;
    t.values[o + C.above] = above ? 1 : 0;
    t.values[o + C.dLo] = d & 0xffff;
    t.values[o + C.dHi] = d >>> 16;
    lookups.range16(d & 0xffff);
    lookups.range14(d >>> 16);
  }
  return { main: t.finish(), rows: t.height };
}
