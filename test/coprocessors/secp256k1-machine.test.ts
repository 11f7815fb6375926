/**
 * secp256k1_add (0x103) and secp256k1_double (0x104) through the executor and the whole machine:
 * an assembled guest adds two points, doubles the sum and journals it; the result is
 * @noble/curves' 2(P + Q); the exceptional inputs (p = q, p = −q, y = 0, a coordinate ≥ P) stop
 * the run, so nothing is proven; the run checks with every table, changes of a sample of each
 * table's cells (one per column group) are detected in the machine; the guest proves and
 * verifies through a receipt with builtinCoprocessors(); proofs forced through with a wrong
 * result word (add's, double's) are rejected by the verifier.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { P as BABYBEAR } from "../../core/field/babybear.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import {
  SECP256K1_ADD_SYSCALL,
  SECP256K1_DOUBLE_SYSCALL,
  SECP256K1_P,
} from "../../coprocessors/secp256k1/constants.js";
import {
  secp256k1AddCoprocessor,
  secp256k1DoubleCoprocessor,
} from "../../coprocessors/secp256k1/index.js";
import { pointFromBigInts, pointToBigInts } from "../../coprocessors/secp256k1/reference.js";
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
const G = secp256k1.Point.BASE;
const D = A.DATA_BASE;
/** add(D, D + 64): li(17) 2 instructions, li(10) 2, li(11) 2, ecall. */
const ADD = [...A.li(17, SECP256K1_ADD_SYSCALL), ...A.li(10, D), ...A.li(11, D + 64), A.ECALL];
/** double(D). */
const DOUBLE = [...A.li(17, SECP256K1_DOUBLE_SYSCALL), ...A.li(10, D), A.ECALL];
const ADD_AT = 6;
const DOUBLE_AT = 11;

const words = (pt: typeof G) => {
  const a = pt.toAffine();
  return pointFromBigInts(a.x, a.y);
};
/** p at D, q at D + 64; p := p + q; p := 2p; p's 64 bytes to the journal. */
const guest = (p: Uint32Array, q: Uint32Array) => {
  const data = new Uint32Array(32);
  data.set(p, 0);
  data.set(q, 16);
  return A.program(withExit([...ADD, ...DOUBLE], { ptr: D, len: 64 }), new Uint8Array(data.buffer));
};
const P1 = G.multiply(0x1234_5678_9abc_def0n);
const Q1 = G.multiply(0x0fed_cba9_8765_4321n);
const expected = words(P1.add(Q1).double());
const journalWords = (j: Uint8Array) => new Uint32Array(j.slice().buffer);

describe("ecalls 0x103 and 0x104 through the executor", () => {
  it("are registered as built-ins after modmul256 and are valid coprocessors", () => {
    expect(cops.map((c) => c.name).slice(-2)).toEqual(["secp256k1_add", "secp256k1_double"]);
    for (const c of [secp256k1AddCoprocessor, secp256k1DoubleCoprocessor])
      expect(() => validateCoprocessor(c)).not.toThrow();
    expect(secp256k1AddCoprocessor.call?.args.map((a) => [a.name, a.kind, a.words])).toEqual([
      ["p", "readwrite", 16],
      ["q", "read", 16],
    ]);
  });

  it("computes 2(P + Q) as @noble/curves does", () => {
    const f = execute(guest(words(P1), words(Q1)), { coprocessors: cops });
    expect(f.exitCode).toBe(0);
    expect(journalWords(f.journal)).toEqual(expected);
  });

  it("exceptional inputs stop the run at the ecall, so nothing is proven", () => {
    const zeroY = pointFromBigInts(5n, 0n);
    const cases: [Uint32Array, Uint32Array, number, RegExp][] = [
      [words(P1), words(P1), ADD_AT, /p = q/],
      [words(P1), words(P1.negate()), ADD_AT, /p = −q/],
      [pointFromBigInts(123n, SECP256K1_P + 5n), words(Q1), ADD_AT, /not a field element/],
      [words(Q1), pointFromBigInts(SECP256K1_P, 7n), ADD_AT, /not a field element/],
    ];
    for (const [p, q, at, why] of cases) {
      let err: unknown;
      try {
        execute(guest(p, q), { coprocessors: cops });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GuestError);
      expect((err as GuestError).pc).toBe(A.CODE_BASE + 4 * at);
      expect((err as GuestError).message).toMatch(why);
      expect(() => proveReceipt(guest(p, q), { coprocessors: cops })).toThrow(GuestError);
    }
    // double with y = 0, as the guest's first call.
    const first = A.program(withExit(DOUBLE), new Uint8Array(zeroY.buffer));
    let err: unknown;
    try {
      execute(first, { coprocessors: cops });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GuestError);
    expect((err as GuestError).pc).toBe(A.CODE_BASE + 4 * (DOUBLE_AT - ADD_AT - 1));
    expect((err as GuestError).message).toMatch(/y .*is 0/);
    expect(() => proveReceipt(first, { coprocessors: cops })).toThrow(GuestError);
  });
});

describe("secp256k1 coprocessors in the machine", () => {
  it("a run checks, and changed cells of either table are detected", () => {
    const { machine, traces, journal, report } = runAndCheck(
      guest(words(P1), words(Q1)),
      undefined,
      cops,
    );
    expect(report.ok, report.toString()).toBe(true);
    expect(journalWords(journal)).toEqual(expected);
    for (const table of ["cop.secp256k1_add", "cop.secp256k1_double"] as const) {
      const t = tableIndex(machine, table);
      const cols = machine.airs[t].mainColumns;
      // The first column of each group and every single column (the table test mutates all).
      const sample = cols.filter((name) => !name.includes("[") || name.endsWith("[0]"));
      const undetected = sample.filter((name) => {
        const v = traces[t].values[cols.indexOf(name)];
        return check(machine, tamper(machine, traces, table, 0, name, (v + 1) % BABYBEAR), journal)
          .ok;
      });
      expect(undetected, table).toEqual([]);
    }
  }, 300_000);

  it("proves and verifies through a receipt with the built-in set; the journal is noble's", () => {
    const p = guest(words(P1), words(Q1));
    const { receipt, stats } = proveReceipt(p, { coprocessors: cops });
    expect(stats.heights["cop.secp256k1_add"]).toBe(8);
    expect(stats.heights["cop.secp256k1_double"]).toBe(8);
    const journal = verifyReceipt(
      parseReceipt(serializeReceipt(receipt)),
      programIdOf(p, cops),
      cops,
    );
    expect(journalWords(journal)).toEqual(expected);
  }, 300_000);

  it("proofs forced through with a wrong result word are rejected", () => {
    const p = guest(words(P1), words(Q1));
    const m = buildMachine(p, { coprocessors: cops });
    const run = executeRecording(p, { coprocessors: cops });
    const traces = finalTables(machineWitness(m, run));
    for (const [table, col] of [
      ["cop.secp256k1_add", "x3[0]"],
      ["cop.secp256k1_double", "y3[15]"],
    ] as const) {
      const t = tableIndex(m, table);
      const c = m.airs[t].mainColumns.indexOf(col);
      const bad = tamper(m, traces, table, 0, col, traces[t].values[c] ^ 1);
      expect(forcedProofVerification(m, bad, run.journal)).toThrow(/rejected/);
    }
  }, 300_000);
});
