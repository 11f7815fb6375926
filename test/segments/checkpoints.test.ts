/**
 * Segments from checkpoints: every segment's tables built from its checkpoint alone, and the
 * global tables built from the segments' summaries, equal byte for byte the sequential replay's
 * (glue/segments.ts `machineWitness`). Segment boundaries are pushed across every awkward place
 * by shifting a small program with 0..7 leading nops under 8- and 16-cycle segments: a journal
 * write, a stdout write, an input read, a coprocessor call, a store to a word the next segment
 * reads, and the terminating cycle (first or last row of a segment). Real guests follow with
 * 2^10–2^12-cycle segments. Checkpoints also survive their byte encoding.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { buildMachine, type Machine } from "../../glue/machine.js";
import {
  decodeCheckpoint,
  encodeCheckpoint,
  executeRecording,
  executeWithCheckpoints,
  loadElf,
  type Program,
} from "../../glue/riscv/index.js";
import { globalsFromSummaries, witnessFromCheckpoints } from "../../glue/segment-globals.js";
import { segmentWitness } from "../../glue/segment-trace.js";
import { machineWitness, type MachineWitness } from "../../glue/segments.js";
import * as A from "../riscv/asm.js";
import { journalWrite, withExit } from "../machine/programs.js";

const cops = builtinCoprocessors();
const input = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);

/** Every table of `a` and `b` equal, byte for byte, with the same real rows and hand-overs. */
function expectSameWitness(a: MachineWitness, b: MachineWitness, what: string): void {
  expect(b.handOvers, `${what}: hand-overs`).toEqual(a.handOvers);
  expect(b.segments.length, `${what}: segments`).toBe(a.segments.length);
  const tables = [...a.segments.map((s, i) => [s, b.segments[i]]), [a.global, b.global]];
  tables.forEach(([x, y], s) => {
    expect(y.length).toBe(x.length);
    x.forEach((t, i) => {
      const where = `${what}: ${s < a.segments.length ? `segment ${s}` : "global"} table ${i}`;
      expect(y[i].rows, where).toBe(t.rows);
      expect(y[i].main.width, where).toBe(t.main.width);
      expect(y[i].main.height, where).toBe(t.main.height);
      expect(
        Buffer.from(
          y[i].main.values.buffer,
          y[i].main.values.byteOffset,
          y[i].main.values.byteLength,
        ).equals(
          Buffer.from(t.main.values.buffer, t.main.values.byteOffset, t.main.values.byteLength),
        ),
        where,
      ).toBe(true);
    });
  });
}

/** The sequential witness and the one from checkpoints, compared. */
function compare(m: Machine, program: Program, inp: Uint8Array, seg: number, what: string) {
  const run = executeRecording(program, { input: inp, coprocessors: m.coprocessors });
  const sequential = machineWitness(m, run, inp, seg);
  const fromCheckpoints = witnessFromCheckpoints(m, program, inp, seg);
  expectSameWitness(sequential, fromCheckpoints, what);
  return sequential.segments.length;
}

/** `ecall` with a7 = `n` and a0..a2. */
function call(n: number, a0: number, a1: number, a2: number): number[] {
  return [...A.li(17, n), ...A.li(10, a0), ...A.li(11, a1), ...A.li(12, a2), A.ECALL];
}

/** A small program with `shift` leading nops and every kind of event a segment may cut. */
function awkward(shift: number): Program {
  const D = A.DATA_BASE;
  const body = [
    ...Array<number>(shift).fill(A.addi(0, 0, 0)),
    ...A.li(5, D),
    ...A.li(9, 3),
    // a loop storing to words that later cycles (and segments) read back
    A.lw(6, 5, 0),
    A.addi(6, 6, 7),
    A.sw(6, 5, 0),
    A.sb(6, 5, 5),
    A.addi(9, 9, -1),
    A.bne(9, 0, -20),
    ...journalWrite(D, 7),
    ...call(64, 1, D + 4, 5), // stdout: not proven, no memory access in the memory argument
    ...call(63, 0, D + 17, 6), // input read into a partly covered word
    ...call(0x100, D + 64, D + 128, 0), // sha256_compress(state, block)
    A.lw(7, 5, 64),
    A.sw(7, 5, 20),
    ...call(63, 0, D + 24, 8), // reads past the input's end (3 bytes left)
    A.lw(8, 5, 24),
    A.sw(8, 5, 0),
  ];
  return A.program(withExit(body, { ptr: D + 16, len: 12 }));
}

