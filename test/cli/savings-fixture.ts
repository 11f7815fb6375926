/**
 * Synthetic figures for the savings report's tests: two runs shaped like a software SHA-256 of
 * 1 KiB and the same with the SHA-256 coprocessor (made-up widths and rows, real-looking
 * proportions), so the report, the table and the page can be tested without proving anything.
 */
import type { RunFigures, TableFigures } from "../../glue/figures.js";

const pow2 = (n: number) => 2 ** Math.max(3, Math.ceil(Math.log2(Math.max(1, n))));

/** A table with `rows` real rows in one segment (padded to a power of two, at least 8). */
function table(name: string, rows: number, main: number, aux: number, prep = 0): TableFigures {
  return {
    name,
    rows,
    paddedRows: pow2(rows),
    mainWidth: main,
    preprocessedWidth: prep,
    auxWidth: aux,
  };
}

/** Both runs' tables, scaled from the cycle count and the SHA-256 table's rows. */
function figures(cycles: number, shaRows: number, journal: Uint8Array): RunFigures {
  return {
    cycles,
    segments: 1,
    journal,
    tables: [
      table("rv.cpu", cycles, 58, 5),
      table("rv.add", Math.round(cycles * 0.42), 12, 2),
      table("rv.bitwise", Math.round(cycles * 0.21), 14, 2),
      table("rv.compare", Math.round(cycles * 0.04), 16, 2),
      table("rv.shift", Math.round(cycles * 0.18), 18, 2),
      table("rv.mul", 0, 30, 2),
      table("rv.divrem", 0, 40, 3),
      table("rv.loadstore", Math.round(cycles * 0.3), 26, 4),
      table("rv.program", 900, 2, 1, 9),
      table("rv.image", 1400, 1, 1, 2),
      table("rv.boundary", 1500, 6, 1),
      table("rv.bytes", 65536, 4, 3, 3),
      table("rv.syscall", 40, 10, 2),
      table("rv.io", 32, 6, 1),
      table("cop.sha256", shaRows, 190, 9),
    ],
  };
}

const DIGEST = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);

/** The software run: many cycles, no SHA-256 calls. */
export const baselineFigures: RunFigures = figures(118_412, 0, DIGEST);

/** The coprocessor run: 17 compressions of 80 rows each. */
export const acceleratedFigures: RunFigures = figures(6_215, 17 * 80, DIGEST);

/** Proof figures shaped like the cycle counts. */
export const baselineProof = { runs: 3, proveMs: 5_840, verifyMs: 212, receiptBytes: 598_311 };
export const acceleratedProof = { runs: 3, proveMs: 1_310, verifyMs: 171, receiptBytes: 455_020 };
