/**
 * End to end through the STARK: small programs are proven and verified, receipts round-trip,
 * and the verifier rejects a receipt checked against another program id, flipped receipt bytes,
 * a wrong journal, and a proof forced through from a tampered trace. A run with a non-zero exit
 * code has no receipt.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { prove } from "../../core/stark/prover.js";
import { buildMachine, journalMessages, machineKeys } from "../../glue/machine.js";
import { verifyProgram } from "../../glue/run-proof.js";
import { cpuPublicValues, finalTables, machineWitness } from "../../glue/segments.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
  type Receipt,
} from "../../glue/receipt.js";
import { executeRecording, loadElf } from "../../glue/riscv/index.js";
import * as A from "../riscv/asm.js";
import { forcedProofVerification, tamper } from "./helpers.js";
import { aluProgram, controlProgram, immProgram, memoryProgram, withExit } from "./programs.js";

const data = new TextEncoder().encode("zkglue journal!!");
const body = [
  ...A.li(5, A.DATA_BASE),
  A.lw(6, 5, 0),
  A.rtype("mul", 7, 6, 6),
  A.rtype("divu", 8, 7, 6),
  A.sw(7, 5, 4),
];
const program = A.program(withExit(body, { ptr: A.DATA_BASE + 1, len: 11 }), data);

let receipt: Receipt;
let bytes: Uint8Array;
let id: Uint8Array;

beforeAll(() => {
  ({ receipt } = proveReceipt(program));
  bytes = serializeReceipt(receipt);
  id = programIdOf(program);
}, 300_000);

describe("machine proofs", () => {
  it("a small program with a journal proves and verifies; the receipt round-trips", () => {
    const expected = executeRecording(program).journal;
    expect(Buffer.from(receipt.journal)).toEqual(Buffer.from(expected));
    expect(Buffer.from(receipt.programId)).toEqual(Buffer.from(id));
    const journal = verifyReceipt(parseReceipt(bytes), id);
    expect(Buffer.from(journal)).toEqual(Buffer.from(expected));
    // Bytes 3..6 come from the word the program stored before writing the journal.
    expect(new TextDecoder().decode(journal.slice(0, 3))).toBe("kgl");
  });

  it("is rejected against another program's id", () => {
    const other = A.program(
      withExit([A.addi(5, 0, 1), ...body.slice(2)], { ptr: A.DATA_BASE + 1, len: 11 }),
      data,
    );
    expect(() => verifyReceipt(parseReceipt(bytes), programIdOf(other))).toThrow(
      /receipt is for program/,
    );
  });

  it("is rejected with a changed journal", () => {
    const r = parseReceipt(bytes);
    r.journal[0] ^= 1;
    expect(() => verifyReceipt(r, id)).toThrow(/rejected/);
  });

  it("is rejected when the key description is changed (entry point)", () => {
    const r = parseReceipt(bytes);
    r.key.entry += 4;
    expect(() => verifyReceipt(r, id)).toThrow(/does not hash to the program id/);
  });

  it("rejects sampled byte flips across the receipt", () => {
    const step = Math.floor(bytes.length / 12);
    for (let i = 3; i < bytes.length; i += step) {
      const bad = bytes.slice();
      bad[i] ^= 0x10;
      expect(() => verifyReceipt(parseReceipt(bad), id), `flip at byte ${i}`).toThrow();
    }
  }, 120_000);

  it("rejects a truncated receipt and trailing bytes with a clear reason", () => {
    expect(() => parseReceipt(bytes.slice(0, 50))).toThrow(/truncated/);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => parseReceipt(longer)).toThrow(/trailing/);
  });

  // Each case: which table, how to find the row, which cell, the new value.
  const forced: [
    string,
    "rv.cpu" | "rv.loadstore",
    (g: (c: string) => number) => boolean,
    string,
    (v: number) => number,
  ][] = [
    ["rd value changed", "rv.cpu", (g) => g("useAlu") === 1 && g("rd") === 7, "rdLo", (v) => v + 1],
    ["the exit code set to 1", "rv.cpu", (g) => g("isHalt") === 1, "rs2Lo", () => 1],
    [
      "a row's next pc changed",
      "rv.cpu",
      (g) => g("isReal") === 1 && g("isBranch") === 0,
      "nextPc",
      (v) => v + 4,
    ],
    [
      "a load returning another value",
      "rv.loadstore",
      (g) => g("isLw") === 1,
      "rdLo",
      (v) => v ^ 1,
    ],
  ];
  it.each(forced)(
    "a proof forced through from a tampered trace (%s) is rejected",
    (_, table, pick, column, change) => {
      const m = buildMachine(program);
      const run = executeRecording(program);
      const traces = finalTables(machineWitness(m, run));
      const t = m.airs.findIndex((a) => a.name === table);
      const cols = m.airs[t].mainColumns;
      const main = traces[t];
      const get = (r: number) => (c: string) => main.values[r * main.width + cols.indexOf(c)];
      let row = 0;
      while (!pick(get(row))) row++;
      const bad = tamper(m, traces, table, row, column, change(get(row)(column)));
      expect(forcedProofVerification(m, bad, run.journal)).toThrow(/rejected/);
    },
    300_000,
  );

  it("the instruction test programs (every RV32IM instruction, corner cases, every load/store width) prove and verify", () => {
    const data = new Uint8Array(128).map((_, i) => (i * 37 + 200) & 255);
    const words = withExit(
      [...aluProgram(), ...immProgram(), ...memoryProgram(), ...controlProgram()],
      { ptr: A.DATA_BASE + 3, len: 21 },
    );
    const p = A.program(words, data);
    const { receipt } = proveReceipt(p);
    const journal = verifyReceipt(parseReceipt(serializeReceipt(receipt)), programIdOf(p));
    expect(Buffer.from(journal)).toEqual(Buffer.from(executeRecording(p).journal));
  }, 600_000);

  it("a run that exits with a non-zero code is refused", () => {
    const elf = loadElf(readFileSync("examples/guests/exit_nonzero.elf"));
    expect(() => proveReceipt(elf)).toThrow(/exited with code 3/);
  });
});
