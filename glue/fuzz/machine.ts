/**
 * The fuzzer on the machine's own tables: the RISC-V segment chips (CPU, ALU, load/store) and
 * the global chips (program, image, boundary, bytes, syscall, io, writable), on the witness of a
 * real run. Each table keeps its real row count; the rows mutated are chosen per *kind* of row
 * (an instruction class, an ALU operation and its corner case, a syscall kind, a run's first or
 * last word...), so a rare kind — a division by zero, a jalr, a journal write — is mutated as
 * surely as the common ones, plus the table's first and last real rows (where the boundary
 * constraints act) and a few padding rows.
 *
 * What counts as noticed (engine.ts): a failing constraint, or a changed message on a bus —
 * except on the range and byte buses (u16, u14, byte pairs, bitwise), whose table holds every
 * valid value at a multiplicity the prover chooses: moving such a lookup to another valid value
 * is invisible, so it counts as undetected unless a constraint fails.
 *
 * Mirrored edits (a message changed on both sides of a bus, so only the table's own constraints
 * can notice) run on the buses whose other side accepts whatever the message says:
 * - `rv.memory` for the tables that access memory (CPU, syscall, io): the memory argument takes
 *   any value at any earlier timestamp, so a read value the row never uses, or a written value
 *   it never computes, shows up there. Not for the boundary table, which *is* that argument's
 *   end: its final values are by definition whatever the last access left.
 * - `rv.alu` for the ALU chips (add, bitwise, compare, shift, mul, divrem): the CPU takes any
 *   result as rd, so a result not tied to the operands shows up. Not for the CPU on `rv.alu`,
 *   `rv.loadstore` or `rv.syscall`: the chips on the other side compute what they answer, so a
 *   CPU cell only they read is tied there (and fuzzed there, mirrored).
 * - `rv.loadstore` for the load/store chip (the CPU takes any loaded value or new word);
 *   `rv.syscall` and `rv.io` for the syscall table (the CPU takes any result, the io table any
 *   byte run: its rows follow whatever address, count and position the request names);
 *   `rv.writable` for the writable-range chip (the coprocessor's pointer is its own).
 * - The division chip both serves DIV/REM and calls MUL, MULH(U), SUB and LTU on `rv.alu`: only
 *   its receives are mirrored (the chips it calls compute their results, they take none).
 * Not `rv.io` for the io table: the syscall table ties every field of a request (clk, the
 *   registers it read, the count, the journal position), so a mirrored edit there assumes a
 *   request no syscall row can send.
 * Never on `rv.program`, `rv.image` and `rv.journal` (fixed by the verifying key or the public
 * journal) nor on the range and byte buses (a fixed table: see above).
 *
 * Coprocessor tables are fuzzed by fuzzCoprocessor (coprocessor.ts), from their sample calls.
 */
import type { CheckTable } from "../../core/air/check.js";
import type { Chip, ChipTrace } from "../chip.js";
import {
  ALU_BUS,
  AluOp,
  BITWISE_BUS,
  IO_BUS,
  LS_BUS,
  MEMORY_BUS,
  PAIR_BUS,
  SYSCALL_BUS,
  U14_BUS,
  U16_BUS,
  WRITABLE_BUS,
} from "../chips/buses.js";
import { addFree } from "../chips/add/free.js";
import { bitwiseFree } from "../chips/bitwise/free.js";
import { cpuFree } from "../chips/cpu/free.js";
import { divremFree } from "../chips/divrem/free.js";
import { ioFree } from "../chips/io/free.js";
import { loadstoreFree } from "../chips/loadstore/free.js";
import { boundaryFree } from "../chips/memory/free.js";
import { mulFree } from "../chips/mul/free.js";
import { shiftFree } from "../chips/shift/free.js";
import { syscallFree } from "../chips/syscall/free.js";
import { writableFree } from "../chips/writable/free.js";
import { merkleFree } from "../paging/merkle/free.js";
import { pageFree } from "../paging/page/free.js";
import { permutationFree } from "../paging/permutation/free.js";
import type { Coprocessor, FreeCell, RowReader } from "../coprocessor.js";
import { buildMachine, type Machine, type RiscvTable } from "../machine.js";
import type { Program } from "../riscv/elf.js";
import { executeRecording } from "../riscv/executor.js";
import { cpuPublicValues, DEFAULT_SEGMENT_CYCLES, machineWitness } from "../segments.js";
import { type FuzzReport, fuzzTable, type LookupTable } from "./engine.js";
import { seededRandom } from "./sample-calls.js";

/** A guest run to fuzz the machine's tables on. */
export interface MachineRunSpec {
  /** A name for reports (the ELF's file name). */
  readonly name: string;
  readonly program: Program;
  /** Private input (the guest's `read`). */
  readonly input?: Uint8Array;
  /** The coprocessors the guest calls. */
  readonly coprocessors?: readonly Coprocessor[];
  /** Cycles per segment (default 2^20): a shorter one fuzzes hand-over rows too. */
  readonly segmentCycles?: number;
}

