/** The AND/OR/XOR chip (`rv.bitwise`): its compiled AIR, layout and row emitter. */
import { compileAir } from "../../../core/air/compile.js";
import { bitwiseAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once per process). */
export function bitwiseChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(bitwiseAir));
}

export { bitwiseAir } from "./air.js";
export { bitwiseCols } from "./columns.js";
export { emitBitwise } from "./trace.js";
