/**
 * The savings report as plain data: two runs of the same workload (a baseline and one that hands
 * work to a coprocessor), their figures, and the ratios baseline / accelerated. Everything here
 * is pure and JSON-ready (no typed arrays, no undefined in place of a missing ratio: `null`), so
 * the terminal table, the JSON output, the HTML page and the benchmark all read one value.
 *
 * Trace cells count what the prover commits: rows × (main + preprocessed + 4 × auxiliary)
 * columns, the auxiliary (LogUp) columns being extension-field elements of four base cells.
 * They are given without padding (the rows the run needs) and with it (the power-of-two heights
 * that are actually committed).
 */
import type { RunFigures, TableFigures } from "../../glue/figures.js";

export type { RunFigures, TableFigures };

/** One table in the report: its figures and its cells with and without padding. */
export interface TableReport extends TableFigures {
  /** Base-field cells of one row: main + preprocessed + 4 · aux. */
  rowCells: number;
  cells: number;
  paddedCells: number;
  /** Calls the table proves, for a coprocessor's table (`cop.<name>`). */
  calls?: number;
}

/** Proving figures of one run: medians over `runs` proofs and verifications. */
export interface ProofFigures {
  runs: number;
  proveMs: number;
  verifyMs: number;
  /** Size of the serialized receipt (claim and linked proof) a user keeps. */
  receiptBytes: number;
}

/** One side of the comparison. */
export interface RunReport {
  /** What the user named it (the ELF's file name). */
  label: string;
  cycles: number;
  segments: number;
  /** The journal as hex. */
  journal: string;
  tables: TableReport[];
  traceCells: number;
  paddedTraceCells: number;
  proof?: ProofFigures;
}

/** Baseline / accelerated for each figure; null where the accelerated figure is 0 or absent. */
export interface Ratios {
  cycles: number | null;
  traceCells: number | null;
  paddedTraceCells: number | null;
  proveMs: number | null;
  verifyMs: number | null;
  receiptBytes: number | null;
  /**
   * Per table name (union of both runs' tables): real rows baseline / accelerated; null when
   * either run has none (a table only one run uses has no ratio worth printing).
   */
  rows: Record<string, number | null>;
}

/** The whole report. */
export interface SavingsReport {
  baseline: RunReport;
  accelerated: RunReport;
  journalsMatch: boolean;
  ratios: Ratios;
}

/** Base-field cells of one row of `t`. */
export function rowCells(t: Pick<TableFigures, "mainWidth" | "preprocessedWidth" | "auxWidth">) {
  return t.mainWidth + t.preprocessedWidth + 4 * t.auxWidth;
}

/**
 * `a / b`, or null when it means nothing (b is 0 or either side is missing).
 *
 * @example
 * ratio(120, 40); // 3
 * ratio(5, 0); // null
 */
export function ratio(a: number | undefined, b: number | undefined): number | null {
  if (a === undefined || b === undefined || b === 0) return null;
  return a / b;
}

/**
 * One side of the report from its measured figures.
 *
 * @example
 * const side = runReport("sha256_1k_sw.elf", measureRun(m, program), undefined, {});
 */
export function runReport(
  label: string,
  figures: RunFigures,
  proof?: ProofFigures,
  calls: Record<string, number> = {},
): RunReport {
  const tables = figures.tables.map((t): TableReport => {
    const perRow = rowCells(t);
    const report: TableReport = {
      ...t,
      rowCells: perRow,
      cells: t.rows * perRow,
      paddedCells: t.paddedRows * perRow,
    };
    if (Object.hasOwn(calls, t.name)) report.calls = calls[t.name];
    return report;
  });
  const sum = (f: (t: TableReport) => number) => tables.reduce((s, t) => s + f(t), 0);
  return {
    label,
    cycles: figures.cycles,
    segments: figures.segments,
    journal: Buffer.from(figures.journal).toString("hex"),
    tables,
    traceCells: sum((t) => t.cells),
    paddedTraceCells: sum((t) => t.paddedCells),
    ...(proof === undefined ? {} : { proof }),
  };
}

/** Names of the tables of either run, the baseline's order first. */
export function tableNames(r: Pick<SavingsReport, "baseline" | "accelerated">): string[] {
  const names = r.baseline.tables.map((t) => t.name);
  for (const t of r.accelerated.tables) if (!names.includes(t.name)) names.push(t.name);
  return names;
}

/** The table named `name` of a run, if it has one. */
export function tableOf(run: RunReport, name: string): TableReport | undefined {
  return run.tables.find((t) => t.name === name);
}

/**
 * Puts two runs side by side: the ratios baseline / accelerated and whether the journals agree.
 *
 * @example
 * const report = compareRuns(runReport("sw.elf", sw), runReport("cop.elf", cop));
 * report.ratios.cycles; // e.g. 24.7
 */
export function compareRuns(baseline: RunReport, accelerated: RunReport): SavingsReport {
  const b = baseline;
  const a = accelerated;
  const rows: Record<string, number | null> = {};
  for (const name of tableNames({ baseline, accelerated })) {
    const rb = tableOf(b, name)?.rows ?? 0;
    rows[name] = rb === 0 ? null : ratio(rb, tableOf(a, name)?.rows ?? 0);
  }
  return {
    baseline,
    accelerated,
    journalsMatch: b.journal === a.journal,
    ratios: {
      cycles: ratio(b.cycles, a.cycles),
      traceCells: ratio(b.traceCells, a.traceCells),
      paddedTraceCells: ratio(b.paddedTraceCells, a.paddedTraceCells),
      proveMs: ratio(b.proof?.proveMs, a.proof?.proveMs),
      verifyMs: ratio(b.proof?.verifyMs, a.proof?.verifyMs),
      receiptBytes: ratio(b.proof?.receiptBytes, a.proof?.receiptBytes),
      rows,
    },
  };
}

/**
 * Cells a coprocessor's table spends per call: (main + 4 · aux) × its real rows (padding
 * excluded; such a table has no preprocessed columns) / the calls it proves. Null when the run
 * has no such table or made no call.
 */
export function cellsPerCall(run: RunReport, table: string): number | null {
  const t = tableOf(run, table);
  if (t === undefined || t.calls === undefined) return null;
  return ratio(t.rows * (t.mainWidth + 4 * t.auxWidth), t.calls);
}

/** The median of `values` (the middle one; the lower middle for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
