/**
 * The whole guest range is provable: loads and stores of every width at the top of memory
 * (0x77FF_FFFC, the byte at 0x77FF_FFFF), around 2^30 and at the bottom (0x1000); io runs across
 * the chips' limb boundaries (word 2^14, byte 2^30) and at the top; touched words more than 2^28
 * apart. And nothing past it: forged traces claiming a memory-bus address at or beyond
 * 32 + 0x1E00_0000 (the guest range's end), or a wrapped one, are rejected even when the
 * byte/range table's multiplicities are set to whatever balances (the cheater's free choice).
 */
import { describe, expect, it } from "vitest";
import { checkConstraints, type CheckReport, type CheckTable } from "../../core/air/check.js";
import { P } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { bytesChip, bytesPreprocessed } from "../../glue/chips/bytes/index.js";
import {
  AluOp,
  BITWISE_BUS,
  IO_BUS,
  IoKind,
  JOURNAL_BUS,
  LsOp,
  MEMORY_BUS,
  PAIR_BUS,
  U14_BUS,
  U16_BUS,
} from "../../glue/chips/buses.js";
import { ioChip, ioCols, ioWordCells } from "../../glue/chips/io/index.js";
import {
  boundaryChip,
  boundaryCols,
  boundaryTrace,
  MEMORY_END,
} from "../../glue/chips/memory/index.js";
import { Lookups, paddedHeight } from "../../glue/chips/table.js";
import { buildMachine, journalMessages, tableIndex, type Machine } from "../../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { executeRecording, type Program } from "../../glue/riscv/index.js";
import { cpuPublicValues, finalTables, machineWitness } from "../../glue/segments.js";
import * as A from "../riscv/asm.js";
import { wadd, WADD_SYSCALL } from "../coprocessors/wadd.js";
import { runAndCheck } from "./helpers.js";
import { journalWrite, withExit } from "./programs.js";

const TOP = 0x77ff_fffc;

/** a7 := 63; a0 := 0; a1 := ptr; a2 := len; ecall — reads private input into memory. */
function inputRead(ptr: number, len: number): number[] {
  return [...A.li(17, 63), ...A.li(10, 0), ...A.li(11, ptr), ...A.li(12, len), A.ECALL];
}

/** Proves `program` through a receipt and returns the journal the verifier accepted. */
function proveAndVerify(program: Program, input = new Uint8Array(0)): Uint8Array {
  const { receipt } = proveReceipt(program, { input });
  return verifyReceipt(parseReceipt(serializeReceipt(receipt)), programIdOf(program));
}

const le = (...words: number[]) => new Uint8Array(new Uint32Array(words).buffer);

// x5 = top word, x8 = 2^30, x11 = 0x1000 (the lowest guest word), x9 = the data segment where
// every loaded value is stored for the journal.
const loadsAndStores = [
  ...A.li(5, TOP),
  ...A.li(8, 0x4000_0000),
  ...A.li(11, 0x1000),
  ...A.li(9, A.DATA_BASE),
  ...A.li(6, 0x80ff_7f01),
  ...A.li(10, 0x1234),
  A.sw(6, 5, 0), // [TOP] = 0x80ff7f01
  A.lb(7, 5, 3), // the byte at 0x77FF_FFFF, sign-extended
  A.sw(7, 9, 0),
  A.lbu(7, 5, 3),
  A.sw(7, 9, 4),
  A.lh(7, 5, 2), // the half at 0x77FF_FFFE
  A.sw(7, 9, 8),
  A.lhu(7, 5, 2),
  A.sw(7, 9, 12),
  A.sb(6, 5, 3), // [TOP] = 0x01ff7f01
  A.sh(10, 5, 0), // [TOP] = 0x01ff1234
  A.lw(7, 5, 0),
  A.sw(7, 9, 16),
  A.sw(6, 8, -4), // [2^30 − 4] = 0x80ff7f01
  A.sb(6, 8, -1), // [2^30 − 4] = 0x01ff7f01
  A.sh(6, 8, 2), // [2^30] = 0x7f010000
  A.lw(7, 8, -4),
  A.sw(7, 9, 20),
  A.lw(7, 8, 0),
  A.sw(7, 9, 24),
  A.lh(7, 8, -2), // 0x01ff
  A.sw(7, 9, 28),
  A.sw(6, 11, 0), // [0x1000] = 0x80ff7f01
  A.lbu(7, 11, 0),
  A.sw(7, 9, 32),
];
const loadsAndStoresJournal = le(
  0xffff_ff80,
  0x80,
  0xffff_80ff,
  0x80ff,
  0x01ff_1234,
  0x01ff_7f01,
  0x7f01_0000,
  0x01ff,
  0x01,
);

