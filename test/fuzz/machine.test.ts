/**
 * The underconstraint fuzzer on the machine's own tables (glue/fuzz/machine.ts): on real runs —
 * a program with every RV32IM instruction and syscall kind (division by 0 and −2^31 / −1
 * included), example guests (one calling a coprocessor), a run in segments — every RISC-V table
 * is fuzzed, every kind of row is mutated, and no mutation goes undetected outside the cells the
 * chips declare free. And the fuzzer is not blind: with a constraint removed from a chip, it
 * reports the cell that constraint tied.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAir, defineAir } from "../../core/air/compile.js";
import type { AirBuilder, AnyAir, CompiledAir } from "../../core/air/types.js";
import { sha256Coprocessor } from "../../coprocessors/index.js";
import { cpuAir } from "../../glue/chips/cpu/index.js";
import { divAir } from "../../glue/chips/divrem/index.js";
import { ALU_OF, BRANCH_OF } from "../../glue/chips/program/constants.js";
import type { Coprocessor } from "../../glue/coprocessor.js";
import {
  fuzzMachineTables,
  type MachineFuzzReport,
  type MachineRunSpec,
  type MachineTable,
  machineTables,
} from "../../glue/fuzz/machine.js";
import { fuzzText } from "../../glue/fuzz/report.js";
import { main } from "../../cli/main.js";
import { GLOBAL_TABLES, RISCV_SEGMENT_TABLES } from "../../glue/machine.js";
import { loadElf } from "../../glue/riscv/index.js";
import * as A from "../riscv/asm.js";
import {
  aluProgram,
  controlProgram,
  immProgram,
  memoryProgram,
  withExit,
} from "../machine/programs.js";

/** a7 := num; a0 := fd; a1 := ptr; a2 := len; ecall. */
const syscall = (num: number, fd: number, ptr: number, len: number) => [
  ...A.li(17, num),
  ...A.li(10, fd),
  ...A.li(11, ptr),
  ...A.li(12, len),
  A.ECALL,
];

/**
 * Every RV32IM instruction over corner operands (the division chip's b = 0 and overflow cases
 * among them), every load/store width and offset, branches both ways, jal, jalr, fence, x0
 * writes; reads of the input, writes to stdout, stderr and the journal (one of 0 bytes).
 */
function everyInstruction(): MachineRunSpec {
  const corners = [0, 1, -1, 0x7fffffff, 0x80000000, 0x12345678, -0x12345679, 31];
  const body = [
    ...aluProgram(Object.keys(A.R_OPS), corners),
    ...immProgram(),
    ...memoryProgram(),
    ...controlProgram(),
    ...syscall(63, 0, A.DATA_BASE + 3, 9),
    ...syscall(63, 0, A.DATA_BASE + 40, 4),
    ...syscall(64, 1, A.DATA_BASE, 5),
    ...syscall(64, 2, A.DATA_BASE, 3),
    ...syscall(64, 3, A.DATA_BASE + 1, 6),
    ...syscall(64, 3, A.DATA_BASE + 20, 0),
  ];
  const data = new Uint8Array(128).map((_, i) => (i * 37 + 200) & 255);
  return {
    name: "every instruction",
    program: A.program(withExit(body, { ptr: A.DATA_BASE, len: 16 }), data),
    input: Uint8Array.from({ length: 13 }, (_, i) => 200 - 7 * i),
  };
}

const guest = (name: string, extra: Partial<MachineRunSpec> = {}): MachineRunSpec => ({
  name,
  program: loadElf(readFileSync(`examples/guests/${name}.elf`)),
  ...extra,
});

const RUNS: MachineRunSpec[] = [
  everyInstruction(),
  guest("fibonacci"),
  guest("read_input", { input: new TextEncoder().encode("fuzz the machine") }),
  guest("sha256_1k_cop", { coprocessors: [sha256Coprocessor as Coprocessor] }),
  // Segments of 128 cycles: every segment's CPU table ends handing over (continues = 1).
  guest("read_input", { input: new Uint8Array([1, 2, 3]), segmentCycles: 128 }),
];

const ALL_TABLES: string[] = [...RISCV_SEGMENT_TABLES, ...GLOBAL_TABLES];