/** One table of a run: its chip, trace and the check data the fuzzer needs. */
export interface MachineTable {
  readonly chip: Chip;
  /** Segment index for segment tables, undefined for global ones. */
  readonly segment?: number;
  readonly table: CheckTable;
  /** Real rows (the rest is padding). */
  readonly rows: number;
}

/** Executes `spec` and generates every table of its run (one entry per segment table). */
export function machineTables(spec: MachineRunSpec): MachineTable[] {
  const coprocessors = spec.coprocessors ?? [];
  const input = spec.input ?? new Uint8Array(0);
  const m: Machine = buildMachine(spec.program, { coprocessors });
  const run = executeRecording(spec.program, { input, coprocessors });
  if (run.exitCode !== 0) throw new Error(`${spec.name}: the guest exited with ${run.exitCode}`);
  const w = machineWitness(m, run, input, spec.segmentCycles ?? DEFAULT_SEGMENT_CYCLES);
  const publics = cpuPublicValues(m.entry, w.handOvers);
  const segmentChips = m.chips.filter((c) => c.scope === "segment");
  const globalChips = m.chips.filter((c) => c.scope === "global");
  const out: MachineTable[] = [];
  const add = (chip: Chip, t: ChipTrace, segment?: number) => {
    const i = m.chips.indexOf(chip);
    out.push({
      chip,
      segment,
      rows: t.rows,
      table: {
        air: chip.air,
        main: t.main,
        preprocessed: m.preprocessed[i],
        publicValues: chip.name === "rv.cpu" ? publics[segment!] : undefined,
      },
    });
  };
  w.segments.forEach((traces, s) => segmentChips.forEach((c, k) => add(c, traces[k], s)));
  globalChips.forEach((c, k) => add(c, w.global[k]));
  return out;
}

/** The range and byte buses: the byte table holds every valid message. */
export const MACHINE_LOOKUPS: readonly LookupTable[] = [
  { bus: U16_BUS.id, holds: ([v]) => v < 2 ** 16 },
  { bus: U14_BUS.id, holds: ([v]) => v < 2 ** 14 },
  { bus: PAIR_BUS.id, holds: ([x, y]) => x < 256 && y < 256 },
  {
    bus: BITWISE_BUS.id,
    holds: ([op, x, y, z]) =>
      x < 256 &&
      y < 256 &&
      ((op === AluOp.AND && z === (x & y)) ||
        (op === AluOp.OR && z === (x | y)) ||
        (op === AluOp.XOR && z === (x ^ y))),
  },
];

/** Per table: the buses mirrored edits act on (see the module comment for why). */
export const MACHINE_MIRRORS: Readonly<Record<RiscvTable, readonly number[]>> = {
  "rv.cpu": [MEMORY_BUS.id],
  "rv.add": [ALU_BUS.id],
  "rv.bitwise": [ALU_BUS.id],
  "rv.compare": [ALU_BUS.id],
  "rv.shift": [ALU_BUS.id],
  "rv.mul": [ALU_BUS.id],
  "rv.divrem": [ALU_BUS.id],
  "rv.loadstore": [LS_BUS.id],
  "rv.program": [],
  "rv.image": [],
  "rv.boundary": [],
  "rv.bytes": [],
  "rv.syscall": [SYSCALL_BUS.id, MEMORY_BUS.id, IO_BUS.id],
  "rv.io": [MEMORY_BUS.id],
  "rv.writable": [WRITABLE_BUS.id],
  // The chunk machine's tables (glue/paging): not fuzzed here (a whole run has none of them);
  // test/paging mutates every column of theirs against the other tables' messages.
  "rv.pagedboundary": [],
  "rv.page": [],
  "rv.merkle": [],
  "rv.perm": [],
};

/** Sides of mirrored buses, where a table is on both (see the module comment). */
const MIRROR_SIDES: Partial<Record<RiscvTable, Readonly<Record<number, "send" | "receive">>>> = {
  "rv.divrem": { [ALU_BUS.id]: "receive" },
};

/** Per table: the cells declared free, each with its reason (glue/chips/<chip>/free.ts). */
export const MACHINE_FREE: Readonly<Record<RiscvTable, readonly FreeCell[]>> = {
  "rv.cpu": cpuFree,
  "rv.add": addFree,
  "rv.bitwise": bitwiseFree,
  "rv.compare": [],
  "rv.shift": shiftFree,
  "rv.mul": mulFree,
  "rv.divrem": divremFree,
  "rv.loadstore": loadstoreFree,
  "rv.program": [],
  "rv.image": [],
  "rv.boundary": boundaryFree,
  "rv.bytes": [],
  "rv.syscall": syscallFree,
  "rv.io": ioFree,
  "rv.writable": writableFree,
  "rv.pagedboundary": boundaryFree,
  "rv.page": pageFree,
  "rv.merkle": merkleFree,
  "rv.perm": permutationFree,
};