describe("loads, stores and io over the whole guest range", () => {
  it("loads and stores of every width at the top, around 2^30 and at 0x1000 prove and verify", () => {
    const p = A.program(withExit(loadsAndStores, { ptr: A.DATA_BASE, len: 36 }));
    const journal = proveAndVerify(p);
    expect([...journal]).toEqual([...loadsAndStoresJournal]);
  }, 300_000);

  it("io runs across word 2^14, byte 2^30 and from 0x1000 prove and verify", () => {
    const input = Uint8Array.from({ length: 10 }, (_, i) => 0xa0 + i);
    const body = [
      ...inputRead(0xfffe, 4), // words 0x3FFF (wHi = 0) and 0x4000 (wHi = 1)
      ...inputRead(0x3fff_fffe, 4), // across byte 2^30
      ...inputRead(0x1000, 2), // the lowest guest word
      ...journalWrite(0xfffd, 6),
      ...journalWrite(0x3fff_fffc, 8),
      ...journalWrite(0x1000, 4),
    ];
    const journal = proveAndVerify(A.program(withExit(body)), input);
    const i = [...input];
    expect([...journal]).toEqual([
      ...[0, ...i.slice(0, 4), 0],
      ...[0, 0, ...i.slice(4, 8), 0, 0],
      ...[...i.slice(8, 10), 0, 0],
    ]);
  }, 300_000);

  // Needs the syscall table to bound a1 by 0x7800_0000 (ptr_hi + 0x8800 u16) instead of 2^30.
  it("a journal write and an input read at the top of memory prove and verify", () => {
    const input = Uint8Array.from({ length: 13 }, (_, i) => 0x30 + i);
    const body = [
      ...inputRead(0x77ff_fff3, 13), // up to the byte at 0x77FF_FFFF
      ...journalWrite(0x77ff_fff1, 15),
      ...journalWrite(0x77ff_ffff, 1),
    ];
    const journal = proveAndVerify(A.program(withExit(body)), input);
    expect([...journal]).toEqual([0, 0, ...input, input[12]]);
  }, 300_000);

  it("a coprocessor call on the last two guest words proves and verifies", () => {
    // wadd(dst, src): [dst] += [src]; its pointer gadget leaves the range's end to the boundary.
    const body = [
      ...A.li(5, TOP),
      ...A.li(6, 0xffff_fff0),
      A.sw(6, 5, 0),
      ...A.li(6, 0x20),
      A.sw(6, 5, -4),
      ...A.li(10, TOP),
      ...A.li(11, TOP - 4),
      ...A.li(17, WADD_SYSCALL),
      A.ECALL,
      A.lw(7, 5, 0),
      ...A.li(9, A.DATA_BASE),
      A.sw(7, 9, 0),
    ];
    const p = A.program(withExit(body, { ptr: A.DATA_BASE, len: 4 }));
    const { receipt } = proveReceipt(p, { coprocessors: [wadd] });
    const id = programIdOf(p, [wadd]);
    const journal = verifyReceipt(parseReceipt(serializeReceipt(receipt)), id, [wadd]);
    expect([...journal]).toEqual([...le(0x10)]);
  }, 300_000);

  it("touched words more than 2^28 apart check (the boundary's gap covers the whole range)", () => {
    const body = [...A.li(5, TOP), ...A.li(6, 7), A.sw(6, 5, 0), A.lw(7, 5, 0)];
    const { machine, traces, report } = runAndCheck(A.program(withExit(body)));
    expect(report.ok).toBe(true);
    const addrs = column(machine, traces, "rv.boundary", "addr", "isReal");
    expect(addrs.at(-1)).toBe(32 + TOP / 4);
    expect(addrs.at(-1)! - addrs.at(-2)!).toBeGreaterThan(2 ** 28);
  });
});