const tables = new Map<MachineRunSpec, MachineTable[]>();
const reports = new Map<MachineRunSpec, MachineFuzzReport[]>();
beforeAll(() => {
  for (const run of RUNS) {
    tables.set(run, machineTables(run));
    reports.set(run, fuzzMachineTables(run.name, tables.get(run)!));
  }
});

/** The kinds of row of table `name` mutated in run `run` (all segments). */
function kinds(run: MachineRunSpec, name: string): Set<string> {
  return new Set(
    reports
      .get(run)!
      .filter((r) => r.table === name)
      .flatMap((r) => [...r.kinds.keys()]),
  );
}

describe("machine fuzzer on real runs", () => {
  it.each(RUNS.map((r) => [r.name + (r.segmentCycles ? " (segments)" : ""), r] as const))(
    "%s: every RISC-V table, no undetected mutation outside declared free cells",
    (_, run) => {
      const rs = reports.get(run)!;
      expect(new Set(rs.map((r) => r.table))).toEqual(new Set(ALL_TABLES));
      for (const r of rs) {
        if (!r.ok) console.log(fuzzText(r));
        expect(r.unexplained.map((t) => `${r.table}: ${t.column}/${t.rows}`)).toEqual([]);
        expect(r.tried).toBeGreaterThan(0);
      }
      // At least one row of each kind was mutated.
      const cpu = rs.find((r) => r.table === "rv.cpu")!;
      expect(cpu.rows.real.length).toBeGreaterThanOrEqual(cpu.kinds.size);
    },
  );

  it("runs in several segments fuzz every segment's tables", () => {
    const segmented = RUNS[RUNS.length - 1];
    const cpus = reports.get(segmented)!.filter((r) => r.table === "rv.cpu");
    expect(cpus.length).toBeGreaterThan(1);
    expect(cpus.map((r) => r.segment)).toEqual(cpus.map((_, i) => i));
  });

  it("every kind of row is mutated: each instruction class, ALU case and syscall kind", () => {
    const run = RUNS[0];
    const cpu = kinds(run, "rv.cpu");
    const has = (set: Set<string>, pattern: RegExp) => [...set].some((k) => pattern.test(k));
    for (const op of new Set(Object.values(ALU_OF)))
      expect(has(cpu, new RegExp(`^alu op=${op} `)), `ALU op ${op}`).toBe(true);
    for (const op of Object.values(BRANCH_OF))
      expect(has(cpu, new RegExp(`^branch op=${op} `)), `branch op ${op}`).toBe(true);
    for (let op = 1; op <= 8; op++)
      expect(has(cpu, new RegExp(`^ls op=${op}`)), `ls op ${op}`).toBe(true);
    for (const k of [
      "halt",
      "fence",
      "jal",
      "jalr",
      "lui/auipc",
      "ecall a7=63",
      "ecall a7=64 fd=1",
    ])
      expect(has(cpu, new RegExp(`^${k}`)), k).toBe(true);
    expect(has(cpu, /branch op=\d+ taken=1/) && has(cpu, /branch op=\d+ taken=0/)).toBe(true);
    expect(has(cpu, /rd=x0/)).toBe(true);
    const div = kinds(run, "rv.divrem");
    expect(has(div, /bz=1/) && has(div, /ov=1/) && has(div, /sr=1/)).toBe(true);
    for (const f of ["isStdout", "isStderr", "isJournal", "isInput"])
      expect(has(kinds(run, "rv.syscall"), new RegExp(`^${f}`)), f).toBe(true);
    expect(has(kinds(run, "rv.io"), /^isJournal/) && has(kinds(run, "rv.io"), /^isInput/)).toBe(
      true,
    );
    expect(has(kinds(run, "rv.boundary"), /next real=0/)).toBe(true);
    const sha = RUNS[3];
    expect(kinds(sha, "rv.writable").size).toBeGreaterThan(0);
    expect(has(kinds(sha, "rv.cpu"), /^ecall a7=256/)).toBe(true);
  });
});

