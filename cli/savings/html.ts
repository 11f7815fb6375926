/**
 * The savings report as one self-contained HTML page, meant to be looked at rather than read:
 * the ratios in large type, then inline SVG charts — trace cells per table stacked for both runs
 * (padding drawn pale), CPU cycles, and prove time when the runs were proven — and a legend that
 * doubles as the table of numbers. No scripts, no fonts, nothing fetched: it opens offline and
 * can be mailed as one file.
 */
import { compact, duration, grouped, size, times } from "./format.js";
import { cellsPerCall, tableNames, tableOf, type RunReport, type SavingsReport } from "./model.js";
import { barChart, escapeXml, type Bar } from "./svg.js";
import { PAGE_STYLE } from "./style.js";

// Categorical colours, distinct side by side; coprocessor tables take the accents so the work
// they took over stands out from the CPU's tables.
// prettier-ignore
const CPU_COLORS = [
  "#4c78a8", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
  "#2f4b7c", "#a0cbe8", "#8cd17d", "#637939", "#79706e", "#86bcb6", "#d4a6c8", "#b6992d",
];
const ACCENT_COLORS = ["#f58518", "#e45756", "#c4411a", "#ffbf79"];

/** A colour for every table name, stable for a given list of names. */
export function tableColors(names: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  let cpu = 0;
  let accent = 0;
  for (const name of names) {
    colors.set(
      name,
      name.startsWith("cop.")
        ? ACCENT_COLORS[accent++ % ACCENT_COLORS.length]
        : CPU_COLORS[cpu++ % CPU_COLORS.length],
    );
  }
  return colors;
}

/** Tables with cells in either run (the others would be invisible slivers in the chart). */
function drawnTables(r: SavingsReport): string[] {
  return tableNames(r).filter((name) =>
    [r.baseline, r.accelerated].some((run) => (tableOf(run, name)?.paddedCells ?? 0) > 0),
  );
}

/** One big ratio: "27.4×" over "fewer CPU cycles", or "1.2× more …" in red if it got worse. */
function tile(r: number | null, better: string, worse: string, detail: string): string {
  if (r === null) return "";
  const good = r >= 1;
  return (
    `<div class="tile${good ? "" : " worse"}"><div class="big">${times(good ? r : 1 / r)}</div>` +
    `<div class="what">${good ? better : worse}</div><div class="detail">${escapeXml(detail)}</div></div>`
  );
}

/** The row of big ratios. */
function tiles(r: SavingsReport): string {
  const { baseline: b, accelerated: a, ratios } = r;
  const arrow = (x: string, y: string) => `${x} → ${y}`;
  let html =
    tile(
      ratios.cycles,
      "fewer CPU cycles",
      "more CPU cycles",
      arrow(compact(b.cycles), compact(a.cycles)),
    ) +
    tile(
      ratios.paddedTraceCells,
      "fewer trace cells",
      "more trace cells",
      arrow(compact(b.paddedTraceCells), compact(a.paddedTraceCells)) + " committed",
    );
  if (b.proof !== undefined && a.proof !== undefined) {
    html +=
      tile(
        ratios.proveMs,
        "faster proving",
        "slower proving",
        arrow(duration(b.proof.proveMs), duration(a.proof.proveMs)),
      ) +
      tile(
        ratios.receiptBytes,
        "smaller receipt",
        "larger receipt",
        arrow(size(b.proof.receiptBytes), size(a.proof.receiptBytes)),
      );
  }
  return `<section class="tiles">${html}</section>`;
}

/** Bar label and file name of each side. */
function sides(r: SavingsReport): [id: string, label: string, run: RunReport][] {
  return [
    ["baseline", "baseline", r.baseline],
    ["accelerated", "with coprocessor", r.accelerated],
  ];
}

/** Trace cells per table, one stacked bar per run: real rows solid, padding pale. */
function cellsChart(r: SavingsReport, colors: Map<string, string>): string {
  const names = drawnTables(r);
  const bars = sides(r).map(([id, label, run]): Bar => ({
    id,
    label,
    sublabel: run.label,
    total: compact(run.paddedTraceCells),
    segments: names.flatMap((name) => {
      const t = tableOf(run, name);
      const color = colors.get(name) ?? "#888";
      if (t === undefined) return [];
      return [
        {
          key: name,
          value: t.cells,
          color,
          title: `${name}: ${grouped(t.cells)} cells in ${grouped(t.rows)} rows`,
        },
        {
          key: `${name} padding`,
          value: t.paddedCells - t.cells,
          color,
          pale: true,
          title: `${name}: ${grouped(t.paddedCells - t.cells)} cells of padding`,
        },
      ];
    }),
  }));
  return barChart("chart-cells", "Trace cells per table", bars);
}

