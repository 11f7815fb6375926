/** The syscall chip (`rv.syscall`): its compiled AIR, layout and rows. */
import { compileAir } from "../../../core/air/compile.js";
import { syscallAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled syscall AIR. */
export function syscallChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(syscallAir));
}

export { syscallAir } from "./air.js";
export { syscallCols } from "./columns.js";
export { newSyscallTrace, syscallRow, syscallTable, type SyscallTrace } from "./trace.js";
