/** The division chip (`rv.divrem`): its compiled AIR, layout and row emitter. */
import { compileAir } from "../../../core/air/compile.js";
import { divAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once per process). */
export function divChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(divAir));
}

export { divAir } from "./air.js";
export { divCols } from "./columns.js";
export { emitDiv } from "./trace.js";
