/**
 * Runs proven in segments: a program of a few hundred cycles cut into segments of 64 cycles
 * (memory, registers, syscalls and private input crossing the cuts) checks, proves and verifies;
 * the segments' tables add up to the one-segment run's; and the verifier rejects hand-over points,
 * segment proofs and traces a cheating prover could change.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type PartWitness, prove, proveLinked } from "../../core/stark/prover.js";
import type { StarkProof } from "../../core/stark/types.js";
import { buildMachine, journalMessages, machineKeys, tableIndex } from "../../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
  type Receipt,
} from "../../glue/receipt.js";
import { executeRecording } from "../../glue/riscv/index.js";
import { verifyProgram } from "../../glue/run-proof.js";
import {
  checkProvableSize,
  type HandOver,
  machineClaims,
  machineWitness,
  witnessParts,
} from "../../glue/segments.js";
import * as A from "../riscv/asm.js";
import { checkParts, checkSegments } from "./helpers.js";
import { journalWrite, withExit } from "./programs.js";

const SEG = 64;
const input = Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd);

/** Loops that read and write memory and registers across the cuts, a journal write, a read. */
function segmentedProgram() {
  const loop = (n: number, body: number[]) => [
    ...A.li(9, n),
    ...body,
    A.addi(9, 9, -1),
    A.bne(9, 0, -4 * (body.length + 1)),
  ];
  const words = withExit(
    [
      ...A.li(5, A.DATA_BASE),
      ...loop(40, [
        A.lw(6, 5, 0),
        A.addi(6, 6, 3),
        A.sw(6, 5, 0),
        A.rtype("mul", 7, 6, 6),
        A.sw(7, 5, 4),
      ]),
      ...journalWrite(A.DATA_BASE, 8),
      ...[...A.li(17, 63), ...A.li(10, 0), ...A.li(11, A.DATA_BASE + 16), ...A.li(12, 4), A.ECALL],
      ...loop(12, [
        A.lw(6, 5, 16),
        A.rtype("divu", 7, 6, 9),
        A.rtype("srl", 6, 6, 9),
        A.sw(6, 5, 16),
      ]),
    ],
    { ptr: A.DATA_BASE + 16, len: 4 },
  );
  return A.program(words, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
}

const program = segmentedProgram();

/** The program's machine and keys, a fresh recorded run and its witness in segments. */
function fixture(segmentCycles = SEG) {
  const m = buildMachine(program);
  const run = executeRecording(program, { input });
  const keys = machineKeys(m);
  const vks = { segment: keys.segment.vk, final: keys.final.vk };
  return { m, run, keys, vks, w: machineWitness(m, run, input, segmentCycles) };
}

/** Proves `parts` as a cheating prover would (no checks) and verifies them with `handOvers`. */
function forceAndVerify(
  f: ReturnType<typeof fixture>,
  parts: PartWitness[],
  handOvers: HandOver[],
): void {
  const opts = { external: journalMessages(f.run.journal), unsafeSkipChecks: true };
  const proofs = proveLinked(parts, opts);
  verifyProgram(f.vks, f.m.entry, { proofs, handOvers, journal: f.run.journal });
}
const realRows = (values: Uint32Array, width: number, flags: number[]): number => {
  let n = 0;
  for (let r = 0; r < values.length / width; r++)
    if (flags.some((f) => values[r * width + f] !== 0)) n++;
  return n;
};

describe("runs proven in segments", () => {
  let receipt: Receipt;
  let segments: number;
  beforeAll(() => {
    const r = proveReceipt(program, { input, segmentCycles: SEG });
    receipt = r.receipt;
    segments = r.stats.segments;
  }, 300_000);

  it("a run of several segments checks, proves and verifies", () => {
    const run = executeRecording(program, { input });
    expect(run.cycles).toBeGreaterThan(4 * SEG);
    expect(segments).toBe(Math.ceil(run.cycles / SEG));
    const m = buildMachine(program);
    expect(checkSegments(m, machineWitness(m, run, input, SEG), run.journal).ok).toBe(true);
    expect(receipt.proofs).toHaveLength(segments);
    expect(receipt.handOvers.map((h) => h.clk)).toEqual(
      Array.from({ length: segments - 1 }, (_, i) => 4 * SEG * (i + 1)),
    );
    const journal = verifyReceipt(parseReceipt(serializeReceipt(receipt)), programIdOf(program));
    expect(Buffer.from(journal)).toEqual(Buffer.from(run.journal));
  });

  it("the segments' per-operation rows add up to the one-segment run's", () => {
    const m = buildMachine(program);
    const run = executeRecording(program, { input });
    const one = machineWitness(m, run, input);
    const many = machineWitness(m, run, input, SEG);
    expect(one.segments).toHaveLength(1);
    const mulAir = m.airs[tableIndex(m, "rv.mul")];
    const flags = mulAir.mainColumns
      .map((c, i) => (c.startsWith("is") ? i : -1))
      .filter((i) => i >= 0);
    const t = tableIndex(m, "rv.mul");
    const count = (w: typeof one) =>
      w.segments.reduce((n, s) => n + realRows(s[t].main.values, s[t].main.width, flags), 0);
    expect(count(many)).toBe(count(one));
    expect(count(one)).toBeGreaterThanOrEqual(40);
    expect(many.global).toEqual(one.global);
  });
});

describe("segment soundness", () => {
  let receipt: Receipt;
  const id = programIdOf(program);
  beforeAll(() => {
    receipt = proveReceipt(program, { input, segmentCycles: SEG }).receipt;
  }, 300_000);
  const rejects = (r: Receipt) => expect(() => verifyReceipt(r, id)).toThrow(/rejected/);

  it("a changed hand-over pc or clk is rejected (the transcript binds them)", () => {
    for (const change of [
      (h: HandOver) => ({ ...h, pc: h.pc + 4 }),
      (h: HandOver) => ({ ...h, clk: h.clk + 4 }),
    ]) {
      const handOvers = receipt.handOvers.map((h, i) => (i === 1 ? change(h) : h));
      rejects({ ...receipt, handOvers });
    }
  });

  it.each([
    ["pc", (h: HandOver) => ({ ...h, pc: h.pc + 4 })],
    ["clk", (h: HandOver) => ({ ...h, clk: h.clk - 4 })],
  ])(
    "a forced proof that hands over at another %s fails the CPU's hand-over constraints",
    (_, change) => {
      const f = fixture();
      f.w.handOvers[1] = change(f.w.handOvers[1]);
      expect(checkSegments(f.m, f.w, f.run.journal).toString()).toMatch(
        /hands over at end|starts at start/,
      );
      expect(() => forceAndVerify(f, witnessParts(f.m, f.keys, f.w), f.w.handOvers)).toThrow(
        /part 1: table rv.cpu: constraints do not hold/,
      );
    },
    300_000,
  );

  it("a middle segment that claims to stop, or a last one that claims to go on, fails the CPU's constraints", () => {
    const { m, run, keys, w } = fixture();
    const parts = witnessParts(m, keys, w);
    const setContinues = (k: number, v: number) => {
      const t = parts[k].tables[0];
      const pv = Uint32Array.from(t.publicValues!);
      pv[4] = v;
      parts[k].tables[0] = { ...t, publicValues: pv };
    };
    setContinues(1, 0);
    expect(checkParts(m, parts, run.journal).toString()).toMatch(/continues iff/);
    setContinues(1, 1);
    setContinues(parts.length - 1, 1);
    expect(checkParts(m, parts, run.journal).toString()).toMatch(/continues iff/);
    setContinues(parts.length - 1, 0);
    expect(checkParts(m, parts, run.journal).ok).toBe(true);
  });

  it("dropped, repeated or swapped segment proofs are rejected", () => {
    const { proofs, handOvers } = receipt;
    rejects({ ...receipt, proofs: proofs.slice(1), handOvers: handOvers.slice(1) });
    rejects({
      ...receipt,
      proofs: [proofs[0], ...proofs],
      handOvers: [handOvers[0], ...handOvers],
    });
    const swapped = [proofs[1], proofs[0], ...proofs.slice(2)];
    rejects({ ...receipt, proofs: swapped });
    rejects({ ...receipt, handOvers: handOvers.slice(1) }); // a count that does not match
  });

  it("a segment proof from another run of the same program is rejected", () => {
    const other = proveReceipt(program, { input: Uint8Array.of(1, 2, 3, 4), segmentCycles: SEG });
    const proofs = receipt.proofs.map((p, i) => (i === 1 ? other.receipt.proofs[1] : p));
    rejects({ ...receipt, proofs });
  });

  it("a forced proof of a segment whose register value was changed at the cut is rejected", () => {
    const f = fixture();
    const { m, w } = f;
    const cpu = w.segments[2][0];
    const col = m.airs[0].mainColumns.indexOf("rs1Lo");
    const values = cpu.main.values.slice();
    values[col] = (values[col] + 1) % 65536; // row 0: the first read of the segment
    w.segments[2] = [{ ...cpu, main: { ...cpu.main, values } }, ...w.segments[2].slice(1)];
    expect(checkSegments(m, w, f.run.journal).ok).toBe(false);
    expect(() => forceAndVerify(f, witnessParts(m, f.keys, w), w.handOvers)).toThrow(/rejected/);
  }, 300_000);

  it("a run cut short (later segments dropped, the last kept one proven as final) is rejected", () => {
    const f = fixture();
    const { m, w, keys } = f;
    // Prove only the first two segments as if the run ended there: segment 1 does not halt.
    const parts = witnessParts(m, keys, w);
    const early = [
      parts[0],
      { pk: keys.final, tables: [...parts[1].tables, ...parts.at(-1)!.tables.slice(8)] },
    ];
    const cpuPv = early[1].tables[0].publicValues!;
    early[1].tables[0] = {
      ...early[1].tables[0],
      publicValues: Uint32Array.of(cpuPv[0], cpuPv[1], 0, 0, 0),
    };
    expect(() => forceAndVerify(f, early, w.handOvers.slice(0, 1))).toThrow(/rejected/);
  }, 300_000);

  it("runs whose timestamps would reach 2^29 are refused before any checking", () => {
    const { vks } = fixture();
    const fake = { tables: [{ logHeight: 25, finalSum: [0, 0, 0, 0] }] } as unknown as StarkProof;
    const proofs = Array.from({ length: 4 }, () => fake);
    const handOvers = [1, 2, 3].map((i) => ({ pc: A.CODE_BASE, clk: i * 2 ** 27 }));
    expect(() => machineClaims(vks, A.CODE_BASE, proofs, handOvers)).toThrow(/2\^29/);
    expect(() => machineClaims(vks, A.CODE_BASE, proofs, handOvers.slice(1))).toThrow(
      /hand-over points/,
    );
    const small = proofs.map(() => ({
      tables: [{ logHeight: 10, finalSum: [0, 0, 0, 0] }],
    })) as unknown as StarkProof[];
    for (const bad of [-4, 0.5, 2013265921])
      expect(() =>
        machineClaims(vks, A.CODE_BASE, small, [...handOvers.slice(1), { pc: bad, clk: 8 }]),
      ).toThrow(/not a field element/);
  });

  it("the prover refuses, before proving, runs too long for the LogUp bound or the timestamps", () => {
    const { m, keys, w } = fixture();
    const parts = witnessParts(m, keys, w);
    expect(() => checkProvableSize(parts, 300)).not.toThrow();
    // The final part's tables, as if they were 2^22 rows high (heights only: nothing is read).
    const last = parts[parts.length - 1];
    const tall = {
      ...last,
      tables: last.tables.map((t) => ({ ...t, main: { ...t.main, height: 2 ** 22 } })),
    };
    expect(() => checkProvableSize([tall, tall], 2 ** 23)).not.toThrow();
    expect(() => checkProvableSize(Array(8).fill(tall), 2 ** 25)).toThrow(
      /too long to prove.*bus messages/,
    );
  });

  it("a one-part proof is the ordinary one-segment proof", () => {
    const { m, run, keys, vks, w } = fixture(2 ** 20);
    const [part] = witnessParts(m, keys, w);
    const single = prove(part.pk, part.tables, { external: journalMessages(run.journal) });
    verifyProgram(vks, m.entry, { proofs: [single], handOvers: [], journal: run.journal });
  }, 300_000);
});
