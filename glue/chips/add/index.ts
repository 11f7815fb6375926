/** The ADD/SUB chip (`rv.add`): its compiled AIR, layout and row emitter. */
import { compileAir } from "../../../core/air/compile.js";
import { addAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled ADD/SUB AIR (compiled once per process). */
export function addChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(addAir));
}

export { addAir } from "./air.js";
export { addCols } from "./columns.js";
export { emitAdd } from "./trace.js";
