/** The load/store chip (`rv.loadstore`): its compiled AIR per text range, layout and rows. */
import { compileAir } from "../../../core/air/compile.js";
import { lsAir } from "./air.js";
import type { TextRange } from "./constants.js";

const cache = new Map<string, ReturnType<typeof compileAir>>();
/** The compiled load/store AIR for a program's text range. */
export function lsChip(text: TextRange): ReturnType<typeof compileAir> {
  const key = `${text.lo}:${text.hi}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = compileAir(lsAir(text));
    cache.set(key, c);
  }
  return c;
}

export { lsAir } from "./air.js";
export { lsCols } from "./columns.js";
export { ADDR_HI_END, type TextRange } from "./constants.js";
export { emitLoadStore, lsAddress } from "./trace.js";
