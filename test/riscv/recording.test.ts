/**
 * The recorded events form a consistent memory log: replaying every register and memory
 * access in timestamp order, each access's recorded old value and previous timestamp must be
 * exactly the last value and timestamp written to that register or word (initially the loaded
 * image at timestamp 0). That is what the memory argument of the AIRs will check, so a trace
 * that passes this replay is one they can accept. Plus an exact check of a few rows.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Coprocessor } from "../../glue/coprocessor.js";
import {
  executeRecording,
  loadElf,
  STACK_TOP,
  type ExecutionTrace,
  type Program,
} from "../../glue/riscv/index.js";
import { addi, CODE_BASE, DATA_BASE, ECALL, EXIT, li, lw, program, rtype, sb } from "./asm.js";

/** Which registers the recorder reads as rs1/rs2 and writes as rd (0/none per the layout). */
function operands(insn: number): { rs1: number; rs2: number; rd: number } {
  const opc = insn & 0x7f;
  const f1 = (insn >>> 15) & 31,
    f2 = (insn >>> 20) & 31,
    fd = (insn >>> 7) & 31;
  if (opc === 0x73) return { rs1: 17, rs2: 10, rd: 10 }; // ecall
  if (opc === 0x37 || opc === 0x17 || opc === 0x6f) return { rs1: 0, rs2: 0, rd: fd };
  if (opc === 0x67 || opc === 0x03 || opc === 0x13) return { rs1: f1, rs2: 0, rd: fd };
  if (opc === 0x63 || opc === 0x23) return { rs1: f1, rs2: f2, rd: 0 };
  if (opc === 0x33) return { rs1: f1, rs2: f2, rd: fd };
  return { rs1: 0, rs2: 0, rd: 0 }; // fence
}

/** Plain comparison (expect() per access would dominate the run time). */
function eq(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`${what}: recorded ${actual}, replay says ${expected}`);
}

function replay(p: Program, trace: ExecutionTrace): void {
  const regVal = new Uint32Array(32);
  const regTs = new Uint32Array(32);
  regVal[2] = STACK_TOP;
  const memVal = new Map<number, number>();
  const memTs = new Map<number, number>();
  for (const s of p.segments) {
    for (let i = 0; i < s.data.length; i++) {
      const a = (s.vaddr + i) & ~3;
      memVal.set(a, ((memVal.get(a) ?? 0) | (s.data[i] << (8 * ((s.vaddr + i) & 3)))) >>> 0);
    }
  }
  const access = (
    a: number,
    old: number,
    prevTs: number,
    value: number,
    ts: number,
    what: string,
  ) => {
    eq(old, memVal.get(a) ?? 0, `${what}: old value`);
    eq(prevTs, memTs.get(a) ?? 0, `${what}: previous timestamp`);
    memVal.set(a, value);
    memTs.set(a, ts);
  };
  const c = trace.cycles;
  const col = Object.fromEntries(c.names.map((n) => [n, c.column(n)])) as Record<
    (typeof c.names)[number],
    Uint32Array
  >;
  const sm = trace.syscallMemory;
  let smRow = 0;
  for (let cy = 0; cy < c.length; cy++) {
    const insn = col.insn[cy];
    eq(insn, memVal.get(col.pc[cy]) ?? -1, `insn at cycle ${cy}`);
    const { rs1, rs2, rd } = operands(insn);
    for (const [r, val, ts, t] of [
      [rs1, col.rs1Val[cy], col.rs1Ts[cy], 1],
      [rs2, col.rs2Val[cy], col.rs2Ts[cy], 2],
    ]) {
      eq(val, regVal[r], `x${r} read at cycle ${cy}`);
      eq(ts, regTs[r], `x${r} previous timestamp at cycle ${cy}`);
      regTs[r] = 4 * cy + t;
    }
    if (col.memAddr[cy] !== 0) {
      if ((insn & 0x7f) === 0x03) eq(col.memVal[cy], col.memOld[cy], `load at cycle ${cy}`);
      access(
        col.memAddr[cy] & ~3,
        col.memOld[cy],
        col.memTs[cy],
        col.memVal[cy],
        4 * cy + 3,
        `memory at cycle ${cy}`,
      );
    }
    while (smRow < sm.length && sm.at("cycle", smRow) === cy) {
      access(
        sm.at("addr", smRow),
        sm.at("old", smRow),
        sm.at("ts", smRow),
        sm.at("value", smRow),
        4 * cy + 3,
        `syscall memory row ${smRow}`,
      );
      smRow++;
    }
    if (rd !== 0) {
      eq(col.rdOld[cy], regVal[rd], `x${rd} old at cycle ${cy}`);
      eq(col.rdTs[cy], regTs[rd], `x${rd} previous timestamp at cycle ${cy}`);
      regVal[rd] = col.rdVal[cy];
      regTs[rd] = 4 * cy + 4;
    } else {
      eq(col.rdVal[cy] | col.rdOld[cy] | col.rdTs[cy], 0, `no rd at cycle ${cy}`);
    }
  }
  expect(smRow).toBe(sm.length);
  expect(trace.finalRegisters).toEqual(regVal);
  expect(trace.finalRegisterTs).toEqual(regTs);
}

