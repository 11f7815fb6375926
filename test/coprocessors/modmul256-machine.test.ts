/**
 * The modmul256 coprocessor (ecall 0x102) in the whole machine: an assembled guest makes four
 * calls — a·b mod m, a squaring (a2 = a1), a·b mod 2^256 (m = 0), and a call on the first call's
 * result — and journals the four results, which match BigInt; the table's real rows are
 * constrained in the machine (sampled columns: the table test mutates every one); the guest
 * proves and verifies through a receipt with builtinCoprocessors(); a proof forced through with a
 * wrong result limb is rejected.
 */
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { modmul256Cols } from "../../coprocessors/modmul256/columns.js";
import { MODMUL256_SYSCALL } from "../../coprocessors/modmul256/constants.js";
import { modmul256Executor } from "../../coprocessors/modmul256/execute.js";
import { buildMachine, tableIndex } from "../../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { execute, executeRecording } from "../../glue/riscv/index.js";
import { finalTables, machineWitness } from "../../glue/segments.js";
import * as A from "../riscv/asm.js";
import { check, forcedProofVerification, runAndCheck, tamper } from "../machine/helpers.js";
import { withExit } from "../machine/programs.js";

const cops = builtinCoprocessors();
const D = A.DATA_BASE;
/** Data layout: a, b, m, zero (m = 0), then the four results. */
const [PA, PB, PM, PZ, OUT] = [D, D + 32, D + 64, D + 96, D + 128];
/** modmul256(out, a, b, m) as an ecall: li(17) and each li(10..13) are 2 instructions. */
const call = (out: number, a: number, b: number, m: number) => [
  ...A.li(17, MODMUL256_SYSCALL),
  ...A.li(10, out),
  ...A.li(11, a),
  ...A.li(12, b),
  ...A.li(13, m),
  A.ECALL,
];

const MAX = (1n << 256n) - 1n;
const toBytes = (x: bigint) =>
  Uint8Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * i)) & 255n));
const fromBytes = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const A_VAL = MAX - 12345n;
const B_VAL = 0x1234_5678_9abc_def0_0fed_cba9_8765_4321_1111_2222_3333_4444_5555_6666_7777_8888n;
const M_VAL = 2n ** 256n - 2n ** 32n - 977n - 2n ** 200n; // a, b ≥ m

/** Four calls, then the four results (128 bytes) to the journal. */
function guest() {
  const data = new Uint8Array(256);
  data.set(toBytes(A_VAL), PA - D);
  data.set(toBytes(B_VAL), PB - D);
  data.set(toBytes(M_VAL), PM - D);
  return A.program(
    withExit(
      [
        ...call(OUT, PA, PB, PM),
        ...call(OUT + 32, PA, PA, PM),
        ...call(OUT + 64, PA, PB, PZ),
        ...call(OUT + 96, OUT, PB, PM),
      ],
      { ptr: OUT, len: 128 },
    ),
    data,
  );
}
const r1 = (A_VAL * B_VAL) % M_VAL;
const expected = [r1, (A_VAL * A_VAL) % M_VAL, (A_VAL * B_VAL) & MAX, (r1 * B_VAL) % M_VAL];
const results = (j: Uint8Array) => [0, 1, 2, 3].map((i) => fromBytes(j.slice(32 * i, 32 * i + 32)));

describe("modmul256 coprocessor in the machine", () => {
  it("is a built-in after poseidon2; the executor computes a·b mod m (BigInt)", () => {
    expect(cops.map((c) => c.name).slice(0, 3)).toEqual(["sha256", "poseidon2", "modmul256"]);
    const f = execute(guest(), { coprocessors: [modmul256Executor] });
    expect(f.exitCode).toBe(0);
    expect(results(f.journal)).toEqual(expected);
  });

  it("a run checks, and the table's real rows are constrained cell by cell", () => {
    const { machine, traces, journal, report } = runAndCheck(guest(), undefined, cops);
    expect(report.ok, report.toString()).toBe(true);
    expect(results(journal)).toEqual(expected);
    const t = tableIndex(machine, "cop.modmul256");
    const table = traces[t];
    const cell = (row: number, name: string) =>
      table.values[row * table.width + machine.airs[t].mainColumns.indexOf(name)];
    expect([0, 1, 2, 3].map((row) => cell(row, "sq"))).toEqual([0, 1, 0, 0]);
    expect(cell(4, "isReal")).toBe(0);
    // One column of every group on the squaring row, and the comparison's on the m = 0 row (each
    // whole-machine check takes a moment; the table test mutates every column of such rows).
    const sampled = modmul256Cols.spec.map((e) =>
      typeof e === "string" ? e : `${e[0]}[${e[1] - 1}]`,
    );
    const rows: [number, string[]][] = [
      [1, sampled],
      [2, ["ltMarker[7]", "ltHi", "ltDiff", "m[0]"]],
    ];
    for (const [row, names] of rows) {
      const undetected = names.filter((name) => {
        const v = cell(row, name);
        return check(
          machine,
          tamper(machine, traces, "cop.modmul256", row, name, (v + 1) % P),
          journal,
        ).ok;
      });
      expect(undetected, `row ${row}`).toEqual([]);
    }
  }, 300_000);

  it("proves and verifies through a receipt with the built-in set; the journal is BigInt's", () => {
    const p = guest();
    const { receipt, stats } = proveReceipt(p, { coprocessors: cops });
    expect(stats.heights["cop.modmul256"]).toBe(8);
    const journal = verifyReceipt(
      parseReceipt(serializeReceipt(receipt)),
      programIdOf(p, cops),
      cops,
    );
    expect(results(journal)).toEqual(expected);
  }, 300_000);

  it("a proof forced through with a wrong result limb is rejected", () => {
    const p = guest();
    const m = buildMachine(p, { coprocessors: cops });
    const run = executeRecording(p, { coprocessors: cops });
    const traces = finalTables(machineWitness(m, run));
    const t = tableIndex(m, "cop.modmul256");
    const col = m.airs[t].mainColumns.indexOf("out[3]");
    const bad = tamper(m, traces, "cop.modmul256", 0, "out[3]", traces[t].values[col] ^ 1);
    expect(forcedProofVerification(m, bad, run.journal)).toThrow(/rejected/);
  }, 300_000);
});
