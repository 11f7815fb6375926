/**
 * The SHA-256 coprocessor inside the machine: the bundled guests prove and verify through
 * receipts with the built-in coprocessor set (the digest checked against @noble/hashes), a
 * receipt does not verify against another set, and a proof forced through with a wrong output
 * state is rejected by the verifier.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prove } from "../../core/stark/prover.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { sha256Cols } from "../../coprocessors/sha256/columns.js";
import { buildMachine, journalMessages, machineKeys, tableIndex } from "../../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { executeRecording, loadElf } from "../../glue/riscv/index.js";
import { verifyProgram } from "../../glue/run-proof.js";
import { cpuPublicValues, finalTables, machineWitness } from "../../glue/segments.js";
import { forcedProofVerification, tamper } from "../machine/helpers.js";

const cops = builtinCoprocessors();
const elf = (name: string) => loadElf(readFileSync(`examples/guests/${name}.elf`));
const message = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) & 255);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("SHA-256 coprocessor in the machine", () => {
  it("sha256_1k_cop proves and verifies; the journal is SHA-256 of the message", () => {
    const p = elf("sha256_1k_cop");
    const { receipt, stats } = proveReceipt(p, { coprocessors: cops });
    expect(stats.heights["cop.sha256"]).toBeGreaterThanOrEqual(17 * 18);
    const journal = verifyReceipt(
      parseReceipt(serializeReceipt(receipt)),
      programIdOf(p, cops),
      cops,
    );
    expect(hex(journal)).toBe(hex(sha256(message)));
    expect(() => verifyReceipt(receipt, programIdOf(p, cops), [])).toThrow(
      /coprocessor set mismatch: proven with "sha256" \(0x100\)/,
    );
  }, 300_000);

  it("the zkvm-standards guest proves its input's digest", () => {
    const p = elf("zkvm_standards");
    const input = Uint8Array.from({ length: 200 }, (_, i) => i ^ 0x5a);
    const { receipt } = proveReceipt(p, { coprocessors: cops, input });
    const journal = verifyReceipt(receipt, programIdOf(p, cops), cops);
    expect(hex(journal)).toBe(hex(sha256(input)));
  }, 300_000);

  it("a proof forced through with a wrong output state is rejected", () => {
    const p = elf("sha256_1k_cop");
    const m = buildMachine(p, { coprocessors: cops });
    const run = executeRecording(p, { coprocessors: cops });
    const traces = finalTables(machineWitness(m, run));
    const t = tableIndex(m, "cop.sha256");
    const main = traces[t];
    const isF = (r: number) => main.values[r * main.width + sha256Cols.index.isF] === 1;
    const row = Array.from({ length: main.height }, (_, r) => r).find(isF)!;
    // Bit 0 of H0' (state word 0 sits in a[3]): the state written back changes.
    const col = `a[${32 * 3}]`;
    const bit = main.values[row * main.width + sha256Cols.index.a + 96];
    const bad = tamper(m, traces, "cop.sha256", row, col, 1 - bit);
    expect(forcedProofVerification(m, bad, run.journal)).toThrow(/rejected/);
  }, 300_000);
});
