/**
 * The global tables (program, image, memory boundary, bytes, syscall, io, writable) from the
 * segments' summaries (glue/segment-trace.ts), without a second replay of the run: counts and
 * lookups add up, syscall and io rows concatenate in segment order, and the memory boundary
 * takes each address's state from the last segment that touched it. The result equals, byte for
 * byte, what the sequential generator (glue/segments.ts `machineWitness`) builds.
 *
 * `witnessFromCheckpoints` puts it together in one process: the fast run with checkpoints, each
 * segment from its checkpoint, then the global tables.
 */
import type { ChipTrace } from "./chip.js";
import { boundaryEntries, boundaryTrace } from "./chips/memory/trace.js";
import { MachineShadow, TraceGenerationError } from "./chips/state.js";
import { syscallCols } from "./chips/syscall/columns.js";
import { newSyscallTrace, syscallTable } from "./chips/syscall/trace.js";
import { ioCols } from "./chips/io/columns.js";
import { newIoTrace } from "./chips/io/trace.js";
import { Lookups, TableBuilder } from "./chips/table.js";
import type { WriteRange } from "./chips/writable/index.js";
import type { Machine } from "./machine.js";
import type { Checkpoint } from "./riscv/checkpoint.js";
import type { Program } from "./riscv/elf.js";
import { executeWithCheckpoints } from "./riscv/executor.js";
import { segmentWitness, type LookupCounts, type SegmentSummary } from "./segment-trace.js";
import { DEFAULT_SEGMENT_CYCLES, globalTraces, type MachineWitness } from "./segments.js";
import { checkSegmentCycles } from "./chips/generate.js";
import { chunkImageMap, pagingTables, type PagingTables } from "./paging/chunk-tables.js";
import type { PageTree } from "./paging/tree.js";
import type { ChunkStart } from "./riscv/chunks.js";

const LOOKUP_TABLES = ["u16", "u14", "pair", "and", "or", "xor"] as const;

/** Adds `from`'s lookup counts into `to`. */
function addLookups(to: Lookups, from: LookupCounts): void {
  for (const k of LOOKUP_TABLES) {
    const a = to[k];
    const b = from[k];
    for (let i = 0; i < a.length; i++) a[i] += b[i];
  }
}

/** A table builder holding `parts`' rows one after the other. */
function concatRows(width: number, parts: { rows: Uint32Array; height: number }[]): TableBuilder {
  const height = parts.reduce((n, p) => n + p.height, 0);
  const t = new TableBuilder(width, height);
  for (const p of parts) (t.values.set(p.rows, t.height * width), (t.height += p.height));
  return t;
}

/** Where the summarized segments start: a run's entry, or a chunk's start state. */
interface Origin {
  pc: number;
  inputPos: number;
  /** The initial memory (memory-bus address → nonzero word). */
  image: ReadonlyMap<number, number>;
  /** Whether the last segment hands over (a chunk that does not terminate). */
  continues: boolean;
}

/**
 * Checks that the summaries are those of one run's segments, in order: numbered 0..n−1, each
 * but the last handing over (the last too if `origin` continues), io positions continuing where
 * the previous segment stopped.
 */
