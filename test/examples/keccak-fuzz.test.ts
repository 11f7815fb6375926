/**
 * The underconstraint fuzzer on the Keccak example, as `zkglue fuzz --coprocessor
 * examples/coprocessors/keccak/index.ts` runs it: the coprocessor's own sample calls, every cell
 * of sampled real and padding rows mutated six ways, swapped and mirrored. No mutation goes
 * undetected outside the slots fuzz.ts declares free; the free ones it does meet are excused
 * with their reasons (the check is not vacuous).
 */
import { describe, expect, it } from "vitest";
import keccak from "../../examples/coprocessors/keccak/index.js";
import { fuzzCoprocessor } from "../../glue/fuzz/coprocessor.js";
import { fuzzText } from "../../glue/fuzz/report.js";

describe("zkglue fuzz on the Keccak example", () => {
  it("finds no undeclared free cell", () => {
    // Four real rows and two padding rows (default six and three): a row is 2,473 cells, each
    // mutated six ways and more; keccak-air.test.ts mutates every kind of real row already.
    const report = fuzzCoprocessor(keccak, { realSamples: 4, paddingSamples: 2 });
    expect(report.ok, fuzzText(report)).toBe(true);
    expect(report.rows.real.length).toBeGreaterThan(0);
    expect(report.rows.padding.length).toBeGreaterThan(0);
    expect(report.tried).toBeGreaterThan(50_000);
    const excused = report.tallies.filter((t) => t.excused > 0).map((t) => t.column);
    expect(excused.some((c) => c.startsWith("slot["))).toBe(true);
    // Every column group other than the slots and (on padding) clk and mbase is pinned.
    const pinned = report.tallies.filter((t) => !/^(slot\[|clk$|mbase$)/.test(t.column));
    expect(pinned.every((t) => t.undetected === 0 && t.tried > 0)).toBe(true);
  }, 600_000);
});
