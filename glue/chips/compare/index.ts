/** The comparison chip (`rv.compare`): its compiled AIR, layout and row emitter. */
import { compileAir } from "../../../core/air/compile.js";
import { compareAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once per process). */
export function compareChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(compareAir));
}

export { compareAir } from "./air.js";
export { compareCols } from "./columns.js";
export { emitCompare } from "./trace.js";