/** The values of `col` on the rows of `table` where `real` is 1. */
function column(m: Machine, traces: Matrix[], table: string, col: string, real: string): number[] {
  const t = tableIndex(m, table);
  const cols = m.airs[t].mainColumns;
  const { values, width, height } = traces[t];
  const out: number[] = [];
  for (let r = 0; r < height; r++)
    if (values[r * width + cols.indexOf(real)] === 1)
      out.push(values[r * width + cols.indexOf(col)]);
  return out;
}

/**
 * checkConstraints as the best cheater faces it: the byte/range table's multiplicities are the
 * prover's free choice, so they are set to balance every lookup the table can serve. What stays
 * unmatched is a lookup of a value outside the table, which no multiplicity can balance.
 */
function checkBest(tables: CheckTable[], extra: BusMessage[]): CheckReport {
  const t = tables.findIndex((x) => x.air.name === "rv.bytes");
  const cols = tables[t].air.mainColumns;
  const main = { ...tables[t].main, values: new Uint32Array(tables[t].main.values.length) };
  const all = tables.map((x, i) => (i === t ? { ...x, main } : x));
  for (const u of checkConstraints(all, extra).unmatched) {
    const cell = byteTableCell(u.bus, u.values);
    if (cell !== undefined && u.net > 0)
      main.values[cell[1] * main.width + cols.indexOf(cell[0])] = u.net;
  }
  return checkConstraints(all, extra);
}

/** The byte/range table's (multiplicity column, row) that receives a lookup, if any. */
function byteTableCell(bus: BusMessage["bus"], v: number[]): [string, number] | undefined {
  if (bus === U16_BUS && v[0] < 65536) return ["mU16", v[0]];
  if (bus === U14_BUS && v[0] < 16384) return ["mU14", v[0]];
  if (bus === PAIR_BUS && v[0] < 256 && v[1] < 256) return ["mPair", v[0] + 256 * v[1]];
  if (bus === BITWISE_BUS && v[1] < 256 && v[2] < 256) {
    const ops: [number, string, number][] = [
      [AluOp.AND, "mAnd", v[1] & v[2]],
      [AluOp.OR, "mOr", v[1] | v[2]],
      [AluOp.XOR, "mXor", v[1] ^ v[2]],
    ];
    const op = ops.find(([code, , r]) => code === v[0] && r === v[3]);
    if (op !== undefined) return [op[1], v[1] + 256 * v[2]];
  }
  return undefined;
}

/** What a check left: failed constraints as "air: name", unmatched messages as "bus hex values". */
function leftOver(r: CheckReport): string[] {
  return [
    ...r.failures.map((f) => `${f.air}: ${f.constraint}`),
    ...r.unmatched.map((u) => `${u.bus.name} ${u.values.map((x) => x.toString(16)).join(",")}`),
  ];
}

/** The tables of a one-segment machine run, for checkConstraints. */
function machineTables(m: Machine, traces: Matrix[]): CheckTable[] {
  const [cpu] = cpuPublicValues(m.entry, []);
  return m.airs.map((air, i) => ({
    air,
    main: traces[i],
    preprocessed: m.preprocessed[i],
    publicValues: air.name === "rv.cpu" ? cpu : undefined,
  }));
}

