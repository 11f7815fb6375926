/** The byte/range chip (`rv.bytes`): its compiled AIR, layout, fixed columns and trace. */
import { compileAir } from "../../../core/air/compile.js";
import { bytesAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled byte/range AIR (compiled once per process). */
export function bytesChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(bytesAir));
}

export { bytesAir } from "./air.js";
export { bytesCols, bytesPrepCols } from "./columns.js";
export { bytesPreprocessed, bytesTrace } from "./trace.js";
