/** The multiplication chip (`rv.mul`): its compiled AIR, layout and row emitter. */
import { compileAir } from "../../../core/air/compile.js";
import { mulAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once per process). */
export function mulChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(mulAir));
}

export { mulAir } from "./air.js";
export { mulCols } from "./columns.js";
export { emitMul } from "./trace.js";
