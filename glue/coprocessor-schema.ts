/**
 * The rules a coprocessor value must satisfy, checked with zod, and the error that names the
 * coprocessor and the field. Two levels:
 *
 * - `validateCoprocessor`: the shape any coprocessor needs to run or be proven (the executor's
 *   registry and the machine check it): a name, a syscall number ≥ 0x100, an `execute`
 *   function, an AIR and its trace together, a well-formed call description.
 * - `validateCoprocessorSpec`: what `defineCoprocessor` and the CLI's `--coprocessor` demand of
 *   a coprocessor written for others to call, on top of the shape: no unknown field (a misspelt
 *   `samples` would otherwise be ignored without a word), a syscall number outside the range
 *   reserved for the built-ins, a call description (it fixes the registers the table reads and
 *   the guest's C binding) whose argument names are distinct C identifiers and whose word counts
 *   match their kinds, and free cells that name columns of the AIR.
 */
import { z } from "zod";
import type { AnyAir } from "../core/air/types.js";
import type { Coprocessor } from "./coprocessor.js";
import { COPROCESSOR_MIN } from "./riscv/constants.js";

/** A coprocessor that failed validation; the message names it and the field. */
export class CoprocessorError extends TypeError {
  override readonly name = "CoprocessorError";
}

/** The syscall numbers below 0x1000 belong to the built-in coprocessors of the guest ABI. */
export const RESERVED_SYSCALLS: ReadonlyMap<number, string> = new Map([
  [0x100, "sha256"],
  [0x101, "poseidon2"],
  [0x102, "modmul256"],
  [0x103, "secp256k1_add"],
  [0x104, "secp256k1_double"],
]);

/** First syscall number open to users' coprocessors. */
export const USER_SYSCALL_MIN = 0x1000;

/** Longest coprocessor name: a receipt stores each name in at most 64 bytes (glue/receipt.ts). */
export const MAX_NAME_LENGTH = 64;

/** Largest buffer a call argument may describe, in words (4 MiB). */
export const MAX_ARGUMENT_WORDS = 1 << 20;

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** C11's keywords (§6.4.1): not usable as a function or parameter name. */
const C_KEYWORDS = new Set(
  (
    "auto break case char const continue default do double else enum extern float for goto if " +
    "inline int long register restrict return short signed sizeof static struct switch typedef " +
    "union unsigned void volatile while _Alignas _Alignof _Atomic _Bool _Complex _Generic " +
    "_Imaginary _Noreturn _Static_assert _Thread_local"
  ).split(" "),
);

const fn = <T>(what = "a function") => z.custom<T>((f) => typeof f === "function", what);

const cName = z
  .string({ error: "a C identifier" })
  .regex(C_IDENTIFIER, "a C identifier")
  .refine((s) => !C_KEYWORDS.has(s), "a C identifier that is not a C keyword");

const argumentSchema = z.strictObject({
  name: cName,
  kind: z.enum(["read", "write", "readwrite", "value"], {
    error: `one of "read", "write", "readwrite" (pointers) or "value"`,
  }),
  words: z
    .number({ error: `an integer word count` })
    .int(`an integer word count`)
    .min(0, `a word count ≥ 0`)
    .max(MAX_ARGUMENT_WORDS, `a word count ≤ ${MAX_ARGUMENT_WORDS}`),
  bytes: z.boolean({ error: "true or false" }).optional(),
  doc: z.string({ error: "a string (one line for the C header)" }).optional(),
});

const callSchema = z.strictObject(
  {
    function: cName,
    doc: z.string({ error: "a string (what the call does, for the C header)" }),
    args: z
      .array(argumentSchema, { error: "an array of arguments (a0, a1, …)" })
      .max(6, "at most six arguments (a0..a5)"),
  },
  {
    error:
      "a call description { function, doc, args }: it gives the guest's C binding and the registers the table reads",
  },
);

const airSchema = z.custom<AnyAir>(
  (a) =>
    typeof a === "object" &&
    a !== null &&
    typeof (a as AnyAir).eval === "function" &&
    Array.isArray((a as AnyAir).mainColumns),
  "an AIR (defineAir)",
);

const freeCellSchema = z.strictObject(
  {
    column: z.string({ error: "a column name" }).min(1, "a column name"),
    rows: z.enum(["real", "padding", "all"], { error: `"real", "padding" or "all"` }),
    where: z
      .strictObject(
        {
          description: z.string({ error: "a description" }).min(1, "a description"),
          test: fn(),
        },
        { error: "{ description, test(local, next) }" },
      )
      .optional(),
    reason: z
      .string({ error: "a reason (why leaving the cell free is sound)" })
      .min(1, "a reason (why leaving the cell free is sound)"),
  },
  { error: "a free cell { column, rows, reason }" },
);

