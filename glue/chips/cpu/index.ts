/** The CPU chip (`rv.cpu`): its compiled AIR, layout, public values and row writer. */
import { compileAir } from "../../../core/air/compile.js";
import { cpuAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled CPU AIR (compiled once per process). */
export function cpuChip(): ReturnType<typeof compileAir> {
  compiled ??= compileAir(cpuAir);
  return compiled;
}

export { cpuAir } from "./air.js";
export { CpuPublic, cpuCols } from "./columns.js";
export {
  closeCpuSegment,
  type CpuState,
  cpuFieldRows,
  cpuRow,
  emitAlu,
  openSegment,
  type OpenSegment,
} from "./trace.js";
