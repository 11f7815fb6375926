/** The io chip (`rv.io`): its compiled AIR per text range, layout and rows. */
import { compileAir } from "../../../core/air/compile.js";
import type { TextRange } from "../loadstore/constants.js";
import { ioAir } from "./air.js";

const compiled = new Map<string, ReturnType<typeof compileAir>>();
/** The compiled IO AIR for a program's text range. */
export function ioChip(text: TextRange): ReturnType<typeof compileAir> {
  const key = `${text.lo}:${text.hi}`;
  let c = compiled.get(key);
  if (!c) compiled.set(key, (c = compileAir(ioAir(text))));
  return c;
}

export { ioAir } from "./air.js";
export { ioCols } from "./columns.js";
export { ioRun, type IoRequest, type IoTrace, ioWordCells, newIoTrace } from "./trace.js";
