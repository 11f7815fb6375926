/**
 * Helpers for the chips' declared free cells (each chip's `free.ts`): the cells the
 * underconstraint fuzzer (glue/fuzz/machine.ts) may find unconstrained on some kind of row,
 * each with the reason that is sound. A cell a row never reads is pinned to 0 where that is
 * cheap; what is left is declared here.
 */
import type { FreeCell } from "../coprocessor.js";

/**
 * `columns` declared free on padding rows: rows whose flags are all 0, so that every message
 * the row could send or receive has multiplicity 0 and nothing reads these cells.
 */
export function freeOnPadding(columns: readonly string[], flags: string): FreeCell[] {
  return columns.map((column) => ({
    column,
    rows: "padding" as const,
    reason: `padding rows (${flags} = 0) send and receive nothing: no message reads the cell`,
  }));
}
