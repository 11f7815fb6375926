/**
 * The savings page rendered in headless Chromium: it is one file that fetches nothing; every
 * chart bar (one per table part per run in the cells chart, one per run in the cycles and prove
 * charts) is drawn with a non-zero size, bar lengths follow the figures, and the screenshot shows
 * the charts' colours. Chromium must be installed (scripts/setup.sh): a missing browser fails.
 * The screenshot is kept in the temporary folder named by ZKGLUE_SAVINGS_SHOT (if set) so a
 * person can look at it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { savingsHtml, tableColors } from "../../cli/savings/html.js";
import { compareRuns, runReport, type SavingsReport } from "../../cli/savings/model.js";
import { chromiumVersion, drawnBars, screenshot, type DrawnBar } from "./savings-chromium.js";
import * as f from "./savings-fixture.js";
import { countColor, decodePng } from "./savings-png.js";

const dir = mkdtempSync(join(tmpdir(), "zkglue-savings-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(proven: boolean): SavingsReport {
  return compareRuns(
    runReport("sha256_1k_sw.elf", f.baselineFigures, proven ? f.baselineProof : undefined),
    runReport("sha256_1k_cop.elf", f.acceleratedFigures, proven ? f.acceleratedProof : undefined, {
      "cop.sha256": 17,
    }),
  );
}

/**
 * Parts of the cells chart that must be drawn: a table's real and padding cells in a run, when
 * they are at least 0.2% of the longer bar (about a pixel; thinner ones may be left out).
 */
function visibleCellParts(r: SavingsReport): string[] {
  const longest = Math.max(r.baseline.paddedTraceCells, r.accelerated.paddedTraceCells);
  return (["baseline", "accelerated"] as const).flatMap((side) =>
    r[side].tables.flatMap((t) => [
      ...(t.cells >= 0.002 * longest ? [`${side} ${t.name}`] : []),
      ...(t.paddedCells - t.cells >= 0.002 * longest ? [`${side} ${t.name} padding`] : []),
    ]),
  );
}

/** The `<rect class="bar">` elements in the page's source, per chart id. */
function sourceBars(html: string, chart: string): number {
  const svg = html.slice(html.indexOf(`<svg id="${chart}"`));
  return (svg.slice(0, svg.indexOf("</svg>")).match(/<rect class="bar"/g) ?? []).length;
}

const widthOf = (bars: DrawnBar[], chart: string, bar: string) =>
  bars.filter((b) => b.chart === chart && b.bar === bar).reduce((s, b) => s + b.width, 0);

describe("zkglue savings --html", () => {
  it("chromium is installed (scripts/setup.sh installs it; the page tests need it)", async () => {
    expect(await chromiumVersion()).toMatch(/Chromium \d+/);
  });

  it("is one self-contained file: no scripts, links, images or fonts fetched", () => {
    const html = savingsHtml(report(true));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href=/i);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it("draws every bar with a non-zero size, lengths in proportion to the figures", async () => {
    const r = report(true);
    const html = savingsHtml(r);
    const bars = await drawnBars(html);
    const cells = bars.filter((b) => b.chart === "chart-cells");
    expect(cells).toHaveLength(sourceBars(html, "chart-cells"));
    const drawn = new Set(cells.map((b) => `${b.bar} ${b.key}`));
    for (const part of visibleCellParts(r)) expect(drawn, part).toContain(part);
    expect(bars.filter((b) => b.chart === "chart-cycles")).toHaveLength(2);
    expect(bars.filter((b) => b.chart === "chart-prove")).toHaveLength(2);
    for (const b of bars) {
      expect(b.width, `${b.chart} ${b.bar} ${b.key}`).toBeGreaterThan(0);
      expect(b.height, `${b.chart} ${b.bar} ${b.key}`).toBeGreaterThan(20);
    }
    const ratio = (chart: string) =>
      widthOf(bars, chart, "baseline") / widthOf(bars, chart, "accelerated");
    expect(ratio("chart-cells")).toBeCloseTo(r.ratios.paddedTraceCells ?? 0, 1);
    expect(ratio("chart-cycles")).toBeCloseTo(r.ratios.cycles ?? 0, 1);
    expect(ratio("chart-prove")).toBeCloseTo(r.ratios.proveMs ?? 0, 1);
  });

  it("without proofs there is no prove-time chart", async () => {
    const r = report(false);
    const html = savingsHtml(r);
    expect(html).not.toContain("Prove time");
    const bars = await drawnBars(html);
    const count = sourceBars(html, "chart-cells");
    expect(count).toBeGreaterThanOrEqual(visibleCellParts(r).length);
    expect(bars.map((b) => b.chart).sort()).toEqual(
      [...Array(count).fill("chart-cells"), "chart-cycles", "chart-cycles"].sort(),
    );
    expect(bars.every((b) => b.width > 0 && b.height > 20)).toBe(true);
  });

  it("the screenshot shows the charts in their colours", async () => {
    const r = report(true);
    const shotDir = process.env.ZKGLUE_SAVINGS_SHOT ?? dir;
    const png = await screenshot(savingsHtml(r), join(shotDir, "savings.png"));
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([1000, 1500]);
    const colors = tableColors(r.accelerated.tables.map((t) => t.name));
    // The CPU's table (blue) and the coprocessor's (orange) fill large areas of the bars.
    expect(countColor(img, colors.get("rv.cpu") ?? "")).toBeGreaterThan(5000);
    expect(countColor(img, colors.get("cop.sha256") ?? "")).toBeGreaterThan(2000);
    // The big ratios are drawn in green.
    expect(countColor(img, "#1b7f3b", 40)).toBeGreaterThan(2000);
  });
});
