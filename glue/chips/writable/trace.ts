/**
 * The rows of the writable-range table: the buffers a run's coprocessor calls write, from the
 * calls' descriptions, each with its distance from the program text.
 */
import type { Matrix } from "../../../core/field/matrix.js";
import type { Coprocessor, CoprocessorCall } from "../../coprocessor.js";
import type { TextRange } from "../loadstore/constants.js";
import { type Lookups, TableBuilder } from "../table.js";
import { writableCols } from "./columns.js";

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
