/**
 * One segment's witness from its checkpoint alone (glue/riscv/checkpoint.ts): the segment is
 * re-executed with recording from the checkpoint (`executeSegment`), and replayed by the same
 * chip trace builders as the sequential generator (glue/chips/generate.ts), starting from
 * shadows the checkpoint fills: registers with their timestamps, and the words the segment
 * touches with theirs. So segment i needs neither segments 0..i−1 nor their traces, and
 * segments can be generated in any order, in parallel, on other processes.
 *
 * Besides its tables, a segment returns a summary — what the global tables need of it: its
 * syscall and io rows, its program-row counts, its byte/range lookups, the final state of
 * everything it touched and the buffers its coprocessor calls wrote — all plain numbers and
 * typed arrays, so it crosses a process boundary as it is. glue/segment-globals.ts builds the
 * global tables from the summaries.
 */
import type { ChipTrace } from "./chip.js";
import { CoprocessorReplay } from "./chips/coprocessor-calls.js";
import { cpuCols } from "./chips/cpu/columns.js";
import {
  closeCpuSegment,
  type CpuState,
  cpuFieldRows,
  cpuRow,
  endsHalted,
  openSegment,
  type OpenSegment,
} from "./chips/cpu/trace.js";
import { newIoTrace } from "./chips/io/trace.js";
import { type MachineImage, MachineShadow, TraceGenerationError } from "./chips/state.js";
import { newSyscallTrace, type SyscallTrace } from "./chips/syscall/trace.js";
import { fe, Lookups } from "./chips/table.js";
import { writeRanges } from "./chips/writable/index.js";
import type { Machine } from "./machine.js";
import type { Checkpoint } from "./riscv/checkpoint.js";
import type { Program } from "./riscv/elf.js";
import { executeSegment, type SegmentRun } from "./riscv/executor.js";
import { type HandOver, segmentTrace } from "./segments.js";

/** The byte/range lookup counters as plain arrays (the fields of `Lookups`). */
export type LookupCounts = Pick<Lookups, "u16" | "u14" | "pair" | "and" | "or" | "xor">;

/** What the global tables need of one segment. */
export interface SegmentSummary {
  index: number;
  /** Where the next segment starts; absent for the last segment. */
  handOver?: HandOver;
  /** Executions per program row in this segment. */
  programCounts: Uint32Array;
  /** Lookups counted by this segment's tables and by its syscall and io rows. */
  lookups: LookupCounts;
  /** This segment's syscall-table rows (row-major, `syscallRows` rows). */
  syscall: Uint32Array;
  syscallRows: number;
  /** This segment's io-table rows (row-major, `ioRows` rows). */
  io: Uint32Array;
  ioRows: number;
  /** Memory-bus addresses of the words it touched, with their final values and timestamps. */
  words: Uint32Array;
  finalValues: Uint32Array;
  finalTs: Uint32Array;
  /** Registers and their timestamps after the segment. */
  regs: Uint32Array;
  regTs: Uint32Array;
  /** Buffers its coprocessor calls wrote: (first word index, word count) pairs. */
  writes: Uint32Array;
  /** Input bytes consumed and journal bytes written by the end of the segment. */
  inputPos: number;
  journalLength: number;
}

/** One segment's tables (the machine's segment chips, in table order) and its summary. */
export interface SegmentWitness {
  tables: ChipTrace[];
  summary: SegmentSummary;
}

const fieldRowsCache = new WeakMap<MachineImage, Uint32Array[]>();

/** `cpuFieldRows(img)`, computed once per image (every segment of a run shares it). */
function fieldRows(img: MachineImage): Uint32Array[] {
  let rows = fieldRowsCache.get(img);
  if (rows === undefined) fieldRowsCache.set(img, (rows = cpuFieldRows(img)));
  return rows;
}

/**
 * Generates the tables and the summary of the segment of `checkpoint`, for machine `m` running
 * `program` on private input `input` (the whole input; the checkpoint says where the segment
 * starts reading it).
 *
 * @example
 * const { checkpoints } = executeWithCheckpoints(program, 1 << 20, { input, coprocessors });
 * const { tables, summary } = segmentWitness(m, program, input, checkpoints[2]);
 */
