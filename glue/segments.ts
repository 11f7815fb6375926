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
import type { StarkProof } from "../core/stark/types.js";
import { type PartClaim, VerificationError } from "../core/stark/verifier.js";
import { bytesTrace } from "./chips/bytes.js";
import { CpuPublic } from "./chips/cpu.js";
import { generateTraces } from "./chips/generate.js";
import { programTrace } from "./chips/program.js";
import {
  GLOBAL_TABLES,
  type Machine,
  type MachineKeys,
  type MachineVerifyingKeys,
  SEGMENT_TABLES,
  tableIndex,
} from "./machine.js";
import type { RecordedRun } from "./riscv/executor.js";

/** Default segment length: a 2^20-row CPU table, which one proof handles well in memory. */
export const DEFAULT_SEGMENT_CYCLES = 2 ** 20;

/** Where one segment hands over to the next: the next segment's first pc and clk. */
export interface HandOver {
  pc: number;
  clk: number;
}

/** Every table's trace of a run, by segment. */
export interface MachineWitness {
  /** Per segment, in cycle order: the SEGMENT_TABLES' traces. */
  segments: Matrix[][];
  /** The hand-over points between consecutive segments (one fewer than segments). */
  handOvers: HandOver[];
  /** The GLOBAL_TABLES' traces. */
  global: Matrix[];
}

/** Generates every table of a recorded run, in segments of `segmentCycles` cycles. */
export function machineWitness(
  m: Machine,
  run: RecordedRun,
  input: Uint8Array = new Uint8Array(0),
  segmentCycles: number = DEFAULT_SEGMENT_CYCLES,
): MachineWitness {
  const g = generateTraces(m.image, run, input, segmentCycles);
  const segments = g.segments.map((s) =>
    SEGMENT_TABLES.map((name) =>
      name === "rv.cpu" ? s.cpu : s.ctx.get(name, m.airs[tableIndex(name)].mainWidth).finish(),
    ),
  );
  const handOvers = g.segments.slice(0, -1).map((s) => ({
    pc: s.cpuPublics[CpuPublic.endPc],
    clk: s.cpuPublics[CpuPublic.endClk],
  }));
  const image = m.preprocessed[tableIndex("rv.image")]!;
  const global = GLOBAL_TABLES.map((name): Matrix => {
    if (name === "rv.program")
      return programTrace(m.preprocessed[tableIndex(name)]!.height, g.programCounts);
    if (name === "rv.image")
      return { values: new Uint32Array(image.height), width: 1, height: image.height };
    if (name === "rv.bytes") return bytesTrace(g.lookups);
    return g.tables.get(name)!;
  });
  return { segments, handOvers, global };
}

/** The tables of the last part (its segment's, then the global ones), in `TABLES` order. */
export function finalTables(w: MachineWitness): Matrix[] {
  return [...w.segments[w.segments.length - 1], ...w.global];
}

/**
 * The CPU public values of every segment, as the verifier builds them: the first segment starts
 * at (entry, 0), each next one where the previous hands over; only the last does not continue.
 */
export function cpuPublicValues(entry: number, handOvers: readonly HandOver[]): Uint32Array[] {
  const starts = [{ pc: entry, clk: 0 }, ...handOvers];
  return starts.map((s, i) => {
    const end = handOvers[i];
    return end
      ? Uint32Array.of(s.pc, s.clk, end.pc, end.clk, 1)
      : Uint32Array.of(s.pc, s.clk, 0, 0, 0);
  });
}

/** Public values of every table of a part: the CPU's, and none for the others. */
function partPublics(cpu: Uint32Array, tables: number): Uint32Array[] {
  return Array.from({ length: tables }, (_, i) =>
    i === tableIndex("rv.cpu") ? cpu : new Uint32Array(0),
  );
}

/** The witness as the parts of a linked proof (segment key for all but the last). */
export function witnessParts(m: Machine, keys: MachineKeys, w: MachineWitness): PartWitness[] {
  const publics = cpuPublicValues(m.entry, w.handOvers);
  const last = w.segments.length - 1;
  return w.segments.map((tables, i) => {
    const all = i === last ? finalTables(w) : tables;
    const pv = partPublics(publics[i], all.length);
    return {
      pk: i === last ? keys.final : keys.segment,
      tables: all.map((main, t) => ({ main, publicValues: pv[t] })),
    };
  });
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
 * parts must stay below p (the LogUp multiplicity bound; about 50 million cycles).
 */
export function checkProvableSize(parts: readonly PartWitness[], cycles: number): void {
  const cpu = tableIndex("rv.cpu");
  const rows = parts.reduce((n, p) => n + p.tables[cpu].main.height, 0);
  const tables = parts.flatMap((p) =>
    p.tables.map((t, i) => ({ air: p.pk.vk.airs[i], height: t.main.height })),
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
): PartClaim[] {
  if (proofs.length === 0) throw new VerificationError("a machine proof has at least one part");
  if (handOvers.length !== proofs.length - 1) {
    throw new VerificationError(
      `${proofs.length} segments need ${proofs.length - 1} hand-over points, not ${handOvers.length}`,
    );
  }
  handOvers.forEach(({ pc, clk }, i) => {
    for (const x of [pc, clk])
      if (!Number.isInteger(x) || x < 0 || x >= P)
        throw new VerificationError(`hand-over ${i}: ${x} is not a field element`);
  });
  let rows = 0;
  for (const p of proofs) {
    const logHeight = p?.tables?.[tableIndex("rv.cpu")]?.logHeight;
    if (!Number.isInteger(logHeight) || logHeight < 0 || logHeight > 30)
      throw new VerificationError("a segment's CPU height is missing or out of range");
    rows += 2 ** logHeight;
  }
  if (!timestampsFit(rows)) {
    throw new VerificationError(
      `${rows} CPU rows in all: timestamps would reach 2^29 (the memory argument's bound)`,
    );
  }
  const publics = cpuPublicValues(entry, handOvers);
  const last = proofs.length - 1;
  return proofs.map((proof, i) => {
    const vk = i === last ? keys.final : keys.segment;
    return { vk, proof, publicValues: partPublics(publics[i], vk.airs.length) };
  });
}
