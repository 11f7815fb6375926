/**
 * The events a recording run emits, laid out for the CPU, memory and coprocessor AIRs. All
 * storage is columnar: `Uint32Array` columns in chunks of rows (`ChunkedColumns`), one row per
 * cycle (or per syscall, or per syscall memory access), never an object per cycle.
 *
 * Timestamps. Cycle c (0-based) performs its register and memory accesses at
 *   rs1 read: 4c+1,  rs2 read: 4c+2,  memory access (and every syscall/coprocessor access): 4c+3,
 *   rd write: 4c+4.
 * Timestamp 0 is the initial state (the loaded ELF image, the initial registers). For each
 * access the recorder stores the timestamp of the previous access to the same register or
 * memory word (`…Ts` columns): exactly what an offline memory-checking argument consumes
 * (receive (addr, old value, prev ts), send (addr, new value, ts)). Accesses to the same word
 * within one syscall share the call's timestamp, so there prev ts = ts.
 *
 * Cycle columns (`trace.cycles`, row = cycle):
 *   pc, insn          the instruction executed (insn is the raw word; the program bus checks it)
 *   rs1Val, rs2Val    operand values read (0 and x0's timestamps when the format has no such
 *                     operand: the decoder maps missing operands to x0)
 *   rs1Ts, rs2Ts      previous access timestamps of rs1/rs2
 *   rdVal, rdOld, rdTs  value written to rd, its value before, previous timestamp; all 0 when
 *                     the instruction writes no register or writes x0 (no write happens)
 *   memAddr           effective byte address of a load/store; 0 if none (0 is never a guest
 *                     address). The memory bus works on the word at memAddr & ~3.
 *   memVal, memOld    the word after and before the access (equal for a load)
 *   memTs             previous access timestamp of that word
 * `ecall` rows: rs1 = a7 (the syscall number), rs2 = a0, rd = a0 (the result).
 *
 * Syscall rows (`trace.syscalls`, one per `ecall`): cycle, number (a7), a0..a5, result (a0
 * after the call). Syscall memory rows (`trace.syscallMemory`): every word a syscall or a
 * coprocessor read or wrote: cycle, addr (word address), value (after), old (before), ts (prev
 * timestamp), write (0/1). Coprocessor events are kept as the coprocessor returned them.
 */
import { PageTable } from "./memory.js";

/**
 * Column arrays of released traces, kept for the next recording. On the machine we measured,
 * first-touch page faults cost ~14 µs per 4 KiB, so writing a trace into fresh memory took
 * longer than executing the guest. Recycled arrays are not cleared: writers of pooled columns
 * write every row (the executor writes all cycle columns, zeros included). Only full chunks
 * of 2^16 rows are kept, at most POOL_MAX arrays (512 MiB).
 */
const POOL_ROWS = 1 << 16;
const POOL_MAX = 2048;
const pool: Uint32Array[] = [];

/**
 * Equally long `Uint32Array` columns stored in fixed-size chunks of rows. Chunks, unlike one
 * doubling array, never copy and stay below the allocator's mmap threshold, so memory freed by
 * an earlier trace is reused: page faults on fresh memory cost ~3.5 ms per MB on the machine
 * we measured, and a doubling 13-column trace spent more time faulting than executing.
 * Row i lives at `chunks[i >>> chunkBits][name][i & (2^chunkBits − 1)]` (a chunk's arrays may
 * be longer than its rows; `length` counts the rows written).
 */
export class ChunkedColumns<K extends string> {
  /** Number of rows written. */
  length = 0;
  readonly chunkRows: number;
  readonly chunks: Record<K, Uint32Array>[] = [];

  constructor(
    readonly names: readonly K[],
    readonly chunkBits: number,
  ) {
    this.chunkRows = 1 << chunkBits;
  }

  /**
   * The chunk that row `row` goes into, making room for it: the first chunk starts at 256 rows
   * and doubles up to `chunkRows` (so a short run allocates little); later chunks are full size.
   */
  chunkFor(row: number): Record<K, Uint32Array> {
    const c = row >>> this.chunkBits;
    const k = row & (this.chunkRows - 1);
    let chunk = this.chunks[c];
    if (chunk === undefined || k >= chunk[this.names[0]].length) {
      const rows = c > 0 ? this.chunkRows : Math.min(this.chunkRows, Math.max(256, 2 * (k + 1)));
      const next = {} as Record<K, Uint32Array>;
      for (const n of this.names) {
        const recycled = rows === POOL_ROWS ? pool.pop() : undefined;
        next[n] = recycled ?? new Uint32Array(rows);
        if (chunk !== undefined) next[n].set(chunk[n]);
      }
      this.chunks[c] = chunk = next;
    }
    return chunk;
  }

  /** Appends one row and returns its chunk and its index in the chunk (write every column). */
  push(): [Record<K, Uint32Array>, number] {
    const row = this.length++;
    return [this.chunkFor(row), row & (this.chunkRows - 1)];
  }

  /** Gives the storage to the next recording; these columns must not be used afterwards. */
  release(): void {
    for (const chunk of this.chunks) {
      if (chunk === undefined) continue; // a segment's recording starts mid-run (executeSegment)
      for (const n of this.names) {
        if (chunk[n].length === POOL_ROWS && pool.length < POOL_MAX) pool.push(chunk[n]);
      }
    }
    this.chunks.length = 0;
    this.length = 0;
  }