describe("segment traces from checkpoints", () => {
  it("equal the sequential replay with boundaries at every awkward cycle", () => {
    for (let shift = 0; shift < 8; shift++) {
      const program = awkward(shift);
      const m = buildMachine(program, { coprocessors: cops });
      for (const seg of [8, 16]) {
        const n = compare(m, program, input, seg, `shift ${shift}, ${seg}-cycle segments`);
        expect(n).toBeGreaterThan(3);
      }
    }
  });

  it("equal the sequential replay on example guests", () => {
    const guests: [string, number, Uint8Array][] = [
      ["sha256", 1 << 12, new Uint8Array(0)],
      ["merkle_1k_cop", 1 << 12, new Uint8Array(0)],
      ["poseidon2_hash", 1 << 10, new Uint8Array(0)],
      ["read_input", 8, input],
      ["zkvm_standards", 16, new Uint8Array(0)],
    ];
    for (const [name, seg, inp] of guests) {
      const program = loadElf(readFileSync(`examples/guests/${name}.elf`));
      const m = buildMachine(program, { coprocessors: cops });
      compare(m, program, inp, seg, name);
    }
  });

  it("builds any segment alone, in any order, from decoded checkpoints", () => {
    const program = awkward(3);
    const m = buildMachine(program, { coprocessors: cops });
    const run = executeRecording(program, { input, coprocessors: cops });
    const sequential = machineWitness(m, run, input, 8);
    const { checkpoints } = executeWithCheckpoints(program, 8, { input, coprocessors: cops });
    for (const i of [...checkpoints.keys()].reverse()) {
      const c = decodeCheckpoint(encodeCheckpoint(checkpoints[i]));
      expect(c).toEqual(checkpoints[i]);
      const { tables } = segmentWitness(m, program, input, c);
      tables.forEach((t, k) =>
        expect(Array.from(t.main.values), `segment ${i} table ${k}`).toEqual(
          Array.from(sequential.segments[i][k].main.values),
        ),
      );
    }
  });

  it("checkpoints hold only the words each segment touches", () => {
    const program = awkward(0);
    const { checkpoints, cycles } = executeWithCheckpoints(program, 16, {
      input,
      coprocessors: cops,
    });
    expect(checkpoints.map((c) => c.startCycle)).toEqual(checkpoints.map((_, i) => 16 * i));
    expect(checkpoints.reduce((n, c) => n + c.cycles, 0)).toBe(cycles);
    expect(checkpoints.at(-1)!.last).toBe(true);
    expect(checkpoints.slice(0, -1).every((c) => !c.last)).toBe(true);
    for (const c of checkpoints) expect(new Set(c.words).size).toBe(c.words.length);
    // The segment with the sha256 call touches its 8 + 16 words; none touches the 4 KiB page.
    expect(Math.max(...checkpoints.map((c) => c.words.length))).toBeGreaterThanOrEqual(24);
    expect(Math.max(...checkpoints.map((c) => c.words.length))).toBeLessThan(40);
  });

  it("refuses a checkpoint of another run or a corrupted one, naming the segment", () => {
    const program = awkward(0);
    const m = buildMachine(program, { coprocessors: cops });
    const { checkpoints } = executeWithCheckpoints(program, 16, { input, coprocessors: cops });
    // A word's value or timestamp that the segments before did not leave: the chain check.
    const k = checkpoints.findIndex((c, i) => i > 0 && c.words.length > 0);
    expect(k).toBeGreaterThan(0);
    for (const field of ["values", "wordTs"] as const) {
      const bad = checkpoints.map((c, i) =>
        i === k ? { ...c, [field]: c[field].map((v, k) => (k === 0 ? v + 1 : v)) } : c,
      );
      const summaries = bad.map((c) => segmentWitness(m, program, input, c).summary);
      expect(() => globalsFromSummaries(m, summaries, bad)).toThrow(`checkpoint ${k}: word 0x`);
    }
    const reg = checkpoints.map((c, i) =>
      i === 1 ? { ...c, regTs: c.regTs.map((v, r) => (r === 5 ? v - 1 : v)) } : c,
    );
    const summaries = reg.map((c) => segmentWitness(m, program, input, c).summary);
    expect(() => globalsFromSummaries(m, summaries, reg)).toThrow(/checkpoint 1: register x5/);
    // Summaries out of order or of another segment.
    const good = checkpoints.map((c) => segmentWitness(m, program, input, c).summary);
    expect(() =>
      globalsFromSummaries(m, [good[1], good[0], ...good.slice(2)], checkpoints),
    ).toThrow(/summary 0 is segment 1/);
    // A first checkpoint that does not start the run (mid-journal, or another entry point).
    for (const first of [
      { ...checkpoints[0], journalLength: 1 },
      { ...checkpoints[0], pc: checkpoints[0].pc + 4 },
    ])
      expect(() => globalsFromSummaries(m, good, [first, ...checkpoints.slice(1)])).toThrow(
        /checkpoint 0 does not start the run/,
      );
    // A checkpoint whose segment ends elsewhere than it says.
    const early = { ...checkpoints.at(-1)!, cycles: checkpoints.at(-1)!.cycles + 4 };
    expect(() => segmentWitness(m, program, input, early)).toThrow(/segment \d+ .*terminated/);
    const bytes = encodeCheckpoint(checkpoints[2]);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(/checkpoint/);
  });
});
