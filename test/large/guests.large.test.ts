/**
 * Every example guest proves and verifies through a receipt, the long ones included: fibonacci
 * (0.5M cycles, one segment), modmul (3.0M, three segments of 2^20 cycles) and bubble_sort (5.5M,
 * six segments). Each journal must equal the executor's; each receipt is serialized, parsed and
 * verified against the program id recomputed from the ELF.
 *
 * These proofs take minutes, so they run only with ZKGLUE_LARGE_TESTS=1 (vitest.config.ts):
 * `npm test` — and so CI — sets it; a bare `npx vitest run` leaves them out.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { execute, loadElf } from "../../glue/riscv/index.js";

const elf = (name: string) => loadElf(readFileSync(`examples/guests/${name}.elf`));

describe("the long example guests prove and verify", () => {
  it.each([
    ["fibonacci", 1],
    ["modmul", 3],
    ["bubble_sort", 6],
  ])(
    "%s proves in %i segment(s) and verifies; the journal is the executor's",
    (name, segments) => {
      const program = elf(name);
      const { receipt, stats } = proveReceipt(program);
      expect(stats.segments).toBe(segments);
      const bytes = serializeReceipt(receipt);
      const journal = verifyReceipt(parseReceipt(bytes), programIdOf(program));
      const run = execute(program);
      expect(run.exitCode).toBe(0);
      expect(stats.cycles).toBe(run.cycles);
      expect(Buffer.from(journal)).toEqual(Buffer.from(run.journal));
      expect(journal.length).toBeGreaterThan(0);
    },
    1_800_000,
  );
});
