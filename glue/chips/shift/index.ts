/** The shift chip (`rv.shift`): its compiled AIR, layout and row emitter. */
import { compileAir } from "../../../core/air/compile.js";
import { shiftAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once per process). */
export function shiftChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(shiftAir));
}

export { shiftAir } from "./air.js";
export { shiftCols } from "./columns.js";
export { emitShift } from "./trace.js";