const bit = (x: number) => (x === 0 ? 0 : 1);
const flag = (r: RowReader, flags: readonly string[]) => flags.find((f) => r(f) === 1) ?? "none";

/**
 * Per table: the kind of a real row, from its cells — the instruction class or operation and
 * the case it exercises (carries, signs, b = 0, a byte offset, a run's first or last word).
 */
export const ROW_KINDS: Readonly<Record<RiscvTable, (r: RowReader, next: RowReader) => string>> = {
  "rv.cpu": (r) => {
    const x0 = r("writesRd") === 0 ? " rd=x0" : "";
    if (r("isHalt")) return "halt";
    if (r("isEcall"))
      return (
        `ecall a7=${r("rs1Lo") + 65536 * r("rs1Hi")}` +
        (r("rs1Lo") === 64 ? ` fd=${r("rs2Lo")}` : "")
      );
    if (r("isMem")) return `ls op=${r("lsOp")}${x0}`;
    if (r("isBranch")) return `branch op=${r("aluOp")} taken=${r("outLo")}`;
    if (r("isJalr")) return `jalr${x0}`;
    if (r("isJal")) return `jal${x0}`;
    if (r("isLink")) return `lui/auipc${x0}`;
    if (r("useAlu")) {
      const imm = r("immLo") + r("immHi") !== 0 ? "imm" : "reg";
      return `alu op=${r("aluOp")} ${imm}${x0}`;
    }
    return "fence";
  },
  "rv.add": (r) => `${flag(r, ["isAdd", "isSub"])} k0=${r("k0")} k1=${r("k1")}`,
  "rv.bitwise": (r) => flag(r, ["isAnd", "isOr", "isXor"]),
  "rv.compare": (r) =>
    `${flag(r, ["isEq", "isNe", "isLt", "isGe", "isLtu", "isGeu"])} eq=${r("eq")} borrow=${r("borrow")}`,
  "rv.shift": (r) =>
    `${flag(r, ["isSll", "isSrl", "isSra"])} q=${[0, 1, 2, 3].find((k) => r(`qs[${k}]`) === 1)} sa=${r("sa")}`,
  "rv.mul": (r) =>
    `${flag(r, ["isMul", "isMulh", "isMulhsu", "isMulhu"])} sa=${r("sa")} sb=${r("sb")}`,
  "rv.divrem": (r) =>
    `${flag(r, ["isDiv", "isDivu", "isRem", "isRemu"])} bz=${r("bz")} ov=${r("ov")} sb=${r("sb")} sr=${r("sr")} rnz=${r("rnz")}`,
  "rv.loadstore": (r) =>
    `${flag(r, ["isLb", "isLh", "isLw", "isLbu", "isLhu", "isSb", "isSh", "isSw"])} off=${[0, 1, 2, 3].find((k) => r(`e[${k}]`) === 1)} s=${r("s")} above=${r("above")}`,
  "rv.program": (r) => (r("mult") === 0 ? "never executed" : "executed"),
  "rv.image": () => "word",
  "rv.boundary": (r, n) =>
    `${r("addr") < 32 ? "register" : "memory"} inImage=${r("inImage")} next real=${n("isReal")}`,
  "rv.bytes": (r) => `u16=${bit(r("mU16"))} u14=${bit(r("mU14"))} pair=${bit(r("mPair"))}`,
  "rv.syscall": (r, n) =>
    `${flag(r, ["isStdout", "isStderr", "isJournal", "isInput"])} nz=${r("nz")} next real=${bit(n("isStdout") + n("isStderr") + n("isJournal") + n("isInput"))}`,
  "rv.io": (r) =>
    `${flag(r, ["isJournal", "isInput"])} first=${r("isFirst")} last=${r("isLast")} start=${r("start")} bytes=${[0, 1, 2, 3].map((k) => r(`e[${k}]`)).join("")}`,
  "rv.writable": (r) => `above=${r("above")}`,
  "rv.pagedboundary": (r, n) =>
    `${r("addr") < 32 ? "register" : "memory"} next real=${n("isReal")}`,
  "rv.page": (r) => `${r("isRegs") ? "registers" : "memory"} last=${r("last")}`,
  "rv.merkle": (r) => `level=${r("level")} lT=${r("lT")} rT=${r("rT")}`,
  "rv.perm": (r) => (r("mult") > 1 ? "repeated" : "once"),
};

