/**
 * The state of one guest run: registers, memory, the decoded program, outputs and input, the
 * registered coprocessors and (in recording mode) the recorder. The executor's loop keeps pc
 * and the cycle count in locals and writes them back here only around syscalls and at the end.
 */
import { CoprocessorRegistry, type Coprocessor } from "../coprocessor.js";
import { STACK_TOP } from "./constants.js";
import { decodeInto, emptyDecoded, Op, type DecodedCode } from "./decode.js";
import type { Program } from "./elf.js";
import { ElfError } from "./errors.js";
import { GuestMemory } from "./memory.js";
import type { CheckpointRecorder } from "./checkpoint.js";
import type { Recorder } from "./trace.js";

/** Largest span of executable segments the decoder accepts: 64 MiB. */
const MAX_CODE_BYTES = 64 << 20;

/** Options shared by both execution modes. */
export interface RunOptions {
  /** The private input the `read` syscall serves (default empty). */
  input?: Uint8Array;
  /** Coprocessors reachable by `ecall` with their syscall numbers. */
  coprocessors?: CoprocessorRegistry | readonly Coprocessor[];
  /** Stop with a "cycle-limit" error after this many cycles (default 2^40). */
  maxCycles?: number;
  /** Called with each chunk the guest writes to stdout (fd 1), as it is written. */
  onStdout?: (bytes: Uint8Array) => void;
  /** Called with each chunk the guest writes to stderr (fd 2). */
  onStderr?: (bytes: Uint8Array) => void;
}

/** A growable byte buffer for the output streams. */
export class ByteSink {
  private buf = new Uint8Array(256);
  private len = 0;

  push(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** Bytes pushed so far. */
  get length(): number {
    return this.len;
  }
}

/** Mutable state of one run. */
export class MachineState {
  /** x0..x31 as int32, plus index 32: the scratch register that absorbs writes to x0. */
  readonly regs = new Int32Array(33);
  readonly mem = new GuestMemory();
  readonly code: DecodedCode;
  /** The decoded range starts at `codeBase` and spans `codeBytes` bytes. */
  readonly codeBase: number;
  readonly codeBytes: number;
  pc: number;
  cycle = 0;
  halted = false;
  exitCode = 0;
  readonly stdout = new ByteSink();
  readonly stderr = new ByteSink();
  readonly journal = new ByteSink();
  readonly input: Uint8Array;
  inputPos = 0;
  readonly coprocessors: CoprocessorRegistry;
  readonly options: RunOptions;
  /** Set by `executeWithCheckpoints`: the memory argument's timestamps and the checkpoints. */
  checkpoints: CheckpointRecorder | null = null;

  constructor(
    program: Program,
    options: RunOptions,
    readonly rec: Recorder | null,
  ) {
    this.options = options;
    this.input = options.input ?? new Uint8Array(0);
    const cps = options.coprocessors;
    this.coprocessors =
      cps instanceof CoprocessorRegistry ? cps : new CoprocessorRegistry(cps ?? []);
    this.mem.loadProgram(program);
    this.pc = program.entry;
    this.regs[2] = STACK_TOP;

    // Decode the bounding range of the executable segments once; gaps stay NOFETCH.
    const exec = program.segments.filter((s) => s.executable);
    if (exec.length === 0) throw new ElfError("program has no executable segment");
    const lo = Math.min(...exec.map((s) => s.vaddr));
    const hi = Math.max(...exec.map((s) => s.vaddr + s.memsz));
    // The decoded arrays take 12 bytes per code word; refuse absurd spans instead of
    // allocating gigabytes (two executable segments far apart, or a huge zero-filled one).
    if (hi - lo > MAX_CODE_BYTES) {
      throw new ElfError(`executable segments span ${hi - lo} bytes (at most ${MAX_CODE_BYTES})`);
    }
    this.codeBase = lo;
    this.codeBytes = (hi - lo + 3) & ~3;
    this.code = emptyDecoded(this.codeBytes >>> 2);
    for (const s of exec) {
      for (let a = s.vaddr; a < s.vaddr + s.memsz; a += 4) {
        decodeInto(this.code, (a - lo) >>> 2, this.mem.loadWord(a));
      }
    }
  }

  /** True when `addr` (any byte of the word) lies in an executable segment. */
  isProgramWord(addr: number): boolean {
    const i = (addr - this.codeBase) >>> 2;
    return i < this.code.op.length && this.code.op[i] !== Op.NOFETCH;
  }
}
