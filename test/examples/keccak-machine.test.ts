/**
 * The Keccak example coprocessor in the whole machine: an assembled guest that permutes a state
 * twice proves and verifies through a receipt (its journal noble's keccakP, twice), and a
 * receipt does not verify against a coprocessor set without it; a proof forced through with a
 * wrong output limb is rejected by the verifier; and keccak_cop, the C guest that routes the
 * SDK's Keccak-256 and SHA3-256 through it, proves the digests noble computes, on a machine
 * given the built-in coprocessors and this one (as `--coprocessor` would).
 */
import { keccak_256, keccakP, sha3_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import keccak from "../../examples/coprocessors/keccak/index.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { buildMachine, tableIndex } from "../../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { executeRecording, loadElf } from "../../glue/riscv/index.js";
import { finalTables, machineWitness } from "../../glue/segments.js";
import { forcedProofVerification, tamper } from "../machine/helpers.js";
import { withExit } from "../machine/programs.js";
import * as A from "../riscv/asm.js";
import { elfBytes } from "../riscv/guests.js";

const D = A.DATA_BASE;
const cops = [keccak];
const call = [...A.li(17, keccak.syscall), ...A.li(10, D), A.ECALL];
/** Two permutations of the state at D, then its 200 bytes to the journal. */
const guest = (state: Uint32Array) =>
  A.program(
    withExit([...call, ...call], { ptr: D, len: 200 }),
    new Uint8Array(state.slice().buffer),
  );
const input = Uint32Array.from({ length: 50 }, (_, i) => (i * 0x0761_2345 + 17) >>> 0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("Keccak coprocessor in the machine", () => {
  it("proves and verifies two permutations through a receipt; the journal is noble's", () => {
    const p = guest(input);
    const { receipt, stats } = proveReceipt(p, { coprocessors: cops });
    expect(stats.heights["cop.keccak"]).toBe(64);
    const journal = verifyReceipt(
      parseReceipt(serializeReceipt(receipt)),
      programIdOf(p, cops),
      cops,
    );
    const expected = input.slice();
    keccakP(expected, 24);
    keccakP(expected, 24);
    expect(new Uint32Array(journal.slice().buffer)).toEqual(expected);
    expect(() => verifyReceipt(receipt, programIdOf(p, cops), [])).toThrow(
      /coprocessor set mismatch: proven with "keccak" \(0x1000\)/,
    );
  }, 600_000);

  it("a proof forced through with a wrong output limb is rejected", () => {
    const p = guest(input);
    const m = buildMachine(p, { coprocessors: cops });
    const run = executeRecording(p, { coprocessors: cops });
    const traces = finalTables(machineWitness(m, run));
    // The honest tables, proven the same way, verify: the rejection below is the edit's.
    expect(forcedProofVerification(m, traces, run.journal)).not.toThrow();
    const t = tableIndex(m, "cop.keccak");
    // Row 23 holds the first call's output in its slots: limb 0 of word 0, written to memory
    // (and read back by the second call).
    const col = m.airs[t].mainColumns.indexOf("slot[0]");
    const v = traces[t].values[23 * traces[t].width + col];
    const bad = tamper(m, traces, "cop.keccak", 23, "slot[0]", v ^ 1);
    expect(forcedProofVerification(m, bad, run.journal)).toThrow(/rejected/);
  }, 600_000);

  it("keccak_cop proves the Keccak-256 and SHA3-256 of its 1 KiB message", () => {
    const message = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) & 255);
    const all = [...builtinCoprocessors(), keccak];
    const p = loadElf(elfBytes("keccak_cop"));
    const { receipt, stats } = proveReceipt(p, { coprocessors: all });
    expect(stats.heights["cop.keccak"]).toBe(512); // 16 permutations, 384 rows
    const journal = verifyReceipt(receipt, programIdOf(p, all), all);
    expect(hex(journal)).toBe(hex(keccak_256(message)) + hex(sha3_256(message)));
  }, 600_000);
});
