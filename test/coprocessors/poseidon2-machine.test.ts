/**
 * The poseidon2_permute coprocessor (ecall 0x101) through the executor and the whole machine: an
 * assembled guest permutes a state twice and journals it; the executor writes permute(state)
 * back in one access per word; a word ≥ p stops the run with a GuestError naming the word, the
 * pc and the cycle (and so has no proof); the guest proves and verifies through a receipt with
 * builtinCoprocessors(), its journal the reference's result; every cell of the table's real rows
 * is constrained in the machine; a proof forced through with a wrong output word is rejected.
 */
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { POSEIDON2_SYSCALL } from "../../coprocessors/poseidon2/constants.js";
import { poseidon2Executor } from "../../coprocessors/poseidon2/execute.js";
import { permute } from "../../core/poseidon2/reference.js";
import { validateCoprocessor } from "../../glue/coprocessor.js";
import { buildMachine, tableIndex } from "../../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { execute, executeRecording, GuestError } from "../../glue/riscv/index.js";
import { finalTables, machineWitness } from "../../glue/segments.js";
import * as A from "../riscv/asm.js";
import { check, forcedProofVerification, runAndCheck, tamper } from "../machine/helpers.js";
import { withExit } from "../machine/programs.js";

const cops = builtinCoprocessors();
const D = A.DATA_BASE;
/** poseidon2_permute(D) as an ecall; li(17) is 2 instructions, li(10) 2. */
const call = [...A.li(17, POSEIDON2_SYSCALL), ...A.li(10, D), A.ECALL];
const ECALL_AT = 4;
/** Two permutations of the state at D, then its 64 bytes to the journal. */
const guest = (state: Uint32Array) =>
  A.program(
    withExit([...call, ...call], { ptr: D, len: 64 }),
    new Uint8Array(state.slice().buffer),
  );
const input = Uint32Array.from({ length: 16 }, (_, i) => (i * 0x0761_2345 + 17) % P);
const expected = permute(permute(input));
const words = (j: Uint8Array) => new Uint32Array(j.slice().buffer);

describe("ecall 0x101 through the executor", () => {
  it("is registered as the built-in after sha256 and is a valid coprocessor", () => {
    expect(cops.map((c) => [c.name, c.syscall])).toEqual([
      ["sha256", 0x100],
      ["poseidon2", 0x101],
      ["modmul256", 0x102],
      ["secp256k1_add", 0x103],
      ["secp256k1_double", 0x104],
    ]);
    expect(() => validateCoprocessor(poseidon2Executor)).not.toThrow();
    expect(poseidon2Executor.call?.function).toBe("zkglue_poseidon2_permute");
    expect(poseidon2Executor.call?.args.map((a) => [a.name, a.kind, a.words])).toEqual([
      ["state", "readwrite", 16],
    ]);
  });

  it("writes the permutation back, one access per word at the call's timestamp", () => {
    const f = execute(guest(input), { coprocessors: [poseidon2Executor] });
    expect(f.exitCode).toBe(0);
    expect(words(f.journal)).toEqual(expected);
    const r = executeRecording(guest(input), { coprocessors: [poseidon2Executor] });
    expect(r.journal).toEqual(f.journal);
    expect(r.trace.coprocessorCalls[0]).toEqual({
      name: "poseidon2",
      syscall: POSEIDON2_SYSCALL,
      cycle: ECALL_AT,
      events: { input, output: permute(input) },
    });
    const mem = r.trace.syscallMemory;
    const at = (i: number) => [mem.at("addr", i), mem.at("write", i), mem.at("cycle", i)];
    expect(Array.from({ length: 32 }, (_, i) => at(i))).toEqual([
      ...Array.from({ length: 16 }, (_, i) => [D + 4 * i, 0, ECALL_AT]),
      ...Array.from({ length: 16 }, (_, i) => [D + 4 * i, 1, ECALL_AT]),
    ]);
  });

  it("a word ≥ p stops the run at the ecall, naming the word, the pc and the cycle", () => {
    for (const [k, bad] of [
      [0, P],
      [9, 0x7800_0001 + 0x1234],
      [15, 0xffff_ffff],
    ]) {
      const state = input.slice();
      state[k] = bad;
      for (const run of [execute, executeRecording]) {
        let err: unknown;
        try {
          run(guest(state), { coprocessors: cops });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(GuestError);
        const g = err as GuestError;
        expect(g.kind).toBe("coprocessor");
        expect(g.pc).toBe(A.CODE_BASE + 4 * ECALL_AT);
        expect(g.cycle).toBe(ECALL_AT);
        expect(g.message).toContain(`state word ${k}`);
        expect(g.message).toContain(`is ${bad} `);
      }
      // Nothing to prove: the run stopped with an error.
      expect(() => proveReceipt(guest(state), { coprocessors: cops })).toThrow(GuestError);
    }
  });

  it("p − 1 in every word is accepted", () => {
    const state = new Uint32Array(16).fill(P - 1);
    const f = execute(guest(state), { coprocessors: cops });
    expect(words(f.journal)).toEqual(permute(permute(state)));
  });
});

describe("Poseidon2 coprocessor in the machine", () => {
  it("a run checks, and every cell of the table's real rows is constrained", () => {
    const state = input.slice();
    state[3] = P - 1; // a canonicality flag set on the row (the table test covers more rows)
    const { machine, traces, journal, report } = runAndCheck(guest(state), undefined, cops);
    expect(report.ok, report.toString()).toBe(true);
    const t = tableIndex(machine, "cop.poseidon2");
    const cols = machine.airs[t].mainColumns;
    for (const row of [0]) {
      const undetected = cols.filter((name, c) => {
        const v = traces[t].values[row * traces[t].width + c];
        return [v + 1, v === 0 ? 5 : 0].some(
          (x) =>
            check(machine, tamper(machine, traces, "cop.poseidon2", row, name, x % P), journal).ok,
        );
      });
      expect(undetected, `row ${row}`).toEqual([]);
    }
  }, 300_000);

  it("proves and verifies through a receipt with the built-in set; the journal is the reference's", () => {
    const p = guest(input);
    const { receipt, stats } = proveReceipt(p, { coprocessors: cops });
    expect(stats.heights["cop.poseidon2"]).toBe(8);
    const journal = verifyReceipt(
      parseReceipt(serializeReceipt(receipt)),
      programIdOf(p, cops),
      cops,
    );
    expect(words(journal)).toEqual(expected);
  }, 300_000);

  it("a proof forced through with a wrong output word is rejected", () => {
    const p = guest(input);
    const m = buildMachine(p, { coprocessors: cops });
    const run = executeRecording(p, { coprocessors: cops });
    const traces = finalTables(machineWitness(m, run));
    const t = tableIndex(m, "cop.poseidon2");
    const col = m.airs[t].mainColumns.indexOf("outLo[0]");
    const bad = tamper(m, traces, "cop.poseidon2", 0, "outLo[0]", traces[t].values[col] ^ 1);
    expect(forcedProofVerification(m, bad, run.journal)).toThrow(/rejected/);
  }, 300_000);
});
