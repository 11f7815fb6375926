/**
 * The permutation table (`rv.perm`): its compiled AIR, layout, trace and free cells.
 */
import { compileAir } from "../../../core/air/compile.js";
import { permutationAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled permutation AIR (compiled once). */
export function permutationChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(permutationAir));
}

export { permutationAir } from "./air.js";
export { permutationCols, type PermutationCols } from "./columns.js";
export { permutationFree } from "./free.js";
export { permutationTrace } from "./trace.js";
