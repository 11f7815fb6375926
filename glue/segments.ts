/**
 * Continuations inside one receipt: a run is cut into segments of a fixed number of cycles, each
 * proven as its own part of a linked proof (core/stark/statement.ts), so that proving memory is
 * bounded by the segment length, not by the run's.
 *
 * What links the segments:
 * - memory and registers: timestamps are global (clk = 4·cycle over the whole run) and every bus
 *   balances across all parts at once, so a segment's reads are matched by the writes of earlier
 *   segments exactly as inside one table; the memory boundary table (initial and final values
 *   of every touched address) is proven once, in the last part;
 * - control: each CPU table's public values (startPc, startClk, endPc, endClk, continues). The
 *   verifier does not read them from the prover: it builds them from the entry point and the
 *   receipt's hand-over points (pc, clk), so segment i+1 starts exactly where segment i ends,
 *   the first starts at the entry at clk 0, every segment but the last continues and the last
 *   halts.
 * - timestamps stay below 2^29 (the memory argument's gap check relies on it): the verifier
 *   requires 4 × Σ CPU heights < 2^29.
 */
import { P } from "../core/field/babybear.js";
import type { Matrix } from "../core/field/matrix.js";
import { lookupCountBound } from "../core/lookup/bound.js";
import type { PartWitness } from "../core/stark/prover.js";
import type { ProvingKey, StarkProof, VerifyingKey } from "../core/stark/types.js";
import { type PartClaim, VerificationError } from "../core/stark/verifier.js";
import { bytesTrace } from "./chips/bytes/index.js";
import { CpuPublic } from "./chips/cpu/index.js";
import { generateTraces, type SegmentTraces } from "./chips/generate.js";
import { programTrace } from "./chips/program/index.js";
import { writableTrace, writeRanges, type WriteRange } from "./chips/writable/index.js";
import type { Chip, ChipTrace } from "./chip.js";
import { coprocessorTrace } from "./coprocessor-chip.js";
import type { Lookups } from "./chips/table.js";
import {
  type Machine,
  type MachineKeys,
  type MachineVerifyingKeys,
  tableIndex,
} from "./machine.js";
import type { RecordedRun } from "./riscv/executor.js";

/** The CPU is every machine's first table (machineChips). */
const CPU_TABLE = 0;

/** Default segment length: a 2^20-row CPU table, which one proof handles well in memory. */
export const DEFAULT_SEGMENT_CYCLES = 2 ** 20;

/** Where one segment hands over to the next: the next segment's first pc and clk. */
export interface HandOver {
  pc: number;
  clk: number;
}

/** Every table's trace of a run, by segment. */
export interface MachineWitness {
  /** Per segment, in cycle order: the segment chips' traces, in table order. */
  segments: ChipTrace[][];
  /** The hand-over points between consecutive segments (one fewer than segments). */
  handOvers: HandOver[];
  /** The global chips' traces, in table order. */
  global: ChipTrace[];
}

/** The trace of segment chip `chip` in segment `s` (a coprocessor's counts into `lookups`). */
export function segmentTrace(chip: Chip, s: SegmentTraces, lookups: Lookups): ChipTrace {
  if (chip.name === "rv.cpu") return { main: s.cpu, rows: s.cpuRows };
  if (chip.coprocessor !== undefined)
    return coprocessorTrace(chip, s.calls.get(chip.coprocessor.name) ?? [], lookups);
  const builder = s.ctx.get(chip.name, chip.air.mainWidth);
  return { main: builder.finish(), rows: builder.height };
}

/**
 * What the global tables are built from, after every segment's tables: the program table's
 * multiplicities, the byte/range lookups counted so far, the buffers coprocessors wrote, and the
 * tables trace generation already finished (boundary, syscall, io) by chip name.
 */
export interface GlobalInputs {
  programCounts: Uint32Array;
  lookups: Lookups;
  writeRanges: WriteRange[];
  tables: Map<string, ChipTrace>;
}

