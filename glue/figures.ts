/**
 * What a run costs to prove, before proving it: rows per table (real and padded, summed over
 * segments) and the cells they make. `zkglue savings` compares two runs with these figures; a
 * proof reports them too.
 */
import { cellsPerRow } from "./chip.js";
import type { Machine } from "./machine.js";
import type { Program } from "./riscv/elf.js";
import { executeRecording } from "./riscv/executor.js";
import { DEFAULT_SEGMENT_CYCLES, machineWitness, type MachineWitness } from "./segments.js";

/** One table's figures over a whole run. */
export interface TableFigures {
  name: string;
  /** Real rows, summed over segments (padding excluded). */
  rows: number;
  /** Rows as proven (padded to powers of two), summed over segments. */
  paddedRows: number;
  mainWidth: number;
  preprocessedWidth: number;
  /** LogUp aux columns (extension: 4 base cells each). */
  auxWidth: number;
}

/** A run's figures: cycles, segments, journal and every table's rows. */
export interface RunFigures {
  cycles: number;
  segments: number;
  journal: Uint8Array;
  tables: TableFigures[];
}

/** Σ rows × (main + preprocessed + 4 × aux) over the tables, with or without padding. */
export function traceCells(tables: readonly TableFigures[], padded = true): number {
  return tables.reduce(
    (n, t) =>
      n + (padded ? t.paddedRows : t.rows) * (t.mainWidth + t.preprocessedWidth + 4 * t.auxWidth),
    0,
  );
}

/** Every table of `m` with no rows yet. */
function emptyFigures(m: Machine): TableFigures[] {
  return m.chips.map((c) => ({
    name: c.name,
    rows: 0,
    paddedRows: 0,
    mainWidth: c.air.mainWidth,
    preprocessedWidth: c.air.preprocessedWidth,
    auxWidth: c.air.auxWidth,
  }));
}

/** Every table's figures for a witness of machine `m`, in table order. */
export function witnessFigures(m: Machine, w: MachineWitness): TableFigures[] {
  const tables = emptyFigures(m);
  for (const seg of w.segments) {
    seg.forEach((t, i) => {
      tables[i].rows += t.rows;
      tables[i].paddedRows += t.main.height;
    });
  }
  const firstGlobal = w.segments[0].length;
  w.global.forEach((t, k) => {
    tables[firstGlobal + k].rows += t.rows;
    tables[firstGlobal + k].paddedRows += t.main.height;
  });
  return tables;
}

/**
 * Every table's padded rows, summed over the parts of a proof, from the parts' table heights
 * (log2, in table order: a segment part has the segment chips, the last part all chips). `rows`
 * is the padded count too: the real counts stay with whoever generated the traces.
 */
export function heightFigures(
  m: Machine,
  logHeights: readonly (readonly number[])[],
): TableFigures[] {
  const tables = emptyFigures(m);
  for (const part of logHeights) {
    part.forEach((h, i) => {
      tables[i].rows += 2 ** h;
      tables[i].paddedRows += 2 ** h;
    });
  }
  return tables;
}

/** Options of `measureRun`. */
export interface MeasureOptions {
  /** Private input (the guest's `read`). */
  input?: Uint8Array;
  /** Cycles per segment (default 2^20). */
  segmentCycles?: number;
}

/**
 * Executes `program` on machine `m` and generates its traces without proving: the figures of
 * what proving it would cost. Throws if the run does not exit with code 0.
 *
 * @example
 * const m = buildMachine(program, { coprocessors: builtinCoprocessors() });
 * const f = measureRun(m, program);
 * console.log(f.cycles, traceCells(f.tables));
 */
export function measureRun(m: Machine, program: Program, options: MeasureOptions = {}): RunFigures {
  const input = options.input ?? new Uint8Array(0);
  const run = executeRecording(program, { input, coprocessors: m.coprocessors });
  if (run.exitCode !== 0)
    throw new Error(
      `the guest exited with code ${run.exitCode}; only a successful run is measured`,
    );
  const w = machineWitness(m, run, input, options.segmentCycles ?? DEFAULT_SEGMENT_CYCLES);
  run.trace.release();
  return {
    cycles: run.cycles,
    segments: w.segments.length,
    journal: run.journal,
    tables: witnessFigures(m, w),
  };
}

export { cellsPerRow };
