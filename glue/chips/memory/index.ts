/**
 * The memory chips: the initial image (`rv.image`) and the boundary (`rv.boundary`) — their
 * compiled AIRs, layouts and traces.
 */
import { compileAir } from "../../../core/air/compile.js";
import { boundaryAir, imageAir, pagedBoundaryAir } from "./air.js";

let imageCompiled: ReturnType<typeof compileAir> | undefined;
/** The compiled image AIR. */
export function imageChip(): ReturnType<typeof compileAir> {
  return (imageCompiled ??= compileAir(imageAir));
}

let boundaryCompiled: ReturnType<typeof compileAir> | undefined;
/** The compiled boundary AIR. */
export function boundaryChip(): ReturnType<typeof compileAir> {
  return (boundaryCompiled ??= compileAir(boundaryAir));
}

let pagedCompiled: ReturnType<typeof compileAir> | undefined;
/** The compiled boundary AIR of a chunk (initial and final values from paged pages). */
export function pagedBoundaryChip(): ReturnType<typeof compileAir> {
  return (pagedCompiled ??= compileAir(pagedBoundaryAir));
}

export { boundaryAir, imageAir, pagedBoundaryAir } from "./air.js";
export { boundaryCols, imageCols, imagePrepCols } from "./columns.js";
export { MEMORY_END } from "./constants.js";
export { type BoundaryEntry, boundaryEntries, boundaryTrace, imagePreprocessed } from "./trace.js";
