/**
 * The fuzzer's excuses read the table through a column map built once per table, not once per
 * undetected mutation: the AIR's column list is read as often on 2 sampled rows as on 12, and
 * the report is the same as on the table itself.
 */
import { describe, expect, it } from "vitest";
import type { CheckTable } from "../../core/air/check.js";
import type { CompiledAir } from "../../core/air/types.js";
import { MEMORY_BUS, SYSCALL_BUS } from "../../glue/chips/buses.js";
import { Lookups } from "../../glue/chips/table.js";
import { coprocessorChip, coprocessorTrace } from "../../glue/coprocessor-chip.js";
import { fuzzTable } from "../../glue/fuzz/engine.js";
import { sampleCalls, seededRandom } from "../../glue/fuzz/sample-calls.js";
import { halfswap } from "./toy-coprocessor.js";

/** halfswap's table, every column but the AIR's own declared free on some rows. */
function table(): { t: CheckTable; rows: number } {
  const c = halfswap("declared");
  const chip = coprocessorChip(c);
  const random = seededRandom(1);
  const calls = sampleCalls(c, c.samples!(random), random);
  const { main, rows } = coprocessorTrace(chip, calls, new Lookups());
  return { t: { air: chip.air, main }, rows };
}

/** A copy of `air` that counts the reads of its column list. */
function counted(air: CompiledAir): { air: CompiledAir; reads: () => number } {
  let reads = 0;
  const inner = new Proxy(air.air, {
    get: (target, key) => {
      if (key === "mainColumns") reads++;
      return Reflect.get(target, key);
    },
  });
  return { air: { ...air, air: inner }, reads: () => reads }; // CompiledAir is frozen
}

/** fuzzTable on `t` with `samples` real and padding rows, and the column list's reads. */
function fuzzCounted(samples: number) {
  const { t, rows } = table();
  const air = counted(t.air);
  const options = {
    realRows: rows,
    realSamples: samples,
    paddingSamples: samples,
    mirrorBuses: [MEMORY_BUS.id, SYSCALL_BUS.id],
    free: halfswap("declared").free,
  };
  const report = fuzzTable({ ...t, air: air.air }, options);
  const plain = fuzzTable(table().t, options);
  return { report, plain, reads: air.reads() };
}

describe("the fuzzer's excuses", () => {
  it("read the column list a fixed number of times, however many rows are excused", () => {
    const few = fuzzCounted(2);
    const many = fuzzCounted(12);
    expect(many.report.tallies.reduce((s, t) => s + t.excused, 0)).toBeGreaterThan(
      few.report.tallies.reduce((s, t) => s + t.excused, 0),
    );
    expect(many.reads).toBe(few.reads);
  });

  it("excuse the same mutations as on the table itself", () => {
    const { report, plain } = fuzzCounted(6);
    expect(report.ok).toBe(true);
    expect(report).toEqual(plain);
  });
});
