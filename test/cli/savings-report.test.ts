/**
 * The savings report's pure parts on synthetic figures: cells with and without padding, the
 * ratios (and where there is none), cells per coprocessor call, the number formats, the terminal
 * table, and the chart helpers.
 */
import { describe, expect, it } from "vitest";
import { compact, duration, grouped, size, times } from "../../cli/savings/format.js";
import {
  cellsPerCall,
  compareRuns,
  median,
  ratio,
  runReport,
  tableNames,
} from "../../cli/savings/model.js";
import { escapeXml, niceTicks } from "../../cli/savings/svg.js";
import { savingsText } from "../../cli/savings/text.js";
import * as f from "./savings-fixture.js";

const sw = () => runReport("sw.elf", f.baselineFigures, f.baselineProof);
const cop = () =>
  runReport("cop.elf", f.acceleratedFigures, f.acceleratedProof, { "cop.sha256": 17 });

describe("savings report model", () => {
  it("counts main + preprocessed + 4 × aux cells per row, with and without padding", () => {
    const r = sw();
    const bytes = r.tables.find((t) => t.name === "rv.bytes");
    expect(bytes).toMatchObject({ rows: 65536, paddedRows: 65536, rowCells: 4 + 3 + 4 * 3 });
    expect(bytes?.cells).toBe(65536 * 19);
    const cpu = r.tables.find((t) => t.name === "rv.cpu");
    expect(cpu?.cells).toBe(118_412 * (58 + 4 * 5));
    expect(cpu?.paddedCells).toBe(131_072 * (58 + 4 * 5));
    expect(r.traceCells).toBe(r.tables.reduce((s, t) => s + t.cells, 0));
    expect(r.paddedTraceCells).toBe(r.tables.reduce((s, t) => s + t.paddedCells, 0));
    expect(r.paddedTraceCells).toBeGreaterThan(r.traceCells);
    expect(r.journal).toBe(Buffer.from(f.baselineFigures.journal).toString("hex"));
  });

  it("gives the ratios baseline / accelerated, null where there is no ratio", () => {
    const r = compareRuns(sw(), cop());
    expect(r.journalsMatch).toBe(true);
    expect(r.ratios.cycles).toBeCloseTo(118_412 / 6_215, 9);
    expect(r.ratios.traceCells).toBeCloseTo(r.baseline.traceCells / r.accelerated.traceCells, 9);
    expect(r.ratios.proveMs).toBeCloseTo(5_840 / 1_310, 9);
    expect(r.ratios.receiptBytes).toBeCloseTo(598_311 / 455_020, 9);
    expect(r.ratios.rows["rv.cpu"]).toBeCloseTo(118_412 / 6_215, 9);
    expect(r.ratios.rows["rv.mul"]).toBeNull(); // no rows in either run
    expect(r.ratios.rows["cop.sha256"]).toBeNull(); // only the accelerated run has rows
    const unproven = compareRuns(runReport("a", f.baselineFigures), cop());
    expect([unproven.ratios.proveMs, unproven.ratios.verifyMs]).toEqual([null, null]);
    expect(ratio(3, 0)).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain data
  });

  it("notices journals that differ", () => {
    const other = { ...f.acceleratedFigures, journal: new Uint8Array([1, 2, 3]) };
    expect(compareRuns(sw(), runReport("x", other)).journalsMatch).toBe(false);
  });

  it("cells per coprocessor call: (main + 4 × aux) × real rows / calls", () => {
    const r = cop();
    expect(cellsPerCall(r, "cop.sha256")).toBe(((190 + 4 * 9) * 17 * 80) / 17);
    expect(cellsPerCall(r, "rv.cpu")).toBeNull(); // not a coprocessor table
    expect(cellsPerCall(sw(), "cop.sha256")).toBeNull(); // no calls counted
  });

  it("lists tables of either run, the baseline's order first", () => {
    const only = runReport("x", {
      ...f.acceleratedFigures,
      tables: f.acceleratedFigures.tables.slice(-2),
    });
    const names = tableNames({
      baseline: runReport("y", {
        ...f.baselineFigures,
        tables: f.baselineFigures.tables.slice(0, 2),
      }),
      accelerated: only,
    });
    expect(names).toEqual(["rv.cpu", "rv.add", "rv.io", "cop.sha256"]);
  });

  it("median of a few runs", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/no values/);
  });
});

describe("savings number formats", () => {
  it("writes counts, ratios, durations and sizes", () => {
    expect(grouped(1234567.4)).toBe("1,234,567");
    expect([compact(1_234_567), compact(950), compact(12_500), compact(0)]).toEqual([
      "1.23 M",
      "950",
      "12.5 k",
      "0",
    ]);
    expect([times(27.436), times(1), times(0.851), times(312.4), times(null)]).toEqual([
      "27.4×",
      "1×",
      "0.851×",
      "312×",
      "—",
    ]);
    expect([duration(812.4), duration(3420)]).toEqual(["812 ms", "3.42 s"]);
    expect([size(512), size(612_345), size(1_234_567)]).toEqual(["512 B", "612 KB", "1.23 MB"]);
  });
});

describe("savings terminal table", () => {
  it("shows both runs, their ratios, rows per table and cells per call", () => {
    const text = savingsText(compareRuns(sw(), cop()));
    const line = (label: string) =>
      text.split("\n").find((l) => l.trimStart().startsWith(label)) ?? "";
    expect(line("cycles")).toMatch(/^cycles\s+118,412\s+6,215\s+19\.1×$/);
    expect(line("trace cells,")).toMatch(/^trace cells, padded\s+[\d,]+\s+[\d,]+\s+6\.5×$/);
    expect(line("prove ms")).toMatch(/^prove ms \(median of 3\)\s+5,840\s+1,310\s+4\.46×$/);
    expect(line("receipt bytes")).toMatch(/598,311\s+455,020\s+1\.31×$/);
    expect(line("rv.cpu")).toMatch(/^ {2}rv\.cpu\s+118,412 \/ 131,072\s+6,215 \/ 8,192\s+19\.1×$/);
    expect(line("cop.sha256 ")).toMatch(/0 \/ 8\s+1,360 \/ 2,048\s+—$/);
    expect(text).toContain("cop.sha256: 17 calls, 18,080 cells per call");
    expect(text).toMatch(/journals match \(32 bytes\)\n$/);
  });

  it("leaves out proving figures when the runs were not proven, and flags other journals", () => {
    const other = runReport("x", { ...f.acceleratedFigures, journal: new Uint8Array([0xab]) });
    const text = savingsText(compareRuns(runReport("sw.elf", f.baselineFigures), other));
    expect(text).not.toMatch(/prove ms|verify ms|receipt bytes/);
    expect(text).toMatch(/journals DIFFER: baseline [0-9a-f]{64}, accelerated ab\n$/);
  });
});

describe("savings chart helpers", () => {
  it("picks round ticks covering the maximum", () => {
    expect(niceTicks(1_234_000)).toEqual([0, 500_000, 1_000_000, 1_500_000]);
    expect(niceTicks(17_355_680)).toEqual([0, 5e6, 10e6, 15e6, 20e6]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it("escapes text for SVG and HTML", () => {
    expect(escapeXml(`a<b>&"c'`)).toBe("a&#60;b&#62;&#38;&#34;c&#39;");
  });
});
