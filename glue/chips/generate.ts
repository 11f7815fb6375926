/**
 * Trace generation: turns a recorded run into the main trace of every chip.
 *
 * It replays the run's cycles against the decoded program, keeping its own register and memory
 * shadows and its own timestamps (the scheme of cpu/air.ts: clk = 4·cycle, accesses at
 * clk+1..clk+4, syscall accesses at clk+3), and each chip's trace.ts emits that chip's rows as it
 * goes, from one explicit state (state.ts). Every value a chip computes is compared with the
 * executor's, so a chip that disagrees with the executor fails here, loudly, before any proving
 * starts.
 *
 * The run is cut into segments of `segmentCycles` cycles (the last may be shorter): each segment
 * has its own CPU table and its own per-operation tables (ALU, load/store), with the CPU's
 * public values that chain it to the next; the shadows, timestamps and the byte/range counters
 * run on across segments, and the global tables (syscalls, io, memory boundary) cover the run.
 * This file is only the driver: it orders those phases.
 */
import type { Matrix } from "../../core/field/matrix.js";
import type { ChipTrace } from "../chip.js";
import type { Coprocessor, CoprocessorCall } from "../coprocessor.js";
import type { RecordedRun } from "../riscv/executor.js";
import { CoprocessorReplay } from "./coprocessor-calls.js";
import type { TraceContext } from "./context.js";
import { cpuCols } from "./cpu/columns.js";
import {
  closeCpuSegment,
  type CpuState,
  cpuFieldRows,
  cpuRow,
  endsHalted,
  openSegment,
  type OpenSegment,
} from "./cpu/trace.js";
import { newIoTrace } from "./io/trace.js";
import { boundaryEntries, boundaryTrace } from "./memory/trace.js";
import { type MachineImage, MachineShadow, TraceGenerationError } from "./state.js";
import { newSyscallTrace, syscallTable } from "./syscall/trace.js";
import { Lookups, MIN_HEIGHT } from "./table.js";

export { emitAlu } from "./cpu/trace.js";
export { type MachineImage, TraceGenerationError } from "./state.js";

/**
 * One segment: its CPU table (and its real rows), its per-operation tables' builders, its
 * coprocessor calls by coprocessor name, and the CPU's public values.
 */
export interface SegmentTraces {
  cpu: Matrix;
  cpuRows: number;
  ctx: TraceContext;
  calls: Map<string, CoprocessorCall[]>;
  cpuPublics: Uint32Array;
}

/** Every segment's tables, the global tables by chip name, and the shared counters. */
export interface GeneratedTraces {
  segments: SegmentTraces[];
  tables: Map<string, ChipTrace>;
  programCounts: Uint32Array;
  lookups: Lookups;
}

/**
 * Generates every chip's main trace for `run` (which must have terminated with exit code 0), in
 * segments of `segmentCycles` cycles.
 */
export function generateTraces(
  img: MachineImage,
  run: RecordedRun,
  input: Uint8Array,
  segmentCycles: number,
  coprocessors: readonly Coprocessor[] = [],
): GeneratedTraces {
  if (run.exitCode !== 0) {
    throw new TraceGenerationError(
      `the run exited with code ${run.exitCode}; only exit code 0 can be proven`,
    );
  }
  checkSegmentCycles(segmentCycles);
  const st = replayState(img, run, input, coprocessors);
  const segments = replaySegments(st, segmentCycles, coprocessors);
  st.coprocessors.finish();
  return { segments, tables: globalTables(st), programCounts: st.counts, lookups: st.lookups };
}

/** The replay's state before the first cycle: empty shadows, tables and counters. */
function replayState(
  img: MachineImage,
  run: RecordedRun,
  input: Uint8Array,
  coprocessors: readonly Coprocessor[],
): CpuState {
  return {
    img,
    shadow: new MachineShadow(img.image),
    lookups: new Lookups(),
    cycles: run.trace.cycles,
    fieldRows: cpuFieldRows(img),
    counts: new Uint32Array(Math.max(2, img.rows.length)),
    coprocessors: new CoprocessorReplay(run, coprocessors),
    syscalls: newSyscallTrace(newIoTrace(input)),
  };
}

/** Replays every cycle, one segment of `segmentCycles` rows after the other. */
function replaySegments(
  st: CpuState,
  segmentCycles: number,
  coprocessors: readonly Coprocessor[],
): SegmentTraces[] {
  const n = st.cycles.length;
  const names = coprocessors.map((c) => c.name);
  const open = (start: number) =>
    openSegment(start, Math.min(segmentCycles, n - start), st.lookups, names);
  const segments: SegmentTraces[] = [];
  let seg = open(0);
  for (let c = 0; c < n; c++) {
    if (c === seg.start + segmentCycles) {
      segments.push(closeSegment(seg, st.cycles.at("pc", c), 4 * c, 1));
      seg = open(c);
    }
    cpuRow(st, seg, c);
  }
  const last = closeSegment(seg, 0, 0, 0);
  if (!endsHalted(seg))
    throw new TraceGenerationError("the run does not end with a terminating ecall");
  segments.push(last);
  return segments;
}

/** A segment's traces, its CPU table padded, handing over at (endPc, endClk) if it continues. */
function closeSegment(
  seg: OpenSegment,
  endPc: number,
  endClk: number,
  continues: number,
): SegmentTraces {
  const cpuPublics = closeCpuSegment(seg, endPc, endClk, continues);
  const W = cpuCols.width;
  return {
    cpu: { values: seg.cpu, width: W, height: seg.cpu.length / W },
    cpuRows: seg.rows,
    ctx: seg.ctx,
    calls: seg.calls,
    cpuPublics,
  };
}

/** The tables that cover the whole run, built after the last cycle. */
function globalTables(st: CpuState): Map<string, ChipTrace> {
  const syscalls = syscallTable(st.syscalls, st.lookups);
  const entries = boundaryEntries(st.img.image, st.shadow);
  const io = st.syscalls.io.table;
  return new Map<string, ChipTrace>([
    ["rv.boundary", { main: boundaryTrace(st.lookups, entries), rows: entries.length }],
    ["rv.syscall", syscalls],
    ["rv.io", { main: io.finish(), rows: io.height }],
  ]);
}

/** Largest segment: a 2^22-row CPU table is already more than one proof's memory allows. */
export const MAX_SEGMENT_CYCLES = 2 ** 22;

/** Refuses a segment length that is not a power of two in [MIN_HEIGHT, MAX_SEGMENT_CYCLES]. */
export function checkSegmentCycles(segmentCycles: number): void {
  if (
    !Number.isInteger(segmentCycles) ||
    segmentCycles < MIN_HEIGHT ||
    segmentCycles > MAX_SEGMENT_CYCLES ||
    (segmentCycles & (segmentCycles - 1)) !== 0
  ) {
    throw new RangeError(
      `segment length ${segmentCycles} cycles: must be a power of two in [${MIN_HEIGHT}, 2^22]`,
    );
  }
}