/** The trace of global chip `chip`. */
function globalTrace(m: Machine, chip: Chip, g: GlobalInputs): ChipTrace {
  const fixed = m.preprocessed[tableIndex(m, chip.name)];
  switch (chip.name) {
    case "rv.program":
      return { main: programTrace(fixed!.height, g.programCounts), rows: m.image.rows.length };
    case "rv.image":
      return {
        main: { values: new Uint32Array(fixed!.height), width: 1, height: fixed!.height },
        rows: m.image.image.size,
      };
    case "rv.bytes":
      return { main: bytesTrace(g.lookups), rows: fixed!.height };
    case "rv.writable":
      return writableTrace(g.writeRanges, m.image.text, g.lookups);
    default: {
      const t = g.tables.get(chip.name);
      if (t === undefined) throw new Error(`no trace generation for global table ${chip.name}`);
      return t;
    }
  }
}

/**
 * The global chips' traces in table order. The byte table counts every other table's lookups,
 * so it is built last.
 */
export function globalTraces(m: Machine, g: GlobalInputs): ChipTrace[] {
  const globals = m.chips.filter((c) => c.scope === "global");
  const traces = new Map<Chip, ChipTrace>();
  for (const c of globals) if (c.name !== "rv.bytes") traces.set(c, globalTrace(m, c, g));
  return globals.map((c) => traces.get(c) ?? globalTrace(m, c, g));
}

/** Generates every table of a recorded run, in segments of `segmentCycles` cycles. */
export function machineWitness(
  m: Machine,
  run: RecordedRun,
  input: Uint8Array = new Uint8Array(0),
  segmentCycles: number = DEFAULT_SEGMENT_CYCLES,
): MachineWitness {
  const g = generateTraces(m.image, run, input, segmentCycles, m.coprocessors);
  const segmentChips = m.chips.filter((c) => c.scope === "segment");
  const segments = g.segments.map((s) => segmentChips.map((c) => segmentTrace(c, s, g.lookups)));
  const handOvers = g.segments.slice(0, -1).map((s) => ({
    pc: s.cpuPublics[CpuPublic.endPc],
    clk: s.cpuPublics[CpuPublic.endClk],
  }));
  const global = globalTraces(m, {
    programCounts: g.programCounts,
    lookups: g.lookups,
    writeRanges: g.segments.flatMap((s) => writeRanges(m.coprocessors, s.calls)),
    tables: g.tables,
  });
  return { segments, handOvers, global };
}

/** The tables of the last part (its segment's, then the global ones), in table order. */
export function finalTables(w: MachineWitness): Matrix[] {
  return [...w.segments[w.segments.length - 1], ...w.global].map((t) => t.main);
}

/**
 * The CPU public values of every segment, as the verifier builds them: the first segment starts
 * at (entry, 0), each next one where the previous hands over; only the last does not continue —
 * unless `end` is given: then the last hands over there too (a chunk that runs on).
 */
export function cpuPublicValues(
  entry: number,
  handOvers: readonly HandOver[],
  end?: HandOver,
): Uint32Array[] {
  const starts = [{ pc: entry, clk: 0 }, ...handOvers];
  const ends = end === undefined ? handOvers : [...handOvers, end];
  return starts.map((s, i) => {
    const end = ends[i];
    return end
      ? Uint32Array.of(s.pc, s.clk, end.pc, end.clk, 1)
      : Uint32Array.of(s.pc, s.clk, 0, 0, 0);
  });
}

/** Public values of every table of a part: the CPU's (table 0), and none for the others. */
function partPublics(cpu: Uint32Array, tables: number): Uint32Array[] {
  return Array.from({ length: tables }, (_, i) => (i === CPU_TABLE ? cpu : new Uint32Array(0)));
}

/** The public values of every table of a machine part whose CPU has public values `cpu`. */
export function machinePartPublics(vk: VerifyingKey, cpu: Uint32Array): Uint32Array[] {
  return partPublics(cpu, vk.airs.length);
}

/**
 * One part of a machine proof: its key (segment or final), its tables, its CPU public values;
 * errors name it by its segment (from 0 here, from 1 in messages).
 */
export function machinePart(
  pk: ProvingKey,
  mains: readonly Matrix[],
  cpu: Uint32Array,
  segment: number,
): PartWitness {
  const pv = partPublics(cpu, mains.length);
  return {
    pk,
    tables: mains.map((main, t) => ({ main, publicValues: pv[t] })),
    label: `segment ${segment + 1}`, // as progress lines count them
  };
}

