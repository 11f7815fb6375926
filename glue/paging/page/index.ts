/** The page table (`rv.page`): its compiled AIR, layout and rows. */
import { compileAir } from "../../../core/air/compile.js";
import { pageAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled page AIR. */
export function pageChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(pageAir));
}

export { pageAir } from "./air.js";
export { pageCols } from "./columns.js";
export { type PagedPage, type PageTrace, pageTrace } from "./trace.js";
