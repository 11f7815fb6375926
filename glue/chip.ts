/**
 * A chip: one table of a machine, as one value. The RISC-V chips, the built-in coprocessors and a
 * user's coprocessors all become chips of this shape; a machine is the list of its chips, and
 * its table order, keys and program id follow from that list.
 *
 * `scope` says where the table lives in a run proven in segments: a *segment* chip has one table
 * per segment (the CPU, the per-operation chips, every coprocessor: their rows grow with the
 * segment's cycles), a *global* chip one table for the whole run, proven in the last segment's
 * part (program, memory image and boundary, the byte table, syscalls, io).
 */
import type { CompiledAir } from "../core/air/types.js";
import type { Matrix } from "../core/field/matrix.js";
import type { Coprocessor } from "./coprocessor.js";

/** Where a chip's table lives: one per segment, or one for the run. */
export type ChipScope = "segment" | "global";

/** One table of a machine. */
export interface Chip {
  /** The table's name (`rv.*` for the RISC-V chips, `cop.<name>` for coprocessors). */
  readonly name: string;
  readonly scope: ChipScope;
  readonly air: CompiledAir;
  /** Fixed columns (part of the verifying key), if the AIR has any. */
  readonly preprocessed?: Matrix;
  /** The coprocessor behind the chip, for coprocessor chips. */
  readonly coprocessor?: Coprocessor;
}

/** A table's real rows (padding excluded) beside its padded trace. */
export interface ChipTrace {
  readonly main: Matrix;
  readonly rows: number;
}

/** Base-field cells of one row of a chip's table: main + preprocessed + 4 × aux (extension). */
export function cellsPerRow(air: CompiledAir): number {
  return air.mainWidth + air.preprocessedWidth + 4 * air.auxWidth;
}