/** A cell writer over copies of `traces` (rows found by predicate, columns by name). */
function editor(m: Machine, traces: Matrix[]) {
  const out = traces.map((t) => ({ ...t, values: t.values.slice() }));
  const at = (table: string, row: number, col: string) => {
    const t = tableIndex(m, table);
    const c = m.airs[t].mainColumns.indexOf(col);
    if (c < 0) throw new Error(`no column ${col} in ${table}`);
    return row * out[t].width + c;
  };
  return {
    traces: out,
    get: (table: string, row: number, col: string) =>
      out[tableIndex(m, table)].values[at(table, row, col)],
    set: (table: string, row: number, col: string, v: number) => {
      out[tableIndex(m, table)].values[at(table, row, col)] = ((v % P) + P) % P;
    },
    find: (table: string, pred: (g: (c: string) => number) => boolean) => {
      const t = tableIndex(m, table);
      for (let r = 0; r < out[t].height; r++)
        if (pred((c) => out[t].values[at(table, r, c)])) return r;
      throw new Error(`no such row in ${table}`);
    },
  };
}

describe("nothing past the guest range", () => {
  // A store of x6 at x5 + imm with x5 = 0x77FF_FFFC: imm 0 is the last guest word; imm 4 is
  // 0x7800_0000, where the executor stops with an error. The forged trace takes the valid run
  // and claims the faulting program's store, consistently in the CPU, load/store and boundary
  // tables, with the faulting program's key (its program table has imm 4).
  const storeAt = (imm: number) =>
    A.program(withExit([...A.li(5, TOP), ...A.li(6, 0x1234_5678), A.sw(6, 5, imm)]));
  const valid = storeAt(0);
  const faulting = storeAt(4);
  /** The valid run's tables with the store claimed at word index w (a field element). */
  function forgedStore(claim: { w: number; addrHi: number; k1: number }): CheckReport {
    const m = buildMachine(valid);
    const run = executeRecording(valid);
    const mf = buildMachine(faulting);
    const e = editor(m, finalTables(machineWitness(m, run)));
    const maddr = (claim.w + 32) % P;
    const cpu = e.find("rv.cpu", (g) => g("isMem") === 1 && g("lsOp") === LsOp.SW);
    e.set("rv.cpu", cpu, "immLo", 4);
    e.set("rv.cpu", cpu, "maddr", maddr);
    const ls = e.find("rv.loadstore", (g) => g("isSw") === 1);
    // rs1 lo + imm lo = 0xFFFC + 4 = 0 + 2^16 (k0 = 1); rs1 hi + k0 = 0x7800 = addrHi + 2^16·k1.
    // gLo, gHi and xLo, xHi are the natural limbs of w − 1024 and w − text.hi (mod p).
    const g = (claim.w - 1024 + P) % P;
    const x = (claim.w - mf.image.text.hi + P) % P; // the store lies above the text
    const cells: [string, number][] = [
      ["immLo", 4],
      ["k0", 1],
      ["k1", claim.k1],
      ["addrLo", 0],
      ["addrHi", claim.addrHi],
      ["q", 0],
      ["gLo", g % 65536],
      ["gHi", Math.floor(g / 65536)],
      ["xLo", x % 65536],
      ["xHi", Math.floor(x / 65536)],
    ];
    for (const [c, v] of cells) e.set("rv.loadstore", ls, c, v);
    // The store's instruction word is in the image: the boundary starts (and, untouched, ends)
    // it with the faulting program's encoding.
    const pc = e.get("rv.cpu", cpu, "pc");
    const sw = e.find("rv.boundary", (g) => g("inImage") === 1 && g("addr") === 32 + pc / 4);
    const word = mf.image.image.get(e.get("rv.boundary", sw, "addr"))!;
    for (const c of ["initLo", "finLo"]) e.set("rv.boundary", sw, c, word & 0xffff);
    for (const c of ["initHi", "finHi"]) e.set("rv.boundary", sw, c, word >>> 16);
    const last = e.find("rv.boundary", (g) => g("addr") === 32 + TOP / 4);
    const a = maddr + 0xffe0;
    e.set("rv.boundary", last, "addr", maddr);
    e.set("rv.boundary", last, "aLo", a % 65536);
    e.set("rv.boundary", last, "aHi", Math.floor(a / 65536));
    const d = maddr - e.get("rv.boundary", last - 1, "addr") - 1;
    e.set("rv.boundary", last - 1, "dLo", d % 65536);
    e.set("rv.boundary", last - 1, "dHi", Math.floor(d / 65536));
    return checkBest(machineTables(mf, e.traces), journalMessages(run.journal));
  }

  it("the valid store at the last guest word checks under the same best-cheater check", () => {
    const m = buildMachine(valid);
    const run = executeRecording(valid);
    const r = checkBest(machineTables(m, finalTables(machineWitness(m, run))), []);
    expect(leftOver(r)).toEqual([]);
  });

  it("a store at memory-bus address 32 + 0x1E00_0000 (byte 0x7800_0000) is rejected", () => {
    const r = forgedStore({ w: 0x1e00_0000, addrHi: 0x7800, k1: 0 });
    // Everything else is consistent: only the two range lookups cannot be received.
    expect(leftOver(r)).toEqual([
      "rv.u16 10000", // load/store: addr_hi + 0x8800 (addr_hi < 0x7800)
      "rv.u14 4000", // boundary: aHi + 0x21FF (aHi ≤ 0x1E00)
    ]);
  });

  it("the same store claimed through a wrapped address (k1 = 1, addr_hi = −0x8800) is rejected", () => {
    // addr_hi + 0x8800 = 0 passes its check, so w = 2^14·(p − 0x8800) = p − 0x2200_0000: its
    // distance from 1024 cannot be written in gLo, gHi, and the boundary refuses the address.
    const addrHi = P - 0x8800;
    const w = (16384 * addrHi) % P;
    const r = forgedStore({ w, addrHi, k1: 1 });
    const left = leftOver(r);
    expect(r.failures).toEqual([]);
    expect(left).toContain(`rv.u14 ${Math.floor((w - 1024) / 65536).toString(16)}`); // gHi
    expect(left.every((s) => /^rv\.u1[46] /.test(s))).toBe(true);
  });
});

