/**
 * The coprocessor interface end to end, with a small coprocessor written as a user would
 * (wadd.ts): calls are proven in the same proof as the CPU, the program id binds the coprocessor
 * set, every cell of its row is constrained, forced proofs with a wrong result are rejected, and
 * registration refuses malformed coprocessors with errors that name them.
 */
import { describe, expect, it } from "vitest";
import { defineAir, layout } from "../../core/air/index.js";
import { prove } from "../../core/stark/prover.js";
import type { Coprocessor } from "../../glue/coprocessor.js";
import { TableBuilder, U16_BUS } from "../../glue/coprocessor-air.js";
import { buildMachine, journalMessages, machineKeys, tableIndex } from "../../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { executeRecording, GuestError } from "../../glue/riscv/index.js";
import { verifyProgram } from "../../glue/run-proof.js";
import { cpuPublicValues, finalTables, machineWitness } from "../../glue/segments.js";
import * as A from "../riscv/asm.js";
import { check, forcedProofVerification, runAndCheck, tamper } from "../machine/helpers.js";
import { withExit } from "../machine/programs.js";
import { wadd, WADD_SYSCALL } from "./wadd.js";

const D = A.DATA_BASE;
/** wadd(dst, src) as an ecall. */
const call = (dst: number, src: number) => [
  ...A.li(10, dst),
  ...A.li(11, src),
  ...A.li(17, WADD_SYSCALL),
  A.ECALL,
];
const words = (...xs: number[]) => new Uint8Array(Uint32Array.from(xs).buffer);
/** Two calls (one with a carry out of both limbs), a store between them, the result journaled. */
const program = A.program(
  withExit(
    [...call(D, D + 4), ...A.li(5, 7), A.sw(5, 10, 16), ...call(D + 8, D), ...call(D + 8, D + 12)],
    { ptr: D + 8, len: 4 },
  ),
  words(0xffff_fff0, 0x0001_0020, 0x8000_8000, 0x7fff_8000),
);
const expected = (((0x8000_8000 + 0xffff_fff0 + 0x0001_0020) >>> 0) + 0x7fff_8000) >>> 0;

describe("coprocessor interface (wadd)", () => {
  it("a run calling the coprocessor checks, and its table holds one row per call", () => {
    const { machine, traces, report } = runAndCheck(program, undefined, [wadd]);
    expect(report.ok, report.toString()).toBe(true);
    const t = traces[tableIndex(machine, "cop.wadd")];
    const real = Array.from({ length: t.height }, (_, r) => t.values[r * t.width]);
    expect(real.filter((x) => x === 1)).toHaveLength(3);
  });

  it("proves, verifies with the same coprocessor set, and the journal is the sum", () => {
    const { receipt } = proveReceipt(program, { coprocessors: [wadd] });
    const id = programIdOf(program, [wadd]);
    const journal = verifyReceipt(parseReceipt(serializeReceipt(receipt)), id, [wadd]);
    expect(new DataView(journal.buffer, journal.byteOffset).getUint32(0, true)).toBe(expected);
  }, 300_000);

  it("verifying without the coprocessor, or with another set, names the difference", () => {
    const { receipt } = proveReceipt(program, { coprocessors: [wadd] });
    const id = programIdOf(program, [wadd]);
    expect(() => verifyReceipt(receipt, id, [])).toThrow(/"wadd" \(0x1000\).*not given/);
    const other: Coprocessor = { ...wadd, name: "wadd2", syscall: 0x1001 };
    expect(() => verifyReceipt(receipt, id, [wadd, other])).toThrow(/"wadd2" \(0x1001\)/);
    expect(Buffer.from(programIdOf(program, []))).not.toEqual(Buffer.from(id));
  }, 300_000);

  it("a trace value ≥ p from a coprocessor's trace is refused with segment, table, column, row", () => {
    const broken: typeof wadd = {
      ...wadd,
      trace(calls, lookups) {
        const m = wadd.trace!(calls, lookups);
        m.values[m.width + 2] = 0xffff_ffff; // row 1, column 2: a user's bug
        return m;
      },
    };
    expect(() => proveReceipt(program, { coprocessors: [broken] })).toThrow(
      /^prove: segment 1, table cop\.wadd, column "[^"]+" \(2\), row 1: 4294967295 is not a field element/,
    );
  }, 300_000);

  it("a program calling a coprocessor the machine lacks cannot be executed for proving", () => {
    expect(() => executeRecording(program)).toThrow(GuestError);
  });

  it("every cell of a real row is constrained", () => {
    const { machine, traces, journal } = runAndCheck(program, undefined, [wadd]);
    const t = tableIndex(machine, "cop.wadd");
    const cols = machine.airs[t].mainColumns;
    const undetected = cols.filter((name, c) => {
      const v = traces[t].values[c];
      return [v + 1, v === 0 ? 5 : 0, v ^ 0x8000].some(
        (x) => check(machine, tamper(machine, traces, "cop.wadd", 0, name, x), journal).ok,
      );
    });
    expect(undetected).toEqual([]);
  });

  it("a padding row that claims a call is rejected", () => {
    const { machine, traces, journal } = runAndCheck(program, undefined, [wadd]);
    const bad = tamper(machine, traces, "cop.wadd", 5, "isReal", 1);
    expect(check(machine, bad, journal).ok).toBe(false);
  });

  it("a proof forced through with a wrong sum is rejected by the verifier", () => {
    const m = buildMachine(program, { coprocessors: [wadd] });
    const run = executeRecording(program, { coprocessors: [wadd] });
    const traces = finalTables(machineWitness(m, run));
    const t = tableIndex(m, "cop.wadd");
    const col = m.airs[t].mainColumns.indexOf("dw[5]");
    const bad = tamper(m, traces, "cop.wadd", 0, "dw[5]", traces[t].values[col] ^ 1);
    expect(forcedProofVerification(m, bad, run.journal)).toThrow(/rejected/);
  }, 300_000);

  it("calls in several segments prove as one linked proof", () => {
    const body = [...call(D, D + 4), ...Array(40).fill(A.addi(6, 6, 1)), ...call(D + 8, D)];
    const p = A.program(withExit(body, { ptr: D + 8, len: 4 }), words(1, 2, 3, 4));
    const { receipt, stats } = proveReceipt(p, { coprocessors: [wadd], segmentCycles: 16 });
    expect(stats.segments).toBeGreaterThan(2);
    const journal = verifyReceipt(receipt, programIdOf(p, [wadd]), [wadd]);
    expect(Array.from(journal)).toEqual([6, 0, 0, 0]);
  }, 300_000);
});

