/**
 * Checkpoints: the state of a run at the start of each segment, recorded by the fast executor
 * (`executeWithCheckpoints`), from which the recording executor (`executeSegment`) and trace
 * generation rebuild that one segment without replaying the ones before it.
 *
 * What a segment's trace needs besides the program and the private input:
 * - pc, the first cycle, registers x0..x31;
 * - the memory argument's state: every access receives the previous (value, timestamp) of its
 *   address, so the checkpoint holds each register's last-access timestamp and, for every guest
 *   word the segment touches, its value and last-access timestamp before the segment. Only those
 *   words: a segment never reads memory it does not touch, so the checkpoint is bounded by the
 *   segment's accesses, not by the guest's memory;
 * - the io positions (input bytes consumed, journal bytes written), which the syscall and io
 *   tables number their bytes by.
 * Coprocessors hold no state between calls (a call's `execute` sees only guest memory), so they
 * need nothing here.
 *
 * Timestamps follow the memory argument (glue/chips/README.md), not the executor's recording
 * (riscv/trace.ts), where they differ: besides rs1 at clk + 1, rs2 at clk + 2, the memory word at
 * clk + 3 and rd at clk + 4, the syscall table reads a1 and a2 at clk + 3 on every write/read,
 * and a coprocessor's table reads its register arguments a1.. at clk + 3.
 *
 * A checkpoint is plain numbers and typed arrays, so it crosses a process boundary as it is
 * (structured clone) or as bytes (`encodeCheckpoint`).
 */
import { TimestampPages } from "./trace.js";

/** The state of a run at the first cycle of one segment, and what that segment touches. */
export interface Checkpoint {
  /** The segment's number (0-based). */
  index: number;
  /** Its first cycle; the CPU's clk there is 4 × startCycle. */
  startCycle: number;
  /** Its cycles (rows of its CPU table). */
  cycles: number;
  /** Whether the run terminates in this segment (on its last cycle). */
  last: boolean;
  pc: number;
  /** x0..x31 (as u32). */
  regs: Uint32Array;
  /** Each register's last-access timestamp before the segment (0 = initial). */
  regTs: Uint32Array;
  /** Memory-bus addresses (32 + word index) of the guest words the segment touches, first-touch order. */
  words: Uint32Array;
  /** Their values before the segment. */
  values: Uint32Array;
  /** Their last-access timestamps before the segment (0 = the initial image). */
  wordTs: Uint32Array;
  /** Private-input bytes consumed before the segment. */
  inputPos: number;
  /** Journal bytes written before the segment. */
  journalLength: number;
}