/** `air` with the constraint named `drop` left out (an AIR variant built for the test). */
function without(air: AnyAir, drop: string): CompiledAir {
  const wrap = (b: AirBuilder): AirBuilder =>
    new Proxy(b, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop === "assertZero" || prop === "assertEq" || prop === "assertBool")
          return (name: string, ...rest: never[]) =>
            name === drop
              ? undefined
              : (v as (...a: unknown[]) => void).call(target, name, ...rest);
        if (typeof prop === "string" && prop.startsWith("when"))
          return (...args: never[]) =>
            wrap((v as (...a: unknown[]) => AirBuilder).apply(target, args));
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  const variant: AnyAir = defineAir<never, never>({
    ...air,
    eval: (b) => air.eval(wrap(b as AirBuilder)),
  });
  const compiled = compileAir(variant);
  expect(compiled.numAirConstraints).toBe(compileAir(air).numAirConstraints - 1);
  return compiled;
}

/** The fuzzer's report on run 0's table `name` with its AIR replaced by `air`. */
function fuzzVariant(name: string, air: CompiledAir): MachineFuzzReport {
  const run = RUNS[0];
  const t = tables.get(run)!.find((x) => x.chip.name === name && (x.segment ?? 0) === 0)!;
  const swapped: MachineTable = { ...t, table: { ...t.table, air } };
  return fuzzMachineTables(run.name, [swapped])[0];
}

/** Its findings, as "column/rows". */
const findings = (name: string, air: CompiledAir) =>
  fuzzVariant(name, air).unexplained.map((x) => `${x.column}/${x.rows}`);

describe("machine fuzzer catches a removed constraint", () => {
  it('cpu without "rd lo from the ALU": rd\'s low limb on ALU rows (a mirrored memory write)', () => {
    const r = fuzzVariant("rv.cpu", without(cpuAir, "rd lo from the ALU"));
    expect(r.unexplained.map((x) => `${x.column}/${x.rows}`)).toEqual(["rdLo/real"]);
    // Only a mirrored edit shows it: the rd write alone changes (the memory argument takes any
    // value) and no constraint ties it to the ALU's result any more.
    expect(r.unexplained[0].escapes.every((e) => e.kind === "mirrored")).toBe(true);
  });

  it('cpu without a pin ("jbit only on jalr"): jbit off jalr rows and on padding', () => {
    expect(findings("rv.cpu", without(cpuAir, "jbit only on jalr"))).toEqual([
      "jbit/real",
      "jbit/padding",
    ]);
  });

  it("cpu without a pin on a range-checked cell: the memory gap off loads/stores", () => {
    // dLo[2] is still range-checked on every real row: only moves to another u16 value, which
    // the byte table absorbs (its multiplicities are the prover's), show it is free.
    const r = fuzzVariant("rv.cpu", without(cpuAir, "memory cell 5 only on loads/stores"));
    expect(r.unexplained.map((x) => `${x.column}/${x.rows}`)).toEqual([
      "dLo[2]/real",
      "dLo[2]/padding",
    ]);
    expect(r.unexplained[0].escapes.every((e) => e.to < 2 ** 16)).toBe(true);
  });

  it('divrem without "b = 0: q_lo": the quotient of a division by 0 (a rare row kind)', () => {
    expect(findings("rv.divrem", without(divAir, "b = 0: q_lo"))).toEqual(["qLo/real"]);
  });
});

describe("zkglue fuzz --machine", () => {
  it("fuzzes a guest's tables, one line per table, and exits 0; refuses a missing ELF", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (d: string | Uint8Array) => void out.push(String(d)),
      stderr: (d: string | Uint8Array) => void err.push(String(d)),
    };
    expect(
      await main(["fuzz", "--machine", "examples/guests/fibonacci.elf", "--per-kind", "1"], io),
    ).toBe(0);
    const text = out.join("");
    for (const t of ALL_TABLES)
      expect(text).toMatch(
        new RegExp(`fibonacci.elf: ${t.replace(".", "\\.")}\\b.*all in declared free cells`),
      );
    expect(text).toContain("no undetected mutation outside declared free cells");
    expect(await main(["fuzz", "--machine"], io)).toBe(2);
    expect(err.join("")).toContain("name at least one guest ELF with --machine");
    expect(await main(["fuzz", "sha256", "--per-kind", "1"], io)).toBe(2);
    expect(err.join("")).toContain("--per-kind goes with --machine");
  });
});
