/**
 * Chunks: a run cut into pieces of a fixed number of cycles, each proven by itself from the
 * memory image it starts at (glue/paging/README.md). A chunk's start state is everything a
 * machine holds — pc, registers, all of guest memory — and its cycles, timestamps, journal and
 * segments count from 0 inside it, so chunk i's proof does not depend on chunks 0..i−1's.
 *
 * `chunkStarts` runs the program once, fast, and records each chunk's start state (memory as
 * 1 KiB pages, only the nonzero ones). `executeChunkWithCheckpoints` runs one chunk from its
 * start state with a checkpoint at every segment boundary, so the chunk's segments are generated
 * exactly as a whole run's are (glue/segment-trace.ts), on any process.
 */
import { CheckpointRecorder, type Checkpoint } from "./checkpoint.js";
import type { Program } from "./elf.js";
import { DEFAULT_MAX_CYCLES, result, run, type RunResult } from "./executor.js";
import { PAGE_BITS } from "./memory.js";
import { MachineState, type RunOptions } from "./state.js";

/** Words per image page (1 KiB). */
const IMAGE_PAGE_WORDS = 256;
/** Image pages per executor page (64 KiB). */
const IMAGE_PAGES_PER_SLOT = (1 << (PAGE_BITS - 2)) / IMAGE_PAGE_WORDS;

/** The state a chunk starts from, and how far it runs. */
export interface ChunkStart {
  /** The chunk's number (0-based). */
  index: number;
  /** Its first cycle in the whole run (for messages and figures only: a chunk counts from 0). */
  startCycle: number;
  /** Its cycles. */
  cycles: number;
  /** Whether the run terminates on the chunk's last cycle. */
  last: boolean;
  pc: number;
  /** x0..x31 (as u32). */
  regs: Uint32Array;
  /** Guest memory: 1 KiB page number (byte address >> 10) → its 256 words; nonzero pages only. */
  pages: Map<number, Uint32Array>;
  /** Private-input bytes consumed before the chunk. */
  inputPos: number;
}

/**
 * The nonzero 1 KiB pages of `m`'s memory, copied — except those equal to `previous`'s page,
 * which are shared: a long run's chunk starts then hold each unchanged page once, not once per
 * chunk (the arrays are never written after the snapshot).
 */
export function memoryPages(
  m: MachineState,
  previous?: ReadonlyMap<number, Uint32Array>,
): Map<number, Uint32Array> {
  const pages = new Map<number, Uint32Array>();
  const { index, slots } = m.mem;
  for (let n = 0; n < index.length; n++) {
    if (index[n] === 0) continue;
    const slot = slots[index[n]];
    for (let k = 0; k < IMAGE_PAGES_PER_SLOT; k++) {
      const words = slot.subarray(k * IMAGE_PAGE_WORDS, (k + 1) * IMAGE_PAGE_WORDS);
      if (words.every((w) => w === 0)) continue;
      const page = n * IMAGE_PAGES_PER_SLOT + k;
      const before = previous?.get(page);
      const same = before !== undefined && before.every((w, i) => w === words[i] >>> 0);
      pages.set(page, same ? before : new Uint32Array(words));
    }
  }
  return pages;
}

/** `m`'s state as the start of chunk `index` at `startCycle` (pages shared with `previous`). */
function snapshot(
  m: MachineState,
  index: number,
  startCycle: number,
  previous?: ChunkStart,
): ChunkStart {
  return {
    index,
    startCycle,
    cycles: 0,
    last: false,
    pc: m.pc,
    regs: new Uint32Array(m.regs.subarray(0, 32)),
    pages: memoryPages(m, previous?.pages),
    inputPos: m.inputPos,
  };
}

/** The state `program` starts in: chunk 0's start, before anything has run. */
export function initialChunkStart(program: Program): ChunkStart {
  return snapshot(new MachineState(program, {}, null), 0, 0);
}

/** Refuses a chunk length that is not a positive integer. */
function checkChunkCycles(chunkCycles: number): void {
  if (!Number.isInteger(chunkCycles) || chunkCycles < 1)
    throw new RangeError(`chunk length ${chunkCycles} cycles: must be a positive integer`);
}

