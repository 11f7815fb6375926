/**
 * The coprocessor interface: what a coprocessor is, for the executor and for the prover.
 *
 * A coprocessor is one value. For the executor: a name, the syscall number (a7) that reaches
 * it, and `execute(ctx)`, which reads its arguments from a0..a5 and guest memory through `ctx`,
 * computes, writes its results back through `ctx`, and returns the events its trace will need.
 * For the prover: its AIR (one table, proven in every segment beside the CPU) and `trace`, which
 * builds that table from the calls of a segment. For tests and documentation: a reference
 * function and a description of its guest call (arguments, words read and written), from which
 * its C prototype is documented.
 *
 * The table meets the rest of the machine on glue's buses only (`coprocessor-air.ts`): it
 * receives each call the CPU sends on the syscall bus exactly once, and makes every memory access
 * of the call on the memory bus at the call's timestamp. A built-in coprocessor and a user's are
 * the same kind of value, registered the same way.
 *
 * Memory goes through `ctx` only (word granularity, checked bounds and alignment), so a recording
 * run logs every access a coprocessor makes for the memory argument.
 */
import { z } from "zod";
import type { Air, AnyAir } from "../core/air/types.js";
import type { Matrix } from "../core/field/matrix.js";
import type { Lookups } from "./chips/table.js";
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
  /** Word count for pointers (0 for values). */
  readonly words: number;
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

const identifier = /^[a-z][a-z0-9_]*$/;

const callSchema = z.object({
  function: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a C identifier"),
  doc: z.string(),
  args: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a C identifier"),
        kind: z.enum(["read", "write", "readwrite", "value"]),
        words: z
          .number()
          .int()
          .min(0)
          .max(1 << 20),
        doc: z.string().optional(),
      }),
    )
    .max(6, "at most six arguments (a0..a5)"),
});

const coprocessorSchema = z.object({
  name: z.string().regex(identifier, "a lowercase identifier"),
  syscall: z
    .number()
    .int()
    .min(COPROCESSOR_MIN, `at least 0x${COPROCESSOR_MIN.toString(16)}`)
    .max(0xffffffff),
  execute: z.custom<(ctx: CoprocessorContext) => unknown>(
    (f) => typeof f === "function",
    "a function",
  ),
  air: z
    .custom<AnyAir>(
      (a) =>
        typeof a === "object" &&
        a !== null &&
        typeof (a as AnyAir).eval === "function" &&
        Array.isArray((a as AnyAir).mainColumns),
      "an AIR (defineAir)",
    )
    .optional(),
  trace: z
    .custom<(calls: unknown, lookups: Lookups) => Matrix>(
      (f) => typeof f === "function",
      "a function",
    )
    .optional(),
  call: callSchema.optional(),
  samples: z
    .custom<(random: () => number) => readonly SampleCall[]>(
      (f) => typeof f === "function",
      "a function",
    )
    .optional(),
  free: z
    .array(
      z.object({
        column: z.string().min(1),
        rows: z.enum(["real", "padding", "all"]),
        where: z
          .object({
            description: z.string().min(1),
            test: z.custom<(l: RowReader, n: RowReader) => boolean>(
              (f) => typeof f === "function",
              "a function",
            ),
          })
          .optional(),
        reason: z.string().min(1, "a reason (why leaving the cell free is sound)"),
      }),
    )
    .optional(),
});

/** A coprocessor that failed validation; the message names it and the field. */
export class CoprocessorError extends TypeError {
  override readonly name = "CoprocessorError";
}

/** Validates a coprocessor's shape (zod); throws `CoprocessorError` naming the field. */
export function validateCoprocessor(c: Coprocessor): void {
  const parsed = coprocessorSchema.safeParse(c);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoprocessorError(
      `invalid coprocessor ${JSON.stringify(c?.name)}: ${issue.path.join(".") || "value"} must be ${issue.message}`,
    );
  }
  if ((c.air === undefined) !== (c.trace === undefined)) {
    throw new CoprocessorError(
      `invalid coprocessor "${c.name}": air and trace go together (give both, or neither)`,
    );
  }
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