/** Every field a coprocessor value may have; `reference` and the rest are optional. */
const fields = {
  name: z
    .string({ error: "a lowercase identifier" })
    .regex(/^[a-z][a-z0-9_]*$/, "a lowercase identifier (a-z, 0-9 and _, from a letter)")
    .max(MAX_NAME_LENGTH, `at most ${MAX_NAME_LENGTH} characters`),
  syscall: z
    .number({ error: "an integer syscall number" })
    .int("an integer syscall number")
    .min(COPROCESSOR_MIN, `at least 0x${COPROCESSOR_MIN.toString(16)}`)
    .max(0xffffffff, "at most 0xffffffff"),
  execute: fn(),
  air: airSchema.optional(),
  trace: fn().optional(),
  call: callSchema.optional(),
  reference: fn().optional(),
  samples: fn().optional(),
  free: z.array(freeCellSchema, { error: "an array of free cells" }).optional(),
};

const shapeSchema = z.object(fields, {
  error: "a coprocessor { name, syscall, execute, ... }",
});
/** defineCoprocessor's: no unknown field, and the call description is required. */
const specSchema = z.strictObject(
  { ...fields, call: callSchema },
  { error: "a coprocessor { name, syscall, execute, air, trace, call, ... }" },
);

/** A zod issue path as the user wrote it: `call.args[2].name`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`))
    .join("");
}

function fail(c: unknown, what: string): never {
  const name = (c as { name?: unknown } | null)?.name;
  throw new CoprocessorError(`invalid coprocessor ${JSON.stringify(name)}: ${what}`);
}

function parse(schema: z.ZodType, c: unknown): void {
  const parsed = schema.safeParse(c);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const path = fieldPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    const known = path ? "" : ` (a coprocessor has ${Object.keys(fields).join(", ")})`;
    fail(
      c,
      `unknown field${issue.keys.length > 1 ? "s" : ""} ${keys}${path ? ` in ${path}` : ""}${known}`,
    );
  }
  fail(c, `${path || "the value"} must be ${issue.message}`);
}

/** Validates a coprocessor's shape (zod); throws `CoprocessorError` naming the field. */
export function validateCoprocessor(c: Coprocessor): void {
  parse(shapeSchema, c);
  if ((c.air === undefined) !== (c.trace === undefined)) {
    fail(c, "air and trace go together (give both, or neither)");
  }
}

/**
 * Refuses a syscall number in the range reserved for the built-ins ([0x100, 0x1000)) unless it
 * is the built-in's own number and name.
 */
export function checkReservedSyscall(c: Coprocessor): void {
  const reserved = RESERVED_SYSCALLS.get(c.syscall);
  if (c.syscall < USER_SYSCALL_MIN && reserved !== c.name) {
    fail(
      c,
      `syscall 0x${c.syscall.toString(16)} is reserved` +
        (reserved ? ` for the built-in "${reserved}"` : "") +
        `; user coprocessors take numbers from 0x${USER_SYSCALL_MIN.toString(16)}`,
    );
  }
}

/** The argument rules zod's per-field schemas cannot state: distinct names, kinds and counts. */
function checkArguments(c: Coprocessor): void {
  const seen = new Set<string>();
  c.call!.args.forEach((a, i) => {
    const where = `call.args[${i}] ("${a.name}")`;
    if (seen.has(a.name)) fail(c, `${where}: another argument has this name`);
    seen.add(a.name);
    if (a.kind === "value" && a.words !== 0)
      fail(c, `${where}: a value argument has words 0 (it is no pointer), not ${a.words}`);
    if (a.kind !== "value" && a.words === 0)
      fail(c, `${where}: a pointer argument reads or writes at least one word`);
    if (a.kind === "value" && a.bytes === true)
      fail(c, `${where}: bytes applies to pointer arguments only`);
  });
}

/** Each free cell names a column (or a group of columns) of the AIR. */
function checkFreeCells(c: Coprocessor): void {
  if (c.free === undefined || c.free.length === 0) return;
  if (c.air === undefined) fail(c, "free cells name columns of the AIR, and it has no AIR");
  const columns = new Set<string>();
  for (const name of c.air.mainColumns) columns.add(name).add(name.replace(/\[\d+\]$/, ""));
  c.free.forEach((f, i) => {
    if (!columns.has(f.column))
      fail(c, `free[${i}].column: "${f.column}" is not a column (or group) of its AIR`);
  });
}

/**
 * Validates a coprocessor written with `defineCoprocessor`: the shape, then every rule of the
 * module comment. Throws `CoprocessorError` naming the coprocessor and the field.
 */
export function validateCoprocessorSpec(c: Coprocessor): void {
  parse(specSchema, c);
  validateCoprocessor(c);
  checkReservedSyscall(c);
  checkArguments(c);
  checkFreeCells(c);
}