describe("coprocessor registration", () => {
  const p = A.program(withExit([]));
  const build = (c: Coprocessor) => () => buildMachine(p, { coprocessors: [c] });

  it("refuses a reserved or taken syscall number", () => {
    expect(build({ ...wadd, syscall: 0x100 })).toThrow(
      /0x100 is reserved for the built-in "sha256"/,
    );
    expect(build({ ...wadd, syscall: 0x200 })).toThrow(/0x200 is reserved/);
    expect(() => buildMachine(p, { coprocessors: [wadd, { ...wadd, name: "other" }] })).toThrow(
      /0x1000 is already used by coprocessor "wadd"/,
    );
  });

  it("refuses a bad name or a missing execute, naming the field", () => {
    expect(build({ ...wadd, name: "Bad Name" })).toThrow(/"Bad Name".*name must be a lowercase/);
    expect(build({ ...wadd, execute: 3 as never })).toThrow(/"wadd".*execute must be a function/);
  });

  it("refuses a constraint above degree 3, naming it", () => {
    const cols = layout(["x"] as const);
    const air = defineAir({
      name: "cop.cubic",
      mainColumns: cols,
      eval(b) {
        b.assertZero("x^4", b.local.x.mul(b.local.x).mul(b.local.x).mul(b.local.x));
      },
    });
    const trace = () => new TableBuilder(1, 8).finish();
    expect(build({ ...wadd, name: "cubic", air, trace })).toThrow(/"cubic".*x\^4.*degree 4/);
  });

  it("refuses a bus message of the wrong width", () => {
    const cols = layout(["x"] as const);
    const air = defineAir({
      name: "cop.wide",
      mainColumns: cols,
      eval(b) {
        b.send(U16_BUS, [b.local.x, b.local.x], b.local.x);
      },
    });
    const trace = () => new TableBuilder(1, 8).finish();
    expect(build({ ...wadd, name: "wide", air, trace })).toThrow(/"wide".*width/);
  });

  it("refuses a call that writes a buffer its AIR does not declare writable", () => {
    const args = [wadd.call!.args[0], { ...wadd.call!.args[1], kind: "readwrite" as const }];
    expect(build({ ...wadd, call: { ...wadd.call!, args } })).toThrow(
      /"wadd": its call writes 2 buffer\(s\) \(dst, src\) but its AIR declares 1/,
    );
  });

  it("refuses, before proving, a call that writes a word outside its declared buffers", () => {
    // The description swaps which pointer is written (dst "read", src "readwrite"): the counts
    // agree, so the machine builds, but the dst write escapes the declared buffer.
    const [dst, src] = wadd.call!.args;
    const args = [
      { ...dst, kind: "read" as const },
      { ...src, kind: "readwrite" as const },
    ];
    const swapped = { ...wadd, call: { ...wadd.call!, args } };
    expect(() => proveReceipt(program, { coprocessors: [swapped] })).toThrow(
      /"wadd" \(cycle \d+\) wrote the word at 0x300000, outside every buffer/,
    );
  });

  it("refuses a trace whose width differs from the layout", () => {
    const trace = () => new TableBuilder(3, 8).finish();
    expect(build({ ...wadd, trace })).toThrow(/"wadd": its trace has 3 columns, its layout \d+/);
  });

  it("the executor stops a call the coprocessor refuses, naming pc and cycle", () => {
    const bad = A.program(withExit(call(D, D)));
    expect(() => executeRecording(bad, { coprocessors: [wadd] })).toThrow(
      /pc 0x[0-9a-f]+.*cycle \d+|cycle \d+.*pc/,
    );
  });
});
