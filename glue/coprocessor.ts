/**
 * The executor side of the coprocessor interface. A coprocessor is a value with a name, the
 * syscall number (a7) that reaches it, and `execute(ctx)`: it reads its arguments from a0..a5
 * and guest memory through `ctx`, computes, writes its results back through `ctx`, and returns
 * the events its trace generation will need. Later issues add its AIR and trace generation to
 * this same value; a user's coprocessor and a built-in one are registered the same way.
 *
 * Memory goes through `ctx` only (word granularity, checked bounds and alignment), so a
 * recording run logs every access a coprocessor makes for the memory argument.
 */
import { z } from "zod";
import { COPROCESSOR_MIN } from "./riscv/constants.js";

/** What a coprocessor sees of the machine during one call. */
export interface CoprocessorContext {
  /** a0..a5 at the `ecall`, as u32. */
  readonly args: readonly number[];
  /** Cycle of the `ecall` (0-based). */
  readonly cycle: number;
  /** Timestamp of the call's memory accesses (4·cycle + 3, see glue/riscv/trace.ts). */
  readonly timestamp: number;
  /** The u32 word at `addr` (4-aligned, inside guest memory, else the run faults). */
  readWord(addr: number): number;
  /** Writes the u32 `value` at `addr` (4-aligned, inside guest memory, not program code). */
  writeWord(addr: number, value: number): void;
  /** `n` consecutive words from `addr`. */
  readWords(addr: number, n: number): Uint32Array;
  /** Writes `words` consecutively from `addr`. */
  writeWords(addr: number, words: ArrayLike<number>): void;
}

/** A coprocessor as the executor needs it; `E` is the type of its events. */
export interface Coprocessor<E = unknown> {
  readonly name: string;
  readonly syscall: number;
  /** Executes one call; may throw to refuse it (the run stops with a "coprocessor" error). */
  execute(ctx: CoprocessorContext): E;
}

const coprocessorSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "a lowercase identifier"),
  syscall: z
    .number()
    .int()
    .min(COPROCESSOR_MIN, `at least 0x${COPROCESSOR_MIN.toString(16)}`)
    .max(0xffffffff),
  execute: z.custom<(ctx: CoprocessorContext) => unknown>(
    (f) => typeof f === "function",
    "a function",
  ),
});

/** The coprocessors of one machine, by syscall number. Refuses duplicate names and numbers. */
export class CoprocessorRegistry {
  private readonly bySyscall = new Map<number, Coprocessor>();

  constructor(coprocessors: readonly Coprocessor[] = []) {
    for (const c of coprocessors) this.register(c);
  }

  /**
   * Adds `c` (validated: lowercase name, integer syscall ≥ 0x100, an `execute` function).
   *
   * @example
   * registry.register({ name: "add3", syscall: 0x1000, execute: (ctx) => ... });
   */
  register(c: Coprocessor): this {
    const parsed = coprocessorSchema.safeParse(c);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(
        `invalid coprocessor ${JSON.stringify(c?.name)}: ${issue.path.join(".")} must be ${issue.message}`,
      );
    }
    const taken = this.bySyscall.get(c.syscall);
    if (taken !== undefined) {
      throw new Error(
        `syscall 0x${c.syscall.toString(16)} is already used by coprocessor "${taken.name}"`,
      );
    }
    for (const other of this.bySyscall.values()) {
      if (other.name === c.name)
        throw new Error(`a coprocessor named "${c.name}" is already registered`);
    }
    this.bySyscall.set(c.syscall, c);
    return this;
  }

  /** The coprocessor reached by syscall `n`, if any. */
  get(n: number): Coprocessor | undefined {
    return this.bySyscall.get(n);
  }

  /** All registered coprocessors, in registration order. */
  list(): Coprocessor[] {
    return [...this.bySyscall.values()];
  }
}