/** Options of `fuzzMachine`. */
export interface MachineFuzzOptions {
  /** Seed of the row choice and the mutations (default 1). */
  readonly seed?: number;
  /** Real rows mutated per kind of row (default 2: the first of its kind, and one more). */
  readonly perKind?: number;
  /** Padding rows mutated per table (default 2: the first and the last). */
  readonly paddingSamples?: number;
  /** Only these tables (default: every RISC-V table). */
  readonly tables?: readonly RiscvTable[];
  /** Called before each table is fuzzed (progress). */
  readonly onTable?: (t: MachineTable) => void;
}

/** A table's report, with where it came from. */
export interface MachineFuzzReport extends FuzzReport {
  readonly run: string;
  readonly segment?: number;
  /** The kinds of real row mutated, with how many rows of each the table has. */
  readonly kinds: ReadonlyMap<string, number>;
}

/**
 * The real rows to mutate: per kind of row, the first of its kind and random others (up to
 * `perKind`), plus the table's first and last real rows.
 */
export function rowsByKind(
  t: MachineTable,
  kindOf: (r: RowReader, next: RowReader) => string,
  perKind: number,
  random: () => number,
): { rows: number[]; kinds: Map<string, number> } {
  const { main } = t.table;
  const cols = new Map(t.table.air.mainColumns.map((name, c) => [name, c]));
  const reader = (row: number): RowReader => {
    const o = row * main.width;
    return (name) => {
      const c = cols.get(name);
      if (c === undefined) throw new Error(`${t.chip.name}: no column "${name}"`);
      return main.values[o + c];
    };
  };
  const byKind = new Map<string, number[]>();
  for (let r = 0; r < t.rows; r++) {
    const k = kindOf(reader(r), reader((r + 1) % main.height));
    const list = byKind.get(k);
    if (list === undefined) byKind.set(k, [r]);
    else list.push(r);
  }
  const rows = new Set<number>();
  if (t.rows > 0) rows.add(0).add(t.rows - 1);
  for (const list of byKind.values()) {
    const chosen = new Set([list[0]]);
    for (
      let tries = 0;
      chosen.size < Math.min(perKind, list.length) && tries < 4 * perKind;
      tries++
    )
      chosen.add(list[Math.floor(random() * list.length)]);
    for (const r of chosen) rows.add(r);
  }
  const kinds = new Map([...byKind].map(([k, list]) => [k, list.length]));
  return { rows: [...rows].sort((a, b) => a - b), kinds };
}

/** The padding rows to mutate: the first, the last and random others. */
function paddingRows(t: MachineTable, count: number, random: () => number): number[] {
  const h = t.table.main.height;
  const n = h - t.rows;
  if (n <= 0 || count <= 0) return [];
  const rows = new Set([t.rows, h - 1].slice(0, count));
  while (rows.size < Math.min(count, n)) rows.add(t.rows + Math.floor(random() * n));
  return [...rows].sort((a, b) => a - b);
}

/**
 * Fuzzes every RISC-V table of run `spec` (each segment's segment tables, the global tables):
 * one report per table.
 *
 * @example
 * const reports = fuzzMachine({ name: "fibonacci", program: loadElf(bytes) });
 * for (const r of reports) if (!r.ok) console.log(fuzzText(r));
 */
export function fuzzMachine(spec: MachineRunSpec, o: MachineFuzzOptions = {}): MachineFuzzReport[] {
  return fuzzMachineTables(spec.name, machineTables(spec), o);
}

/**
 * Fuzzes the given tables of run `run` (from `machineTables`; a test may swap a table's AIR for
 * a variant): one report per RISC-V table, coprocessor tables skipped.
 */
export function fuzzMachineTables(
  run: string,
  tables: readonly MachineTable[],
  o: MachineFuzzOptions = {},
): MachineFuzzReport[] {
  const random = seededRandom(o.seed ?? 1);
  const reports: MachineFuzzReport[] = [];
  for (const t of tables) {
    const name = t.chip.name as RiscvTable;
    if (!(name in ROW_KINDS)) continue; // a coprocessor's table
    if (o.tables !== undefined && !o.tables.includes(name)) continue;
    o.onTable?.(t);
    const { rows, kinds } = rowsByKind(t, ROW_KINDS[name], o.perKind ?? 2, random);
    const report = fuzzTable(t.table, {
      realRows: t.rows,
      seed: Math.floor(random() * 2 ** 31) + 1,
      rows: { real: rows, padding: paddingRows(t, o.paddingSamples ?? 2, random) },
      mirrorBuses: MACHINE_MIRRORS[name],
      mirrorSides: MIRROR_SIDES[name],
      // The byte table itself answers those lookups: its multiplicities are what is checked.
      lookups: name === "rv.bytes" ? [] : MACHINE_LOOKUPS,
      free: MACHINE_FREE[name],
    });
    reports.push({ ...report, run, segment: t.segment, kinds });
  }
  return reports;
}