/** One single-segment bar per run. */
function simpleChart(
  id: string,
  title: string,
  r: SavingsReport,
  value: (run: RunReport) => number,
  text: (v: number) => string,
): string {
  const bars = sides(r).map(([side, label, run], i): Bar => ({
    id: side,
    label,
    sublabel: run.label,
    total: text(value(run)),
    segments: [
      {
        key: id,
        value: value(run),
        color: i === 0 ? "#4c78a8" : "#f58518",
        title: text(value(run)),
      },
    ],
  }));
  return barChart(`chart-${id}`, title, bars, text);
}

/** The legend: a swatch per table with its cells in both runs and their ratio. */
function legend(r: SavingsReport, colors: Map<string, string>): string {
  const cells = (run: RunReport, name: string) => {
    const t = tableOf(run, name);
    return t === undefined
      ? "—"
      : `${grouped(t.cells)} <span class="pad">/ ${grouped(t.paddedCells)}</span>`;
  };
  const rows = drawnTables(r).map((name) => {
    const b = tableOf(r.baseline, name)?.cells ?? 0;
    const a = tableOf(r.accelerated, name)?.cells ?? 0;
    return (
      `<tr><td><span class="swatch" style="background:${colors.get(name)}"></span>${escapeXml(name)}</td>` +
      `<td>${cells(r.baseline, name)}</td><td>${cells(r.accelerated, name)}</td>` +
      `<td>${a === 0 || b === 0 ? "—" : times(b / a)}</td></tr>`
    );
  });
  return (
    `<table class="legend"><thead><tr><th>table</th><th>baseline cells <span class="pad">/ padded</span></th>` +
    `<th>with coprocessor <span class="pad">/ padded</span></th><th>ratio</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

/** Proving figures under the prove-time chart. */
function proofNote(r: SavingsReport): string {
  const { baseline: b, accelerated: a } = r;
  if (b.proof === undefined || a.proof === undefined) return "";
  const runs = b.proof.runs === 1 ? "one run" : `median of ${b.proof.runs} runs`;
  return (
    `<p class="note">Prove time: ${runs}, keys set up beforehand. Verify: ${duration(b.proof.verifyMs)} → ` +
    `${duration(a.proof.verifyMs)} (${times(r.ratios.verifyMs)}). Receipt (claim and proof): ` +
    `${grouped(b.proof.receiptBytes)} → ${grouped(a.proof.receiptBytes)} bytes.</p>`
  );
}

/** Cells per coprocessor call, when the accelerated run made any. */
function perCallNote(r: SavingsReport): string {
  const lines = r.accelerated.tables
    .filter((t) => (t.calls ?? 0) > 0)
    .map(
      (t) =>
        `${escapeXml(t.name)}: ${grouped(t.calls ?? 0)} calls, ` +
        `${grouped(cellsPerCall(r.accelerated, t.name) ?? 0)} cells per call`,
    );
  return lines.length === 0
    ? ""
    : `<p class="note">${lines.join("; ")} (main + 4 × aux over real rows).</p>`;
}

/**
 * The report as a self-contained HTML page.
 *
 * @example
 * writeFileSync("savings.html", savingsHtml(report));
 */
export function savingsHtml(r: SavingsReport): string {
  const colors = tableColors(tableNames(r));
  const title = `${r.accelerated.label} vs ${r.baseline.label}`;
  const journal = r.journalsMatch
    ? `<span class="ok">same journal</span> (${r.baseline.journal.length / 2} bytes)`
    : `<span class="bad">the journals differ</span>`;
  const proven = r.baseline.proof !== undefined && r.accelerated.proof !== undefined;
  const prove = proven
    ? `<h2>Prove time</h2>${simpleChart("prove", "Prove time", r, (run) => run.proof?.proveMs ?? 0, duration)}${proofNote(r)}`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>zkglue savings: ${escapeXml(title)}</title><style>${PAGE_STYLE}</style></head>
<body><main>
<header><div class="kicker">zkglue savings</div><h1>${escapeXml(title)}</h1><p class="sub">${journal}</p></header>
${tiles(r)}
<h2>Trace cells per table</h2>
<p class="note">Rows × (main + preprocessed + 4 × auxiliary columns); pale: padding to a power of two.</p>
${cellsChart(r, colors)}
${legend(r, colors)}
${perCallNote(r)}
<h2>CPU cycles</h2>
${simpleChart("cycles", "CPU cycles", r, (run) => run.cycles, compact)}
${prove}
</main></body></html>
`;
}
