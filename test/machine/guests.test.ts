/**
 * The example guests through the machine: read_input (private input, journal) is proven and
 * verified through a receipt; sha256 (94k cycles) has every table checked without a proof (a
 * proof of it takes minutes on this machine: see bench/glue.bench.ts).
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
import { runAndCheck } from "./helpers.js";

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

  it("sha256: every table's constraints hold and every bus balances", () => {
    const { report, journal } = runAndCheck(elf("sha256"));
    expect(report.toString()).toBe("all constraints hold and every bus balances");
    expect(journal.length).toBe(64);
  }, 120_000);
});