const elf = (name: string) =>
  loadElf(readFileSync(new URL(`../../examples/guests/${name}.elf`, import.meta.url)));

describe("recorded events", () => {
  it("exact rows of a short program", () => {
    const words = [
      ...li(5, DATA_BASE),
      addi(6, 0, -3),
      sb(6, 5, 1),
      lw(7, 5, 0),
      rtype("add", 0, 6, 6),
      ...EXIT,
    ];
    const r = executeRecording(program(words));
    const c = r.trace.cycles;
    expect(c.length).toBe(r.cycles);
    expect(r.cycles).toBe(words.length);
    const row = (i: number) => Object.fromEntries(c.names.map((n) => [n, c.at(n, i)]));
    expect(row(3)).toEqual({
      // sb x6, 1(x5) in cycle 3
      pc: CODE_BASE + 12,
      insn: words[3],
      rs1Val: DATA_BASE,
      rs2Val: 0xfffffffd,
      rs1Ts: 8,
      rs2Ts: 12,
      rdVal: 0,
      rdOld: 0,
      rdTs: 0,
      memAddr: DATA_BASE + 1,
      memVal: 0xfd00,
      memOld: 0,
      memTs: 0,
    });
    expect(row(4)).toMatchObject({
      memAddr: DATA_BASE,
      memVal: 0xfd00,
      memOld: 0xfd00,
      memTs: 15,
      rdVal: 0xfd00,
      rdTs: 0,
    });
    expect(row(5)).toMatchObject({
      rdVal: 0,
      rdOld: 0,
      rdTs: 0,
      rs1Val: 0xfffffffd,
      rs1Ts: 14,
      rs2Ts: 21,
    }); // add x0, x6, x6
    const ecall = words.length - 1;
    // ecall: rs1 = a7, rs2 = a0, and a0 is written back (here unchanged) after its read.
    expect(row(ecall)).toMatchObject({
      insn: ECALL,
      rs1Val: 93,
      rs2Val: 0,
      rdVal: 0,
      rdOld: 0,
      rdTs: 4 * ecall + 2,
    });
    expect(r.trace.syscalls.length).toBe(1);
    expect(r.trace.syscalls.at("number", 0)).toBe(93);
    expect(r.trace.syscalls.at("cycle", 0)).toBe(ecall);
  });

  it("replays as a consistent memory log: sha256 example", () => {
    const p = elf("sha256");
    const r = executeRecording(p);
    expect(r.cycles).toBeGreaterThan(70_000); // more than one chunk of rows
    replay(p, r.trace);
  });

  it("replays correctly in recycled memory after trace.release()", () => {
    // fibonacci fills 8 chunks; released, they hold stale rows that sha256's recording reuses.
    const first = executeRecording(elf("fibonacci"));
    expect(first.trace.cycles.chunks.length).toBeGreaterThan(2);
    first.trace.release();
    expect(first.trace.cycles.length).toBe(0);
    const p = elf("sha256");
    replay(p, executeRecording(p).trace);
  });

  it("replays as a consistent memory log: private input and a coprocessor", () => {
    const p = elf("read_input");
    const input = new TextEncoder().encode("some private bytes, \u00ff\u0080 and more".repeat(20));
    replay(p, executeRecording(p, { input }).trace);

    const swap: Coprocessor = {
      name: "swap",
      syscall: 0x100,
      execute(ctx) {
        const [x, y] = ctx.readWords(ctx.args[0], 2);
        ctx.writeWords(ctx.args[0], [y, x, x]);
      },
    };
    const q = program(
      [
        ...li(17, 0x100),
        ...li(10, DATA_BASE),
        ECALL,
        ECALL,
        ...li(5, DATA_BASE),
        lw(6, 5, 8),
        ...EXIT,
      ],
      new Uint8Array(new Uint32Array([1, 2, 3]).buffer),
    );
    const t = executeRecording(q, { coprocessors: [swap] }).trace;
    expect(t.syscallMemory.length).toBe(10);
    expect(t.finalRegisters[6]).toBe(2);
    replay(q, t);
  });
});