// Chip-level: one table plus the byte/range table, the other side of its buses supplied as
// external messages, so only that chip's constraints and range lookups decide.
const TEXT = { lo: 0x80200, hi: 0x80300 };
const bytesTable = (): CheckTable => ({
  air: bytesChip(),
  main: { values: new Uint32Array(65536 * 6), width: 6, height: 65536 },
  preprocessed: bytesPreprocessed(),
});

/**
 * An io table holding one journal run of `n` zero bytes from byte `ptr` at timestamp 100 (the
 * words untouched before), with the messages of the syscall, memory and journal sides. `limbs`
 * overrides a row's word index (w and its wLo, wHi, z) to forge it.
 */
function journalRun(
  ptr: number,
  n: number,
  limbs: (row: number) => { w: number; wLo: number; wHi: number; z: number } | undefined,
  start = ptr & 3,
): { tables: CheckTable[]; extra: BusMessage[] } {
  const I = ioCols.index;
  const ts = 100;
  const words = Math.ceil((start + n) / 4);
  const h = paddedHeight(words);
  const v = new Uint32Array(h * ioCols.width);
  const extra: BusMessage[] = [
    { bus: IO_BUS, values: [ts, ptr, n, 0, IoKind.JOURNAL], multiplicity: 1 },
  ];
  for (let r = 0; r < words; r++) {
    const o = r * ioCols.width;
    const first = r === 0 ? start : 0;
    const last = Math.min(3, start + n - 1 - 4 * r);
    const before = r === 0 ? 0 : 4 * r - start;
    let w = (ptr - start) / 4 + r;
    const forged = limbs(r);
    if (forged === undefined) ioWordCells(v, o, w, new Lookups());
    else {
      ({ w } = forged);
      v.set([forged.wLo, forged.wHi, forged.z], o + I.wLo);
    }
    v[o + I.isJournal] = 1;
    v[o + I.isFirst] = r === 0 ? 1 : 0;
    v[o + I.isLast] = r === words - 1 ? 1 : 0;
    v[o + I.ts] = ts;
    for (let k = first; k <= last; k++) v[o + I.e + k] = 1;
    v[o + I.start] = first;
    v[o + I.pos] = before;
    v[o + I.rem] = n - before;
    v[o + I.dLo] = ts - 1;
    const addr = (32 + w) % P;
    extra.push(
      { bus: MEMORY_BUS, values: [addr, 0, 0, 0], multiplicity: 1 },
      { bus: MEMORY_BUS, values: [addr, 0, 0, ts], multiplicity: -1 },
    );
  }
  for (let i = 0; i < n; i++) extra.push({ bus: JOURNAL_BUS, values: [i, 0], multiplicity: -1 });
  const io = { air: ioChip(TEXT), main: { values: v, width: ioCols.width, height: h } };
  return { tables: [io, bytesTable()], extra };
}

