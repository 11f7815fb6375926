/**
 * Horizontal bar charts as inline SVG text, for the savings page: one bar per run, each bar a
 * stack of segments (one per table, or a single one), a value axis with round ticks shared by
 * the bars so their lengths compare, and each bar's total written at its end. Only SVG
 * primitives and system fonts: the page must render with no network.
 *
 * Every visible segment (at least a tenth of a pixel wide) is a `<rect class="bar">` carrying `data-bar` (the bar's id) and `data-key`
 * (the segment's key), so a test can find the drawn bars in the rendered page.
 */
import { compact } from "./format.js";

/** One segment of a bar. */
export interface Segment {
  key: string;
  value: number;
  color: string;
  /** Drawn lighter (e.g. padding rows). */
  pale?: boolean;
  /** Tooltip text. */
  title: string;
}

/** One bar: its label on the left, its segments left to right, its total text on the right. */
export interface Bar {
  id: string;
  label: string;
  sublabel?: string;
  segments: Segment[];
  total: string;
}

const WIDTH = 880;
const LEFT = 200; // room for the labels
const RIGHT = 110; // room for the totals
const BAR = 44;
const GAP = 22;
const TOP = 8;
const AXIS = 26;
// Narrower segments are left out: at a tenth of a pixel they cannot be seen (the legend still
// lists their table), and a zero-width rectangle would only mislead whoever counts the bars.
const MIN_WIDTH = 0.1;

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 × 10^k, about four of them.
 *
 * @example
 * niceTicks(1_234_000); // [0, 500000, 1000000, 1500000]
 */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** Grid lines and tick labels of the value axis. */
function axis(
  ticks: number[],
  scale: (v: number) => number,
  height: number,
  tickText: (v: number) => string,
): string {
  return ticks
    .map((t) => {
      const x = (LEFT + scale(t)).toFixed(1);
      return (
        `<line x1="${x}" x2="${x}" y1="${TOP - 4}" y2="${height - AXIS + 4}" stroke="#e3e6ea"/>` +
        `<text x="${x}" y="${height - 8}" text-anchor="middle" class="tick">${t === 0 ? "0" : escapeXml(tickText(t))}</text>`
      );
    })
    .join("");
}

/** The rectangles of one bar, at vertical offset `y`. */
function barRects(bar: Bar, y: number, scale: (v: number) => number): string {
  let x = LEFT;
  const rects: string[] = [];
  for (const s of bar.segments) {
    const w = s.value > 0 ? scale(s.value) : 0;
    if (w < MIN_WIDTH) {
      x += w;
      continue;
    }
    rects.push(
      `<rect class="bar" data-bar="${escapeXml(bar.id)}" data-key="${escapeXml(s.key)}" ` +
        `x="${x.toFixed(3)}" y="${y}" width="${w.toFixed(3)}" height="${BAR}" fill="${s.color}"` +
        `${s.pale === true ? ' fill-opacity="0.38"' : ""}><title>${escapeXml(s.title)}</title></rect>`,
    );
    x += w;
  }
  return rects.join("");
}

/** The label on the left of a bar and its total on the right. */
function barTexts(bar: Bar, y: number, end: number): string {
  const mid = y + BAR / 2;
  const label =
    bar.sublabel === undefined
      ? `<text x="${LEFT - 12}" y="${mid + 5}" text-anchor="end" class="label">${escapeXml(bar.label)}</text>`
      : `<text x="${LEFT - 12}" y="${mid - 3}" text-anchor="end" class="label">${escapeXml(bar.label)}</text>` +
        `<text x="${LEFT - 12}" y="${mid + 14}" text-anchor="end" class="sublabel">${escapeXml(bar.sublabel)}</text>`;
  const total = `<text x="${(end + 8).toFixed(1)}" y="${mid + 5}" class="total">${escapeXml(bar.total)}</text>`;
  return label + total;
}

/**
 * A horizontal bar chart of `bars` (stacked when a bar has several segments) on one shared
 * scale, as an `<svg>` element that fills its container's width; `tickText` writes the axis
 * values (default: compact counts).
 *
 * @example
 * barChart("cycles", "CPU cycles", [{ id: "baseline", label: "baseline", total: "1.2 M",
 *   segments: [{ key: "cycles", value: 1.2e6, color: "#4c78a8", title: "1,200,000 cycles" }] }]);
 */
export function barChart(
  id: string,
  title: string,
  bars: Bar[],
  tickText: (v: number) => string = compact,
): string {
  const totals = bars.map((b) => b.segments.reduce((s, x) => s + Math.max(0, x.value), 0));
  const ticks = niceTicks(Math.max(...totals, 0));
  const span = WIDTH - LEFT - RIGHT;
  const scale = (v: number) => (v / ticks[ticks.length - 1]) * span;
  const height = TOP + bars.length * (BAR + GAP) - GAP + AXIS + 10;
  const body = bars
    .map((bar, i) => {
      const y = TOP + i * (BAR + GAP);
      return barRects(bar, y, scale) + barTexts(bar, y, LEFT + scale(totals[i]));
    })
    .join("");
  return (
    `<svg id="${escapeXml(id)}" class="chart" viewBox="0 0 ${WIDTH} ${height}" ` +
    `xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title>${axis(ticks, scale, height, tickText)}${body}</svg>`
  );
}