/** The witness as the parts of a linked proof (segment key for all but the last). */
export function witnessParts(m: Machine, keys: MachineKeys, w: MachineWitness): PartWitness[] {
  const publics = cpuPublicValues(m.entry, w.handOvers);
  const last = w.segments.length - 1;
  return w.segments.map((tables, i) =>
    i === last
      ? machinePart(keys.final, finalTables(w), publics[i], i)
      : machinePart(
          keys.segment,
          tables.map((t) => t.main),
          publics[i],
          i,
        ),
  );
}

/**
 * Whether `cpuRows` CPU rows in all keep every timestamp below 2^29 (clk = 4·row, accesses at
 * clk + 1 … clk + 4), as the memory argument's gap checks need. Prover and verifier both ask.
 */
function timestampsFit(cpuRows: number): boolean {
  return 4 * cpuRows + 4 < 2 ** 29;
}

/**
 * Refuses, before any proving, a run whose parts the verifier would refuse for their size: the
 * CPU rows of all segments must keep timestamps below 2^29, and Σ interactions × height over all
 * parts must stay below p (the LogUp multiplicity bound; 50–65 million cycles, by workload).
 */
export function checkProvableSize(parts: readonly PartWitness[], cycles: number): void {
  checkProvableHeights(
    parts.map((p) => ({ vk: p.pk.vk, logHeights: p.tables.map((t) => Math.log2(t.main.height)) })),
    cycles,
  );
}

/** `checkProvableSize` from each part's key and table heights (log2) alone. */
export function checkProvableHeights(
  parts: readonly { vk: VerifyingKey; logHeights: readonly number[] }[],
  cycles: number,
): void {
  const rows = parts.reduce((n, p) => n + 2 ** p.logHeights[CPU_TABLE], 0);
  const tables = parts.flatMap((p) =>
    p.logHeights.map((h, i) => ({ air: p.vk.airs[i], height: 2 ** h })),
  );
  const { ok, total } = lookupCountBound(tables);
  if (!timestampsFit(rows) || !ok) {
    throw new RangeError(
      `the run is too long to prove: ${cycles} cycles make ${rows} CPU rows (timestamps need ` +
        `4 × rows < 2^29) and ${total} bus messages (LogUp needs fewer than p = ${P})`,
    );
  }
}

/**
 * The verifier's claims for the parts of a machine proof, from the keys, the entry point and the
 * hand-over points; refuses shapes that cannot be a chain of segments.
 */
export function machineClaims(
  keys: MachineVerifyingKeys,
  entry: number,
  proofs: readonly StarkProof[],
  handOvers: readonly HandOver[],
  end?: HandOver,
): PartClaim[] {
  if (proofs.length === 0) throw new VerificationError("a machine proof has at least one part");
  if (handOvers.length !== proofs.length - 1) {
    throw new VerificationError(
      `${proofs.length} segments need ${proofs.length - 1} hand-over points, not ${handOvers.length}`,
    );
  }
  [...handOvers, ...(end ? [end] : [])].forEach(({ pc, clk }, i) => {
    for (const x of [pc, clk])
      if (!Number.isInteger(x) || x < 0 || x >= P)
        throw new VerificationError(`hand-over ${i}: ${x} is not a field element`);
  });
  let rows = 0;
  for (const p of proofs) {
    const logHeight = p?.tables?.[CPU_TABLE]?.logHeight;
    if (!Number.isInteger(logHeight) || logHeight < 0 || logHeight > 30)
      throw new VerificationError("a segment's CPU height is missing or out of range");
    rows += 2 ** logHeight;
  }
  if (!timestampsFit(rows)) {
    throw new VerificationError(
      `${rows} CPU rows in all: timestamps would reach 2^29 (the memory argument's bound)`,
    );
  }
  const publics = cpuPublicValues(entry, handOvers, end);
  const last = proofs.length - 1;
  return proofs.map((proof, i) => {
    const vk = i === last ? keys.final : keys.segment;
    return { vk, proof, publicValues: partPublics(publics[i], vk.airs.length) };
  });
}