export function segmentWitness(
  m: Machine,
  program: Program,
  input: Uint8Array,
  checkpoint: Checkpoint,
): SegmentWitness {
  const run = executeSegment(program, checkpoint, { input, coprocessors: m.coprocessors });
  if (checkpoint.last && run.exitCode !== 0) {
    throw new TraceGenerationError(
      `the run exited with code ${run.exitCode}; only exit code 0 can be proven`,
    );
  }
  const st = segmentState(m, run, input, checkpoint);
  const seg = replay(st, run, m, checkpoint);
  st.coprocessors.finish();
  const end = checkpoint.startCycle + checkpoint.cycles;
  const handOver = checkpoint.last ? undefined : { pc: run.nextPc, clk: 4 * end };
  const cpuPublics = closeCpuSegment(seg, handOver?.pc ?? 0, handOver?.clk ?? 0, handOver ? 1 : 0);
  const W = cpuCols.width;
  const traces = {
    cpu: { values: seg.cpu, width: W, height: seg.cpu.length / W },
    cpuRows: seg.rows,
    ctx: seg.ctx,
    calls: seg.calls,
    cpuPublics,
  };
  const tables = m.chips
    .filter((c) => c.scope === "segment")
    .map((c) => segmentTrace(c, traces, st.lookups));
  const writes = writeRanges(m.coprocessors, seg.calls).flatMap((r) => [r.w, r.n]);
  const summary: SegmentSummary = {
    index: checkpoint.index,
    handOver,
    programCounts: st.counts,
    lookups: st.lookups,
    ...rowsOf(st.syscalls),
    ...touched(st.shadow, checkpoint),
    regs: st.shadow.regs,
    regTs: st.shadow.regTs,
    writes: Uint32Array.from(writes),
    inputPos: st.syscalls.io.inputPos,
    journalLength: st.syscalls.jpos,
  };
  return { tables, summary };
}

/** The replay state at the segment's first cycle: shadows filled from the checkpoint. */
function segmentState(m: Machine, run: SegmentRun, input: Uint8Array, c: Checkpoint): CpuState {
  const shadow = new MachineShadow(m.image.image);
  shadow.regs.set(c.regs);
  shadow.regTs.set(c.regTs);
  for (let i = 0; i < c.words.length; i++) shadow.setWord(c.words[i], c.values[i], c.wordTs[i]);
  const io = newIoTrace(input);
  io.inputPos = c.inputPos;
  const syscalls = newSyscallTrace(io);
  syscalls.jpos = c.journalLength;
  return {
    img: m.image,
    shadow,
    lookups: new Lookups(),
    cycles: run.trace.cycles,
    fieldRows: fieldRows(m.image),
    counts: new Uint32Array(Math.max(2, m.image.rows.length)),
    coprocessors: new CoprocessorReplay(run, m.coprocessors),
    syscalls,
  };
}

/** Writes the segment's CPU rows (and everything they hand off); checks how it ends. */
function replay(st: CpuState, run: SegmentRun, m: Machine, c: Checkpoint): OpenSegment {
  const names = m.coprocessors.map((x) => x.name);
  const seg = openSegment(c.startCycle, c.cycles, st.lookups, names);
  const end = c.startCycle + c.cycles;
  for (let cycle = c.startCycle; cycle < end; cycle++) cpuRow(st, seg, cycle);
  if (c.last) {
    if (!endsHalted(seg))
      throw new TraceGenerationError("the run does not end with a terminating ecall");
  } else {
    // cpuRow checks nextPc against the next cycle's pc, which this segment did not record.
    const next = seg.cpu[(c.cycles - 1) * cpuCols.width + cpuCols.index.nextPc];
    if (next !== fe(run.nextPc)) {
      throw new TraceGenerationError(
        `cycle ${end - 1}: next pc differs from the executor's 0x${run.nextPc.toString(16)}`,
      );
    }
  }
  return seg;
}

/** The syscall and io rows the segment appended (exactly its own: its tables start empty). */
function rowsOf(
  sys: SyscallTrace,
): Pick<SegmentSummary, "syscall" | "syscallRows" | "io" | "ioRows"> {
  const t = sys.table;
  const io = sys.io.table;
  return {
    syscall: t.values.slice(0, t.height * t.width),
    syscallRows: t.height,
    io: io.values.slice(0, io.height * io.width),
    ioRows: io.height,
  };
}

/**
 * The words the segment touched with their final state. They must be exactly the checkpoint's
 * words: a word the replay touched that the checkpoint lacks would have had the wrong previous
 * value and timestamp, and a listed word it never touched means the checkpoint disagrees with
 * the memory argument about what an access is.
 */
function touched(
  shadow: MachineShadow,
  c: Checkpoint,
): Pick<SegmentSummary, "words" | "finalValues" | "finalTs"> {
  const n = c.words.length;
  if (shadow.memTs.size !== n) {
    throw new TraceGenerationError(
      `segment ${c.index}: the replay touched ${shadow.memTs.size} guest words, its checkpoint ` +
        `lists ${n}`,
    );
  }
  const words = new Uint32Array(n);
  const finalValues = new Uint32Array(n);
  const finalTs = new Uint32Array(n);
  let i = 0;
  for (const [a, ts] of shadow.memTs) {
    if (ts <= 4 * c.startCycle) {
      throw new TraceGenerationError(
        `segment ${c.index}: its checkpoint lists word 0x${(4 * (a - 32)).toString(16)}, ` +
          `which the segment never accesses`,
      );
    }
    words[i] = a;
    finalValues[i] = shadow.word(a);
    finalTs[i++] = ts;
  }
  return { words, finalValues, finalTs };
}
