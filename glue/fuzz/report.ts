/**
 * The fuzzer's report as text: one line per column group and kind of row (mutations tried and
 * undetected; a group is a layout array such as `x3[0..127]`), then every column with undetected
 * mutations — declared free ones with their reason, the others as findings with examples.
 */
import type { ColumnTally, FuzzReport } from "./engine.js";

interface GroupLine {
  name: string;
  rows: string;
  columns: number;
  tried: number;
  undetected: number;
  excused: number;
}

function groups(tallies: readonly ColumnTally[]): GroupLine[] {
  const out = new Map<string, GroupLine>();
  for (const t of tallies) {
    const m = /^(.*)\[(\d+)\]$/.exec(t.column);
    const name = m === null ? t.column : `${m[1]}[…]`;
    const key = `${t.rows}/${name}`;
    const g = out.get(key) ?? {
      name,
      rows: t.rows,
      columns: 0,
      tried: 0,
      undetected: 0,
      excused: 0,
    };
    g.columns++;
    g.tried += t.tried;
    g.undetected += t.undetected;
    g.excused += t.excused;
    out.set(key, g);
  }
  return [...out.values()];
}

const num = (n: number) => n.toLocaleString("en-US");

/** The report of one table. */
export function fuzzText(r: FuzzReport): string {
  const lines = [
    `${r.table}: ${num(r.tried)} mutations on ${r.rows.real.length} real and ${r.rows.padding.length} padding rows, ` +
      `${num(r.undetected)} undetected, ${r.unexplained.length} column(s) with undetected mutations not declared free`,
    `  ${"column".padEnd(22)} ${"rows".padEnd(8)} ${"cols".padStart(5)} ${"tried".padStart(8)} ${"undetected".padStart(10)} ${"declared free".padStart(13)}`,
  ];
  for (const g of groups(r.tallies)) {
    lines.push(
      `  ${g.name.padEnd(22)} ${g.rows.padEnd(8)} ${String(g.columns).padStart(5)} ${num(g.tried).padStart(8)} ${num(g.undetected).padStart(10)} ${num(g.excused).padStart(13)}`,
    );
  }
  for (const t of r.tallies.filter((x) => x.undetected > x.excused)) {
    lines.push(
      `  FINDING ${t.column} (${t.rows} rows): ${t.undetected - t.excused} of ${t.tried} undetected, not declared free`,
    );
    for (const e of t.escapes)
      lines.push(`    row ${e.row}: ${e.kind} ${e.from} → ${e.to} passes every constraint and bus`);
  }
  const reasons = new Map<string, string[]>();
  for (const t of r.tallies.filter((x) => x.excused > 0)) {
    for (const why of t.reasons) reasons.set(why, [...(reasons.get(why) ?? []), `${t.column}`]);
  }
  for (const [why, columns] of reasons) {
    const shown = [...new Set(columns.map((c) => c.replace(/\[\d+\]$/, "[…]")))].join(", ");
    lines.push(`  free (${shown}): ${why}`);
  }
  return lines.join("\n");
}