/**
 * Runs `program` to termination, fast, and returns its outcome and the start state of every
 * chunk of `chunkCycles` cycles (the last chunk holds the terminating cycle). `onChunk` sees each
 * start state as soon as its chunk has run (so a caller can hand chunks out while the run goes on).
 *
 * @example
 * const { chunks } = chunkStarts(program, 1 << 24, { input, coprocessors });
 */
export function chunkStarts(
  program: Program,
  chunkCycles: number,
  options: RunOptions = {},
  onChunk?: (c: ChunkStart) => void,
): RunResult & { chunks: ChunkStart[] } {
  checkChunkCycles(chunkCycles);
  const m = new MachineState(program, options, null);
  const maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
  const chunks: ChunkStart[] = [];
  for (;;) {
    const start = snapshot(m, chunks.length, m.cycle, chunks.at(-1));
    run(m, maxCycles, m.cycle + chunkCycles);
    start.cycles = m.cycle - start.startCycle;
    start.last = m.halted;
    chunks.push(start);
    onChunk?.(start);
    if (m.halted) break;
  }
  return { ...result(m), chunks };
}

/** A chunk's run: its outcome (journal: the chunk's bytes), checkpoints and where it ends. */
export interface ChunkRun extends RunResult {
  /** One per segment of the chunk, cycles counted from the chunk's start. */
  checkpoints: Checkpoint[];
  /** The pc after the chunk's last cycle (the next chunk's start; unused if it terminates). */
  nextPc: number;
}

/** A machine for `program` in the state `start` records, at cycle 0. */
export function chunkMachine(
  program: Program,
  start: ChunkStart,
  options: RunOptions,
  checkpoints: CheckpointRecorder | null,
): MachineState {
  if (start.regs.length !== 32)
    throw new RangeError(`chunk ${start.index}: needs 32 registers, has ${start.regs.length}`);
  const m = new MachineState(program, options, null);
  for (const slot of m.mem.slots) slot.fill(0); // the ELF's data is replaced by the image's
  for (const [page, words] of start.pages) {
    if (words.length !== IMAGE_PAGE_WORDS)
      throw new RangeError(`chunk ${start.index}: page ${page} has ${words.length} words`);
    const base = page * 4 * IMAGE_PAGE_WORDS;
    for (let i = 0; i < IMAGE_PAGE_WORDS; i++)
      if (words[i] !== 0) m.mem.storeWord(base + 4 * i, words[i]);
  }
  m.pc = start.pc;
  m.regs.set(start.regs);
  m.regs[0] = 0;
  m.inputPos = start.inputPos;
  m.checkpoints = checkpoints;
  return m;
}

/**
 * Runs chunk `start` alone (cycles from 0), fast, with a checkpoint at the start of every
 * segment of `segmentCycles` cycles; throws if it does not end as `start` says (terminating on
 * its last cycle, or running through it) — a start state of another program or input.
 *
 * @example
 * const run = executeChunkWithCheckpoints(program, chunks[2], 1 << 20, { input, coprocessors });
 */
export function executeChunkWithCheckpoints(
  program: Program,
  start: ChunkStart,
  segmentCycles: number,
  options: RunOptions = {},
): ChunkRun {
  const ck = new CheckpointRecorder(segmentCycles);
  const m = chunkMachine(program, start, options, ck);
  ck.open(0, m.pc, m.regs, m.inputPos, 0);
  run(m, options.maxCycles ?? DEFAULT_MAX_CYCLES, start.cycles);
  if (m.halted !== start.last || m.cycle !== start.cycles) {
    throw new Error(
      `chunk ${start.index} (${start.cycles} cycles from cycle ${start.startCycle}): it ` +
        `${m.halted ? `terminated after ${m.cycle} cycles` : `ran through its last cycle`}, ` +
        `but its start state says it ${start.last ? "terminates there" : "runs on"}`,
    );
  }
  const checkpoints = ck.finish(m.cycle);
  // A chunk that ends on a segment boundary opened one more, empty, checkpoint there; and
  // `finish` marks the chunk's last segment as the run's last, which it is only if it halts.
  if (checkpoints.length > 1 && checkpoints[checkpoints.length - 1].cycles === 0) checkpoints.pop();
  checkpoints[checkpoints.length - 1].last = m.halted;
  return { ...result(m), checkpoints, nextPc: m.pc };
}
