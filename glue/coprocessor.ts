/**
 * The coprocessor interface: what a coprocessor is, for the executor and for the prover.
 *
 * A coprocessor is one value. For the executor: a name, the syscall number (a7) that reaches
 * it, and `execute(ctx)`, which reads its arguments from a0..a5 and guest memory through `ctx`,
 * computes, writes its results back through `ctx`, and returns the events its trace will need.
 * For the prover: its AIR (one table, proven in every segment beside the CPU) and `trace`, which
 * builds that table from the calls of a segment. For the guest: a description of its call
 * (arguments, words read and written), from which its C binding is generated (bindings.ts). For
 * tests and the fuzzer: a reference function, sample calls and the cells it leaves free.
 * `defineCoprocessor` is the public way to write one; the rules it checks are in
 * coprocessor-schema.ts.
 *
 * The table meets the rest of the machine on glue's buses only (`coprocessor-air.ts`): it
 * receives each call the CPU sends on the syscall bus exactly once, and makes every memory access
 * of the call on the memory bus at the call's timestamp. A built-in coprocessor and a user's are
 * the same kind of value, registered the same way.
 *
 * Memory goes through `ctx` only (word granularity, checked bounds and alignment), so a recording
 * run logs every access a coprocessor makes for the memory argument.
 */
import type { Air } from "../core/air/types.js";
import type { Matrix } from "../core/field/matrix.js";
import type { Lookups } from "./chips/table.js";
import {
  CoprocessorError,
  validateCoprocessor,
  validateCoprocessorSpec,
} from "./coprocessor-schema.js";

export {
  checkReservedSyscall,
  CoprocessorError,
  MAX_ARGUMENT_WORDS,
  MAX_NAME_LENGTH,
  RESERVED_SYSCALLS,
  USER_SYSCALL_MIN,
  validateCoprocessor,
  validateCoprocessorSpec,
} from "./coprocessor-schema.js";

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

/**
 * One memory-bus access of a call, as the prover sees it: the address on the memory bus
 * (registers x0..x31 are 0..31, guest word w, i.e. byte address 4w, is 32 + w), the value before
 * and after, the timestamp of the previous access to that address and the call's timestamp.
 * A word read and then written in one call is one access (old = first read, value = last write).
 */
export interface MemoryAccess {
  readonly addr: number;
  readonly old: number;
  readonly value: number;
  readonly prevTs: number;
  readonly ts: number;
}

/**
 * One call of a coprocessor, as its trace generation receives it.
 * `accesses` lists the register reads of a1..a(n−1) (n = the call's argument count) first,
 * then every guest word the call touched, in the order it first touched them.
 */
export interface CoprocessorCall<E = unknown> {
  /** The CPU's clk of the `ecall` row (4·cycle); the accesses happen at clk + 3. */
  readonly clk: number;
  readonly cycle: number;
  /** a0..a5 at the call. */
  readonly args: readonly number[];
  /** What `execute` returned. */
  readonly events: E;
  readonly accesses: readonly MemoryAccess[];
}

/** One argument of a coprocessor's guest call (a0, a1, … in order). */
export interface CallArgument {
  /** C parameter name. */
  readonly name: string;
  /** A pointer to `words` u32 words the call reads, writes, or both; or a plain u32 value. */
  readonly kind: "read" | "write" | "readwrite" | "value";
  /** Word count for pointers (at least 1), 0 for values. */
  readonly words: number;
  /**
   * The guest holds the buffer as bytes: its C parameter is `const void *` (`void *` if
   * written) instead of `uint32_t name[words]`. The call still reads and writes whole words,
   * so the buffer must be 4-aligned (SHA-256's message block).
   */
  readonly bytes?: boolean;
  /** One line for the C header. */
  readonly doc?: string;
}

/** How a guest calls the coprocessor: from this its C prototype is documented (and generated). */
export interface CallDescription {
  /** C function name, e.g. `zkglue_sha256_compress`. */
  readonly function: string;
  /** What the call does, for the header comment. */
  readonly doc: string;
  readonly args: readonly CallArgument[];
}

/**
 * A coprocessor; `E` is the type of its events.
 *
 * @example
 * const add3: Coprocessor<number> = {
 *   name: "add3", syscall: 0x1000,
 *   execute: (ctx) => { const v = (ctx.readWord(ctx.args[0]) + 3) >>> 0; ctx.writeWord(ctx.args[0], v); return v; },
 *   air, trace, call: { function: "add3", doc: "x += 3", args: [{ name: "x", kind: "readwrite", words: 1 }] },
 * };
 */