function checkChain(
  origin: Origin,
  summaries: readonly SegmentSummary[],
  checkpoints: readonly Checkpoint[],
) {
  if (summaries.length === 0) throw new TraceGenerationError("a run has at least one segment");
  if (checkpoints.length !== summaries.length)
    throw new TraceGenerationError(
      `${summaries.length} summaries for ${checkpoints.length} checkpoints`,
    );
  // The run starts at its origin, cycle 0, with an empty journal; later checkpoints are held to
  // where the previous segment stopped, this one to the start.
  const first = checkpoints[0];
  if (
    first.startCycle !== 0 ||
    first.pc !== origin.pc ||
    first.inputPos !== origin.inputPos ||
    first.journalLength !== 0
  )
    throw new TraceGenerationError(
      `checkpoint 0 does not start the run (cycle ${first.startCycle}, pc 0x${first.pc.toString(16)}, input at ${first.inputPos}, journal ${first.journalLength} bytes; expected cycle 0, pc 0x${origin.pc.toString(16)}, ${origin.inputPos}, 0)`,
    );
  summaries.forEach((s, i) => {
    const last = i === summaries.length - 1;
    if (s.index !== i) throw new TraceGenerationError(`summary ${i} is segment ${s.index}'s`);
    if ((s.handOver === undefined) !== (last && !origin.continues))
      throw new TraceGenerationError(
        `segment ${i}: ${last && !origin.continues ? "the last segment must terminate" : "must hand over"}`,
      );
    if (checkpoints[i].index !== i)
      throw new TraceGenerationError(`checkpoint ${i} is segment ${checkpoints[i].index}'s`);
    const next = checkpoints[i + 1];
    if (next !== undefined) {
      if (s.inputPos !== next.inputPos || s.journalLength !== next.journalLength)
        throw new TraceGenerationError(
          `segment ${i}: io positions disagree with checkpoint ${i + 1}`,
        );
      if (s.handOver!.pc !== next.pc || s.handOver!.clk !== 4 * next.startCycle)
        throw new TraceGenerationError(
          `segment ${i}: hands over elsewhere than checkpoint ${i + 1}`,
        );
    }
  });
}

/**
 * The final state of every touched address: each from the last segment that touched it. On the
 * way, each segment's checkpoint must start from the state the segments before it left (every
 * register, every word it lists, with its timestamp): a checkpoint that does not would give a
 * segment whose memory accesses do not balance with the others', so it is refused here, naming
 * the segment and the address.
 */
function finalShadow(
  image: ReadonlyMap<number, number>,
  summaries: readonly SegmentSummary[],
  checkpoints: readonly Checkpoint[],
): MachineShadow {
  const shadow = new MachineShadow(image);
  summaries.forEach((s, k) => {
    const c = checkpoints[k];
    for (let r = 0; r < 32; r++) {
      if (c.regs[r] !== shadow.regs[r] || c.regTs[r] !== shadow.regTs[r])
        throw new TraceGenerationError(`checkpoint ${k}: register x${r} differs from the run's`);
    }
    for (let i = 0; i < c.words.length; i++) {
      const a = c.words[i];
      if (c.values[i] !== shadow.word(a) || c.wordTs[i] !== shadow.wordTs(a)) {
        throw new TraceGenerationError(
          `checkpoint ${k}: word 0x${(4 * (a - 32)).toString(16)} differs from the run's`,
        );
      }
    }
    for (let i = 0; i < s.words.length; i++)
      shadow.setWord(s.words[i], s.finalValues[i], s.finalTs[i]);
    shadow.regs.set(s.regs);
    shadow.regTs.set(s.regTs);
  });
  return shadow;
}

/**
 * The global chips' traces, in table order, from every segment's summary and checkpoint (in
 * segment order); the checkpoints are checked against the state the summaries hand over.
 *
 * @example
 * const segs = checkpoints.map((c) => segmentWitness(m, program, input, c));
 * const global = globalsFromSummaries(m, segs.map((s) => s.summary), checkpoints);
 */
export function globalsFromSummaries(
  m: Machine,
  summaries: readonly SegmentSummary[],
  checkpoints: readonly Checkpoint[],
): ChipTrace[] {
  const origin = { pc: m.entry, inputPos: 0, image: m.image.image, continues: false };
  return globalsWith(m, origin, summaries, checkpoints, (shadow, lookups) => {
    const entries = boundaryEntries(m.image.image, shadow);
    return new Map([
      ["rv.boundary", { main: boundaryTrace(lookups, entries), rows: entries.length }],
    ]);
  });
}

/**
 * The global chips' traces of a chunk machine's proof of chunk `start` (glue/paging), whose
 * start image has page tree `startTree`, from its segments' summaries and checkpoints; and the
 * end image's page tree with the number of pages paged in and out.
 */
