/**
 * The state trace generation threads through the chips' trace builders while it replays a run:
 * the program-side inputs (`MachineImage`), the register and memory shadows with each address's
 * last-access timestamp (`MachineShadow`), and the byte/range lookup counters. The chips' trace
 * modules take it as an explicit argument, so each chip's rows are written by its own trace.ts
 * and the driver (generate.ts) only orders the phases.
 */
import type { MemoryShadow } from "./coprocessor-calls.js";
import type { TextRange } from "./loadstore/constants.js";
import type { ProgramField } from "./program/columns.js";
import type { ProgramIndex } from "./program/trace.js";
import type { Lookups } from "./table.js";

/** The program-side inputs of trace generation. */
export interface MachineImage {
  rows: Record<ProgramField, number>[];
  /** pc → row of `rows`. */
  index: ProgramIndex;
  /** Memory-bus address → nonzero initial word (ELF words and sp). */
  image: Map<number, number>;
  /** The text's word-index range (stores there are refused). */
  text: TextRange;
}

/** A run that trace generation cannot turn into valid tables (the chips disagree with it). */
export class TraceGenerationError extends Error {
  override readonly name = "TraceGenerationError";
}

/**
 * Registers (addresses 0..31) and guest memory (32 + word index) as the replay sees them: each
 * address's value and the timestamp of its last access (0 = the initial image).
 */
export class MachineShadow implements MemoryShadow {
  readonly regs = new Uint32Array(32);
  readonly regTs = new Uint32Array(32);
  readonly mem = new Map<number, number>();
  readonly memTs = new Map<number, number>();

  constructor(readonly image: ReadonlyMap<number, number>) {
    // Registers are image addresses 0..31 (a program's image sets sp; a chunk's, all of them).
    for (let r = 1; r < 32; r++) this.regs[r] = image.get(r) ?? 0;
  }

  /** The value of guest word address `a` (≥ 32). */
  word(a: number): number {
    return this.mem.get(a) ?? this.image.get(a) ?? 0;
  }
  /** The last-access timestamp of guest word address `a` (≥ 32). */
  wordTs(a: number): number {
    return this.memTs.get(a) ?? 0;
  }
  /** Records an access to guest word address `a` at `ts` that leaves `value`. */
  setWord(a: number, value: number, ts: number): void {
    this.memTs.set(a, ts);
    this.mem.set(a, value);
  }

  get(a: number): number {
    return a < 32 ? this.regs[a] : this.word(a);
  }
  ts(a: number): number {
    return a < 32 ? this.regTs[a] : this.wordTs(a);
  }
  set(a: number, value: number, ts: number): void {
    if (a < 32) {
      this.regs[a] = value;
      this.regTs[a] = ts;
    } else {
      this.setWord(a, value, ts);
    }
  }
}

/** What every chip's trace builder may read and update during the replay. */
export interface ReplayState {
  readonly img: MachineImage;
  readonly shadow: MachineShadow;
  readonly lookups: Lookups;
}