/** A boundary table over `addrs` (untouched, zero), with the memory messages that balance it. */
function boundaryOf(
  addrs: number[],
  forge: (set: (row: number, col: string, v: number) => void) => void,
) {
  const entries = addrs.map((addr) => ({ addr, init: 0, inImage: false, final: 0, finalTs: 0 }));
  const main = boundaryTrace(new Lookups(), entries);
  const set = (row: number, col: string, x: number) => {
    main.values[row * main.width + boundaryCols.index[col as keyof typeof boundaryCols.index]] =
      ((x % P) + P) % P;
  };
  forge(set);
  const I = boundaryCols.index;
  const extra: BusMessage[] = [];
  for (let r = 0; r < addrs.length; r++) {
    const addr = main.values[r * main.width + I.addr];
    extra.push(
      { bus: MEMORY_BUS, values: [addr, 0, 0, 0], multiplicity: -1 },
      { bus: MEMORY_BUS, values: [addr, 0, 0, 0], multiplicity: 1 },
    );
  }
  return checkBest([{ air: boundaryChip(), main }, bytesTable()], extra);
}

/** Writes an address and its window limbs into boundary row `row`; returns the address. */
function setAddress(set: (row: number, col: string, v: number) => void, row: number, addr: number) {
  const a = (((addr + 0xffe0) % P) + P) % P;
  set(row, "addr", addr);
  set(row, "aLo", a % 65536);
  set(row, "aHi", Math.floor(a / 65536));
}
/** Writes the gap limbs of row `row` (to the next address). */
function setGap(set: (row: number, col: string, v: number) => void, row: number, gap: number) {
  const d = ((gap % P) + P) % P;
  set(row, "dLo", d % 65536);
  set(row, "dHi", Math.floor(d / 65536));
}

