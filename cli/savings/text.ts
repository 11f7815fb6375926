/**
 * The savings report as a terminal table: the run-wide figures (cycles, segments, trace cells,
 * and proving figures when there are any), then rows per table (real / padded), each line with
 * its ratio baseline / accelerated, and the cells per call of every coprocessor table.
 */
import { grouped, times } from "./format.js";
import { cellsPerCall, tableNames, tableOf, type RunReport, type SavingsReport } from "./model.js";

type Line = [label: string, baseline: string, accelerated: string, ratio: string];

/** Lays out lines in columns: the label left-aligned, the numbers right-aligned. */
function columns(lines: Line[]): string {
  const width = [0, 1, 2, 3].map((i) => Math.max(...lines.map((l) => l[i].length)));
  return lines
    .map(([label, b, a, r]) =>
      `${label.padEnd(width[0])}  ${b.padStart(width[1])}  ${a.padStart(width[2])}  ${r.padStart(width[3])}`.trimEnd(),
    )
    .join("\n");
}

/** The run-wide lines; proving figures only if both runs were proven. */
function summaryLines(r: SavingsReport): Line[] {
  const { baseline: b, accelerated: a, ratios } = r;
  const lines: Line[] = [
    ["cycles", grouped(b.cycles), grouped(a.cycles), times(ratios.cycles)],
    ["segments", grouped(b.segments), grouped(a.segments), ""],
    ["trace cells", grouped(b.traceCells), grouped(a.traceCells), times(ratios.traceCells)],
    [
      "trace cells, padded",
      grouped(b.paddedTraceCells),
      grouped(a.paddedTraceCells),
      times(ratios.paddedTraceCells),
    ],
  ];
  if (b.proof !== undefined && a.proof !== undefined) {
    const runs = b.proof.runs === 1 ? "" : ` (median of ${b.proof.runs})`;
    lines.push(
      [
        `prove ms${runs}`,
        grouped(b.proof.proveMs),
        grouped(a.proof.proveMs),
        times(ratios.proveMs),
      ],
      [
        `verify ms${runs}`,
        grouped(b.proof.verifyMs),
        grouped(a.proof.verifyMs),
        times(ratios.verifyMs),
      ],
      [
        "receipt bytes",
        grouped(b.proof.receiptBytes),
        grouped(a.proof.receiptBytes),
        times(ratios.receiptBytes),
      ],
    );
  }
  return lines;
}

/** "rows / padded rows" of a table in a run, or "—" if the run has no such table. */
function rowsOf(run: RunReport, name: string): string {
  const t = tableOf(run, name);
  return t === undefined ? "—" : `${grouped(t.rows)} / ${grouped(t.paddedRows)}`;
}

/** One line per table: rows (real / padded) in both runs and the ratio of real rows. */
function tableLines(r: SavingsReport): Line[] {
  return tableNames(r).map((name): Line => [
    `  ${name}`,
    rowsOf(r.baseline, name),
    rowsOf(r.accelerated, name),
    times(r.ratios.rows[name]),
  ]);
}

/** Cells per call of each coprocessor table of the accelerated run (main + 4 · aux, no padding). */
function perCallLines(r: SavingsReport): string[] {
  return r.accelerated.tables
    .filter((t) => t.calls !== undefined && t.calls > 0)
    .map((t) => {
      const cells = cellsPerCall(r.accelerated, t.name) ?? 0;
      return `${t.name}: ${grouped(t.calls ?? 0)} calls, ${grouped(cells)} cells per call (main + 4 × aux, real rows)`;
    });
}

/**
 * The report as text for a terminal.
 *
 * @example
 * io.stdout(savingsText(report));
 */
export function savingsText(r: SavingsReport): string {
  const head: Line = ["", "baseline", "accelerated", "ratio"];
  const names: Line = ["", r.baseline.label, r.accelerated.label, "base / acc"];
  const rowsHead: Line = ["rows per table (real / padded)", "", "", ""];
  const body = columns([head, names, ...summaryLines(r), rowsHead, ...tableLines(r)]);
  const journal = r.journalsMatch
    ? `journals match (${r.baseline.journal.length / 2} bytes)`
    : `journals DIFFER: baseline ${r.baseline.journal || "(empty)"}, accelerated ${r.accelerated.journal || "(empty)"}`;
  const perCall = perCallLines(r);
  return `${body}\n\n${perCall.map((l) => `${l}\n`).join("")}${journal}\n`;
}