export function chunkGlobalsFromSummaries(
  m: Machine,
  summaries: readonly SegmentSummary[],
  checkpoints: readonly Checkpoint[],
  start: ChunkStart,
  startTree: PageTree,
): { global: ChipTrace[]; endTree: PageTree; pages: number[] } {
  if (!m.paged) throw new Error("chunk globals need a chunk machine (buildMachine paged: true)");
  const image = chunkImageMap(start);
  const origin = { pc: start.pc, inputPos: start.inputPos, image, continues: !start.last };
  let paging: PagingTables | undefined;
  const global = globalsWith(m, origin, summaries, checkpoints, (shadow, lookups) => {
    paging = pagingTables(start, startTree, shadow, lookups);
    return paging.tables;
  });
  return { global, endTree: paging!.endTree, pages: paging!.pages };
}

/**
 * The global tables from the summaries, with the memory tables `memory` builds from the final
 * shadow (after the syscall table's lookups, as the sequential generator orders them).
 */
function globalsWith(
  m: Machine,
  origin: Origin,
  summaries: readonly SegmentSummary[],
  checkpoints: readonly Checkpoint[],
  memory: (shadow: MachineShadow, lookups: Lookups) => Map<string, ChipTrace>,
): ChipTrace[] {
  checkChain(origin, summaries, checkpoints);
  const lookups = new Lookups();
  const programCounts = new Uint32Array(Math.max(2, m.image.rows.length));
  const writeRanges: WriteRange[] = [];
  for (const s of summaries) {
    addLookups(lookups, s.lookups);
    for (let i = 0; i < programCounts.length; i++) programCounts[i] += s.programCounts[i];
    for (let i = 0; i < s.writes.length; i += 2)
      writeRanges.push({ w: s.writes[i], n: s.writes[i + 1] });
  }
  const sys = newSyscallTrace(newIoTrace(new Uint8Array(0)));
  const syscallRows = concatRows(
    syscallCols.width,
    summaries.map((s) => ({ rows: s.syscall, height: s.syscallRows })),
  );
  const io = concatRows(
    ioCols.width,
    summaries.map((s) => ({ rows: s.io, height: s.ioRows })),
  );
  // The same order of lookups as the sequential generator's: syscall gaps, then the boundary.
  const syscall = syscallTable({ ...sys, table: syscallRows }, lookups);
  const tables = memory(finalShadow(origin.image, summaries, checkpoints), lookups);
  tables.set("rv.syscall", syscall);
  tables.set("rv.io", { main: io.finish(), rows: io.height });
  return globalTraces(m, { programCounts, lookups, writeRanges, tables });
}

/**
 * Every table of a run, as `machineWitness` builds them, but from checkpoints: one fast run
 * records them, each segment is generated from its own, the global tables from the summaries.
 * Throws as `machineWitness` does for a run that did not exit with code 0.
 *
 * @example
 * const w = witnessFromCheckpoints(m, program, input, 1 << 20);
 */
export function witnessFromCheckpoints(
  m: Machine,
  program: Program,
  input: Uint8Array = new Uint8Array(0),
  segmentCycles: number = DEFAULT_SEGMENT_CYCLES,
): MachineWitness {
  checkSegmentCycles(segmentCycles);
  const run = executeWithCheckpoints(program, segmentCycles, {
    input,
    coprocessors: m.coprocessors,
  });
  if (run.exitCode !== 0) {
    throw new TraceGenerationError(
      `the run exited with code ${run.exitCode}; only exit code 0 can be proven`,
    );
  }
  const segs = run.checkpoints.map((c) => segmentWitness(m, program, input, c));
  const summaries = segs.map((s) => s.summary);
  return {
    segments: segs.map((s) => s.tables),
    handOvers: summaries.slice(0, -1).map((s) => s.handOver!),
    global: globalsFromSummaries(m, summaries, run.checkpoints),
  };
}