describe("the io and boundary chips refuse addresses past the guest range", () => {
  it("io: a journal run ending at the byte 0x77FF_FFFF checks", () => {
    const { tables, extra } = journalRun(TOP - 4, 8, () => undefined);
    expect(leftOver(checkBest(tables, extra))).toEqual([]);
  });

  it("io: a run reaching the word 0x1E00_0000 (byte 0x7800_0000) is rejected", () => {
    const w = 0x1e00_0000;
    const run = (wLo: number, wHi: number, z: number) =>
      journalRun(TOP, 8, (r) => (r === 1 ? { w, wLo, wHi, z } : undefined));
    let { tables, extra } = run(0, 0x7800, 1);
    expect(leftOver(checkBest(tables, extra))).toEqual(["rv.u16 10000"]); // wHi + 0x8800
    // The other split, wLo = 2^14 (a u14 value once 1024 is taken off) with z = 0.
    ({ tables, extra } = run(0x4000, 0x77ff, 0));
    expect(leftOver(checkBest(tables, extra))).toEqual(["rv.io: z = 0 ⇒ wHi = 0"]);
  });

  it("io: a first word that meets the pointer only mod p (4w + start = ptr + p) is rejected", () => {
    // ptr = 0x77FF_FFFC claimed as byte 1 of word (ptr − 1 + p) / 4 = 0x3BFF_FFFF.
    const w = (TOP - 1 + P) / 4;
    const { tables, extra } = journalRun(
      TOP,
      3,
      () => ({ w, wLo: w % 16384, wHi: Math.floor(w / 16384), z: 1 }),
      1,
    );
    expect(leftOver(checkBest(tables, extra))).toEqual(["rv.u16 177ff"]); // wHi + 0x8800
  });

  it("io: a run below 0x1000 is rejected whichever z the prover picks", () => {
    const w = 0x800 / 4;
    const low = (z: number) => journalRun(0x800, 4, () => ({ w, wLo: w, wHi: 0, z }));
    const hex = (x: number) => ((x + P) % P).toString(16);
    let { tables, extra } = low(0);
    expect(leftOver(checkBest(tables, extra))).toEqual([`rv.u14 ${hex(w - 1024)}`]);
    ({ tables, extra } = low(1)); // wLo passes as u14, but wHi − z = −1
    expect(leftOver(checkBest(tables, extra))).toEqual([`rv.u16 ${hex(-1)}`]);
  });

  it("boundary: the last memory-bus address 32 + 0x1E00_0000 − 1 checks", () => {
    expect(leftOver(boundaryOf([0, 1, MEMORY_END - 1], () => {}))).toEqual([]);
  });

  it("boundary: the address 32 + 0x1E00_0000 is rejected", () => {
    const r = boundaryOf([0, 1, MEMORY_END - 1], (set) => {
      setAddress(set, 2, MEMORY_END);
      setGap(set, 1, MEMORY_END - 2);
    });
    expect(leftOver(r)).toEqual(["rv.u14 4000"]); // aHi + 0x21FF
  });

  it("boundary: a negative address (p − 1) after 0 is rejected by the gap", () => {
    const r = boundaryOf([0, 1], (set) => {
      setAddress(set, 1, -1);
      setGap(set, 0, -2);
    });
    expect(leftOver(r)).toEqual(["rv.u14 77ff"]); // dHi of p − 2
  });

  it("boundary: addresses that wrap around to a smaller one are rejected by the gap", () => {
    // 0, then the last address, then 5 again "after" it: the gap would have to be p − 0x1E00_0019.
    const r = boundaryOf([0, MEMORY_END - 2, MEMORY_END - 1], (set) => {
      setAddress(set, 2, 5);
      setGap(set, 1, 5 - (MEMORY_END - 2) - 1);
    });
    const left = leftOver(r);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((s) => /^rv\.u14 /.test(s))).toBe(true);
  });

  it("boundary: an address initialised twice by wrapping through a negative one is rejected", () => {
    // 0, 5, the last address, then −2^29 (gap p − 2^29 − MEMORY_END < 2^30), then 5 again
    // (gap 2^29 + 4): only the window's aHi < 2^14 stops it.
    const x = 2 ** 29;
    const r = boundaryOf([0, 5, MEMORY_END - 3, MEMORY_END - 2, MEMORY_END - 1], (set) => {
      setAddress(set, 2, MEMORY_END - 1);
      setAddress(set, 3, -x);
      setAddress(set, 4, 5);
      setGap(set, 1, MEMORY_END - 1 - 5 - 1);
      setGap(set, 2, -x - (MEMORY_END - 1) - 1);
      setGap(set, 3, 5 + x - 1);
    });
    const aHi = Math.floor((P - x + 0xffe0) / 65536);
    expect(leftOver(r).sort()).toEqual(
      [`rv.u14 ${aHi.toString(16)}`, `rv.u14 ${(aHi + 0x21ff).toString(16)}`].sort(),
    );
  });

  it("boundary: a negative address (p − 1) as the first row is rejected by the pin to 0", () => {
    // p − 1 = −1 lies in the window and its gap to 0 is 0: only "the first address is 0" stops it.
    const r = boundaryOf([0, 7], (set) => {
      setAddress(set, 0, -1);
      setAddress(set, 1, 0);
      setGap(set, 0, 0);
    });
    expect(leftOver(r)).toEqual(["rv.boundary: the first address is 0"]);
  });
});