export interface Coprocessor<E = unknown> {
  /** Lowercase identifier; its table is named `cop.<name>`. */
  readonly name: string;
  readonly syscall: number;
  /** Executes one call; may throw to refuse it (the run stops with a "coprocessor" error). */
  execute(ctx: CoprocessorContext): E;
  /**
   * The AIR of its table (see coprocessor-air.ts for the gadgets that receive calls and access
   * memory). Optional only for executor-only coprocessors, which a machine refuses to prove.
   */
  readonly air?: Air<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * The table of one segment's calls (in cycle order; possibly none), padded to a power of two
   * of at least 8 rows whose padding rows send nothing. Count every byte-table lookup in
   * `lookups` (range16, range14, bytes).
   */
  trace?(calls: readonly CoprocessorCall<E>[], lookups: Lookups): Matrix;
  /** The guest call, for the C header and the argument count (registers read: a1..a(n−1)). */
  readonly call?: CallDescription;
  /** The operation on plain values, for tests (e.g. the compression function itself). */
  reference?(...args: never[]): unknown;
  /**
   * Sample calls for the underconstraint fuzzer (`zkglue fuzz`, glue/fuzz): the arguments and
   * the memory each call starts from, drawn from `random` (uniform in [0, 1)), so the fuzzer can
   * execute them and build a valid table to mutate. Include the edge values the AIR handles.
   */
  samples?(random: () => number): readonly SampleCall[];
  /**
   * Cells of the table that no constraint or bus pins, each with the reason that is safe; the
   * fuzzer reports mutations there without failing.
   */
  readonly free?: readonly FreeCell[];
}

/** One sample call for the fuzzer: a0..a5 and the guest memory the call finds. */
export interface SampleCall {
  /** a0..a5 (missing ones are 0). */
  readonly args: readonly number[];
  /** Words at 4-aligned byte addresses ≥ 0x1000; any other word reads as 0. */
  readonly memory: readonly { readonly addr: number; readonly words: ArrayLike<number> }[];
}

/** A column the fuzzer may find free on some kind of row, and why that is sound. */
export interface FreeCell {
  /** A column name (`"junk"`, `"bits[3]"`) or a group's name (`"bits"`: all of its columns). */
  readonly column: string;
  /** Real rows (holding a call), padding rows, or both. */
  readonly rows: "real" | "padding" | "all";
  /**
   * Narrows `rows` to those where `test` holds, for tables whose calls span rows of several
   * kinds; `test` reads the row's (and the next row's) cells by column name.
   */
  readonly where?: {
    readonly description: string;
    test(local: RowReader, next: RowReader): boolean;
  };
  readonly reason: string;
}

/** A trace row's cells by column name (`"clk"`, `"u[1]"`). */
export type RowReader = (column: string) => number;

/**
 * The public way to write a coprocessor: checks `spec` and returns it frozen, typed by its
 * events. Besides the shape every coprocessor needs (`validateCoprocessor`), it refuses an
 * unknown field, a syscall number reserved for the built-ins (user numbers start at 0x1000), a
 * missing call description, argument names that repeat or are not C identifiers, word counts
 * that do not fit the argument's kind, and free cells that name no column of the AIR
 * (glue/coprocessor-schema.ts). A `CoprocessorError` names the coprocessor and the field.
 *
 * A user's coprocessor and the built-in ones are the same kind of value: pass it to
 * `buildMachine` or `proveReceipt`, or export it from a module the CLI loads with
 * `--coprocessor <module>` (cli/coprocessors.ts), and generate its C binding with
 * `zkglue bindings <module>` (glue/bindings.ts).
 *
 * @example
 * import { defineCoprocessor } from "zkglue";
 *
 * export default defineCoprocessor({
 *   name: "add3",
 *   syscall: 0x1000,
 *   execute(ctx) {
 *     const v = (ctx.readWord(ctx.args[0]) + 3) >>> 0;
 *     ctx.writeWord(ctx.args[0], v);
 *     return v;
 *   },
 *   air, // defineAir over a layout, with receiveCall, guestPointer, memoryAccess, writableWords
 *   trace, // (calls, lookups) => Matrix
 *   call: { function: "add3", doc: "x += 3", args: [{ name: "x", kind: "readwrite", words: 1 }] },
 * });
 */
export function defineCoprocessor<E>(spec: Coprocessor<E>): Coprocessor<E> {
  validateCoprocessorSpec(spec as Coprocessor);
  return Object.freeze({ ...spec });
}

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
    validateCoprocessor(c);
    const taken = this.bySyscall.get(c.syscall);
    if (taken !== undefined) {
      throw new CoprocessorError(
        `syscall 0x${c.syscall.toString(16)} is already used by coprocessor "${taken.name}"`,
      );
    }
    for (const other of this.bySyscall.values()) {
      if (other.name === c.name)
        throw new CoprocessorError(`a coprocessor named "${c.name}" is already registered`);
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

/** Number of registers the coprocessor's table reads itself (a1..a(n−1); a0 comes on the bus). */
export function registerArgs(c: Coprocessor): number {
  return Math.max(0, (c.call?.args.length ?? 1) - 1);
}