  /** Value of column `name` in row `i`. */
  at(name: K, i: number): number {
    return this.chunks[i >>> this.chunkBits][name][i & (this.chunkRows - 1)];
  }

  /**
   * The chunk holding row `i`, whose columns are read at `i & (chunkRows − 1)`: a hot loop reads
   * its fields by constant names (one property shape, monomorphic loads), where `at` with varying
   * names is a megamorphic keyed load (`at` was ~85 ms of a 2^20-cycle trace in a profile).
   */
  chunkOf(i: number): Record<K, Uint32Array> {
    return this.chunks[i >>> this.chunkBits];
  }

  /** Column `name` as one contiguous array (a copy; for tests and small traces). */
  column(name: K): Uint32Array {
    const out = new Uint32Array(this.length);
    for (let c = 0; c < this.chunks.length; c++) {
      if (this.chunks[c] === undefined) continue; // rows before a segment's first cycle read 0
      const from = c * this.chunkRows;
      out.set(this.chunks[c][name].subarray(0, Math.min(this.chunkRows, this.length - from)), from);
    }
    return out;
  }
}

export const CYCLE_FIELDS = [
  "pc",
  "insn",
  "rs1Val",
  "rs2Val",
  "rs1Ts",
  "rs2Ts",
  "rdVal",
  "rdOld",
  "rdTs",
  "memAddr",
  "memVal",
  "memOld",
  "memTs",
] as const;
export const SYSCALL_FIELDS = [
  "cycle",
  "number",
  "a0",
  "a1",
  "a2",
  "a3",
  "a4",
  "a5",
  "result",
] as const;
export const SYSCALL_MEMORY_FIELDS = ["cycle", "addr", "value", "old", "ts", "write"] as const;

export type CycleField = (typeof CYCLE_FIELDS)[number];
export type SyscallField = (typeof SYSCALL_FIELDS)[number];
export type SyscallMemoryField = (typeof SYSCALL_MEMORY_FIELDS)[number];
/** One chunk of cycle rows, as the executor's loop writes it. */
export type CycleChunk = Record<CycleField, Uint32Array>;

/** One coprocessor call and the events its `execute` returned. */
export interface RecordedCoprocessorCall {
  name: string;
  syscall: number;
  cycle: number;
  events: unknown;
}

/** Everything a recording run emitted. */
export interface ExecutionTrace {
  cycles: ChunkedColumns<CycleField>;
  syscalls: ChunkedColumns<SyscallField>;
  syscallMemory: ChunkedColumns<SyscallMemoryField>;
  coprocessorCalls: RecordedCoprocessorCall[];
  /** Registers at the end (x0..x31) and the timestamp of each one's last access. */
  finalRegisters: Uint32Array;
  finalRegisterTs: Uint32Array;
  /** Last-access timestamp per memory word (0 = never accessed since the start). */
  memoryTs: TimestampPages;
  /**
   * Hands the columns' memory to the next recording (optional; a prover that records segment
   * after segment should call it). The trace must not be used afterwards.
   */
  release(): void;
}

/** Per-word last-access timestamps, paged like guest memory. */
export class TimestampPages extends PageTable<Uint32Array> {
  constructor() {
    super((n) => new Uint32Array(n));
  }

  /** Sets the timestamp of the word at `addr` to `ts` and returns the previous one. */
  swap(addr: number, ts: number): number {
    const p = this.page(addr);
    const i = (addr & 0xffff) >>> 2;
    const prev = p[i];
    p[i] = ts;
    return prev;
  }
}

/** The recording state of one run: the event columns and the timestamp shadows. */
export class Recorder {
  readonly cycles = new ChunkedColumns(CYCLE_FIELDS, 16);
  readonly syscalls = new ChunkedColumns(SYSCALL_FIELDS, 8);
  readonly syscallMemory = new ChunkedColumns(SYSCALL_MEMORY_FIELDS, 10);
  readonly coprocessorCalls: RecordedCoprocessorCall[] = [];
  readonly memTs = new TimestampPages();
  /** Last-access timestamp per register; index 32 is the decoder's scratch register. */
  readonly regTs = new Uint32Array(33);

  /** Logs a word access by a syscall at `cycle` (timestamp 4·cycle + 3). */
  syscallAccess(cycle: number, addr: number, value: number, old: number, write: boolean): void {
    const [c, row] = this.syscallMemory.push();
    c.cycle[row] = cycle;
    c.addr[row] = addr;
    c.value[row] = value;
    c.old[row] = old;
    c.ts[row] = this.memTs.swap(addr, 4 * cycle + 3);
    c.write[row] = write ? 1 : 0;
  }

  /** The finished trace. */
  finish(regs: Int32Array): ExecutionTrace {
    return {
      cycles: this.cycles,
      syscalls: this.syscalls,
      syscallMemory: this.syscallMemory,
      coprocessorCalls: this.coprocessorCalls,
      finalRegisters: new Uint32Array(regs.subarray(0, 32)),
      finalRegisterTs: this.regTs.slice(0, 32),
      memoryTs: this.memTs,
      release: () => {
        this.cycles.release();
        this.syscalls.release();
        this.syscallMemory.release();
      },
    };
  }
}
