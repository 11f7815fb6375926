/**
 * The example guests through the machine: read_input (private input, journal) and sha256 (94k
 * cycles) are proven and verified through receipts. The longer guests (fibonacci 0.5M, modmul
 * 3M, bubble_sort 5.5M cycles) are proven in test/large (run by `npm test`).
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

describe("example guests", () => {
  it("read_input proves and verifies; the journal is the executor's", () => {
    const program = elf("read_input");
    const input = new TextEncoder().encode("private words");
    const { receipt } = proveReceipt(program, { input });
    const journal = verifyReceipt(parseReceipt(serializeReceipt(receipt)), programIdOf(program));
    expect(Buffer.from(journal)).toEqual(Buffer.from(execute(program, { input }).journal));
    expect(journal.length).toBeGreaterThan(0);
  }, 300_000);

  it("sha256 (94k cycles) proves and verifies; the journal is its digest", () => {
    const program = elf("sha256");
    const { receipt } = proveReceipt(program);
    const journal = verifyReceipt(parseReceipt(serializeReceipt(receipt)), programIdOf(program));
    expect(Buffer.from(journal)).toEqual(Buffer.from(execute(program).journal));
    expect(journal.length).toBe(64);
  }, 600_000);
});