/** Grows a Uint32Array list by doubling (no per-element allocation). */
class U32List {
  data = new Uint32Array(256);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }

  take(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/** A segment whose state is recorded but whose touched words are still being collected. */
interface OpenCheckpoint {
  head: Omit<Checkpoint, "words" | "values" | "wordTs" | "cycles" | "last">;
  words: U32List;
  values: U32List;
  wordTs: U32List;
}

/**
 * The fast executor's checkpoint state: the memory argument's timestamps of every register and
 * guest word, and the checkpoints so far. The executor calls `word` on every guest-word access,
 * `regTs` is written by its loop, and `open` at each segment's first cycle.
 */
export class CheckpointRecorder {
  /** Last-access timestamp per register (index 32: the scratch register of writes to x0). */
  readonly regTs = new Uint32Array(33);
  private readonly memTs = new TimestampPages();
  private readonly done: Checkpoint[] = [];
  private current: OpenCheckpoint | null = null;
  /** Accesses at timestamps above this one belong to the current segment (4 × its first cycle). */
  private segmentTs = 0;

  constructor(readonly segmentCycles: number) {}

  /** Starts the checkpoint of the segment that begins at `cycle` (closing the previous one). */
  open(cycle: number, pc: number, regs: Int32Array, inputPos: number, journalLength: number): void {
    this.close(cycle, false);
    this.segmentTs = 4 * cycle;
    this.current = {
      head: {
        index: this.done.length,
        startCycle: cycle,
        pc,
        regs: new Uint32Array(regs.subarray(0, 32)),
        regTs: this.regTs.slice(0, 32),
        inputPos,
        journalLength,
      },
      words: new U32List(),
      values: new U32List(),
      wordTs: new U32List(),
    };
  }

  /**
   * An access at `ts` to the guest word at byte address `addr` (4-aligned) holding `old` before
   * it: the first access of the segment adds the word to its checkpoint.
   */
  word(addr: number, old: number, ts: number): void {
    const prev = this.memTs.swap(addr, ts);
    if (prev > this.segmentTs) return;
    const c = this.current!;
    c.words.push(32 + (addr >>> 2));
    c.values.push(old >>> 0);
    c.wordTs.push(prev);
  }

  /** Registers a1.. read by the syscall or coprocessor table at `ts` (see the module comment). */
  syscallRegisters(count: number, ts: number): void {
    for (let r = 11; r < 11 + count; r++) this.regTs[r] = ts;
  }

  /** The checkpoints, once the run has terminated at cycle `end` (exclusive). */
  finish(end: number): Checkpoint[] {
    this.close(end, true);
    return this.done;
  }

  private close(end: number, last: boolean): void {
    const c = this.current;
    if (c === null) return;
    this.done.push({
      ...c.head,
      cycles: end - c.head.startCycle,
      last,
      words: c.words.take(),
      values: c.values.take(),
      wordTs: c.wordTs.take(),
    });
    this.current = null;
  }
}

/** The encoding views u32 arrays as bytes, which is little-endian only on little-endian hosts. */
function checkLittleEndian(): void {
  if (new Uint8Array(Uint32Array.of(1).buffer)[0] !== 1)
    throw new Error("checkpoint encoding needs a little-endian host");
}

const CHECKPOINT_MAGIC = 0x504b435a; // "ZCKP" read as a little-endian u32
const HEAD_WORDS = 9;

/**
 * A checkpoint as bytes (little-endian u32s): magic, index, startCycle, cycles, last, pc,
 * inputPos, journalLength, word count n; regs[32]; regTs[32]; words[n]; values[n]; wordTs[n].
 */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  checkLittleEndian();
  const n = c.words.length;
  const out = new Uint32Array(HEAD_WORDS + 64 + 3 * n);
  out.set([
    CHECKPOINT_MAGIC,
    c.index,
    c.startCycle,
    c.cycles,
    c.last ? 1 : 0,
    c.pc,
    c.inputPos,
    c.journalLength,
    n,
  ]);
  out.set(c.regs, HEAD_WORDS);
  out.set(c.regTs, HEAD_WORDS + 32);
  out.set(c.words, HEAD_WORDS + 64);
  out.set(c.values, HEAD_WORDS + 64 + n);
  out.set(c.wordTs, HEAD_WORDS + 64 + 2 * n);
  return new Uint8Array(out.buffer);
}

/** Decodes `encodeCheckpoint`'s bytes; throws a RangeError naming what is malformed. */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  checkLittleEndian();
  if (bytes.length % 4 !== 0 || bytes.length < 4 * (HEAD_WORDS + 64))
    throw new RangeError(`checkpoint: ${bytes.length} bytes is not a checkpoint's length`);
  const u = new Uint32Array(bytes.slice().buffer);
  if (u[0] !== CHECKPOINT_MAGIC) throw new RangeError("checkpoint: bad magic");
  const n = u[8];
  if (u.length !== HEAD_WORDS + 64 + 3 * n)
    throw new RangeError(`checkpoint: ${u.length} words do not hold ${n} touched words`);
  if (u[4] > 1) throw new RangeError(`checkpoint: 'last' flag ${u[4]} is not 0 or 1`);
  const at = (o: number, len: number) => u.slice(o, o + len);
  return {
    index: u[1],
    startCycle: u[2],
    cycles: u[3],
    last: u[4] === 1,
    pc: u[5],
    inputPos: u[6],
    journalLength: u[7],
    regs: at(HEAD_WORDS, 32),
    regTs: at(HEAD_WORDS + 32, 32),
    words: at(HEAD_WORDS + 64, n),
    values: at(HEAD_WORDS + 64 + n, n),
    wordTs: at(HEAD_WORDS + 64 + 2 * n, n),
  };
}
