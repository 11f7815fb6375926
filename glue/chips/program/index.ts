/** The program chip (`rv.program`): its compiled AIR, layout, decoding and traces. */
import { compileAir } from "../../../core/air/compile.js";
import { programAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled program AIR. */
export function programChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(programAir));
}

export { programAir } from "./air.js";
export { PROGRAM_FIELDS, type ProgramField, programCols, programPrepCols } from "./columns.js";
export {
  decodeRow,
  programIndex,
  programPreprocessed,
  programRows,
  programTrace,
} from "./trace.js";
