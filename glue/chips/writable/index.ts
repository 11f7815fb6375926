/** The writable-range chip (`rv.writable`): its compiled AIR per text range, layout and rows. */
import { compileAir } from "../../../core/air/compile.js";
import type { TextRange } from "../loadstore/constants.js";
import { writableAir } from "./air.js";

const cache = new Map<string, ReturnType<typeof compileAir>>();
/** The compiled AIR for `text` (compiled once per text range). */
export function writableChip(text: TextRange): ReturnType<typeof compileAir> {
  const key = `${text.lo}:${text.hi}`;
  let c = cache.get(key);
  if (c === undefined) cache.set(key, (c = compileAir(writableAir(text))));
  return c;
}

export { writableAir } from "./air.js";
export { writableCols } from "./columns.js";
export { writableTrace, type WriteRange, writeRanges } from "./trace.js";
