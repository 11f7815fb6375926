/**
 * Guest bindings: a C header generated from coprocessors' call descriptions. Each coprocessor
 * becomes a `ZKGLUE_SYS_<NAME>` number and one `static inline` function that puts its arguments
 * in a0.. and the syscall number in a7 and executes `ecall` (DESIGN.md, "Guest ABI"), with the
 * call's documentation and argument layout (pointer or value, words read and written) as
 * comments. guest/zkglue_coprocessors.h is this generator's output for the built-ins, and
 * `zkglue bindings <module>` writes one for a user's coprocessors.
 *
 * Each function is a typed wrapper over guest/zkglue.h's `zkglue_cop<n>` (n = the argument
 * count), whose `ecall` takes every argument as an input only and clobbers memory: a
 * coprocessor leaves every register as it was (its result is a0 unchanged), so the compiler may
 * keep pointers in registers across calls, and must assume the call read and wrote memory. A
 * generated header includes zkglue.h for them.
 */
import type { CallArgument, CallDescription, Coprocessor } from "./coprocessor.js";
import { CoprocessorError } from "./coprocessor.js";

/** Options of `cBindings`. */
export interface BindingsOptions {
  /** The include guard macro, e.g. `ZKGLUE_COPROCESSORS_H`. */
  readonly guard: string;
  /** The command that regenerates the header, named in its first comment. */
  readonly command: string;
  /** What the header holds, a sentence or two for its first comment. */
  readonly description: string;
}

const WIDTH = 100;

/** The SDK's own syscall macros (guest/zkglue.h): no coprocessor's may take these names. */
export const SDK_MACROS: ReadonlySet<string> = new Set(["TERMINATE", "READ", "WRITE", "EXIT"]);

/**
 * The functions the SDK's hand-written headers declare, by header: a generated function of the
 * same name would be a redefinition in the guest that includes both (zkglue.h always: a
 * generated header includes it). Kept by hand because guest/ is not in the installed package;
 * test/cli/bindings-reserved.test.ts checks it against the headers in guest/ a guest includes.
 */
export const SDK_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  "zkglue.h": [
    "zkglue_syscall4",
    "zkglue_syscall1",
    "zkglue_syscall2",
    "zkglue_exit",
    "zkglue_terminate",
    "zkglue_write",
    "zkglue_read",
    "zkglue_read_input",
    "zkglue_commit",
    "zkglue_commit_u32",
    "zkglue_print",
    "zkglue_print_u32",
    "zkglue_print_hex",
    "zkglue_panic",
    "zkglue_cop0",
    "zkglue_cop1",
    "zkglue_cop2",
    "zkglue_cop3",
    "zkglue_cop4",
    "zkglue_cop5",
    "zkglue_cop6",
    "zkglue_sha256",
    "zkglue_poseidon2_compress",
    "zkglue_poseidon2_hash",
    "memcpy",
    "memmove",
    "memset",
    "memcmp",
    "strlen",
  ],
  "zkglue_keccak.h": ["zkglue_keccakf1600", "zkglue_keccak256", "zkglue_sha3_256"],
  "zkglue_sw.h": [
    "zkglue_sw_secp256k1_verify",
    "zkglue_sw_secp256k1_ecrecover",
    "zkglue_sw_modexp",
  ],
  "zkvm_io.h": ["read_input", "write_output"],
  "zkvm_accelerators.h": [
    "zkvm_keccak256",
    "zkvm_sha256",
    "zkvm_secp256k1_verify",
    "zkvm_secp256k1_ecrecover",
    "zkvm_modexp",
  ],
};

/** Each SDK function's header, for the error that names it. */
const SDK_FUNCTION_HEADER = new Map(
  Object.entries(SDK_FUNCTIONS).flatMap(([header, names]) => names.map((n) => [n, header])),
);

/** `ZKGLUE_SYS_<NAME>`: the function's name without a `zkglue_` prefix, in capitals. */
export function syscallMacro(call: CallDescription): string {
  return `ZKGLUE_SYS_${call.function.replace(/^zkglue_/, "").toUpperCase()}`;
}

/**
 * Text safe inside a C block comment, on one line: no star-slash (it would end the comment), no
 * slash-star (-Wcomment, an error under -Werror), no "??" (a trigraph, in -std=c11).
 */
function commentText(s: string): string {
  return s
    .replace(/\*\//g, "* /")
    .replace(/\/\*/g, "/ *")
    .replace(/\?\?/g, "? ?")
    .replace(/\s+/g, " ")
    .trim();
}

/** `s` for a comment, ending with a full stop. */
function sentence(s: string): string {
  const t = commentText(s);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Greedy word wrap of `text` at WIDTH, the first line after `first`, the others after `rest`. */
function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(" ")) {
    const bare = line === first || line === rest;
    if (!bare && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (bare ? "" : " ") + word;
    }
  }
  lines.push(line);
  return lines;
}

/** The C parameter of one argument. */
function parameter(a: CallArgument): string {
  if (a.kind === "value") return `uint32_t ${a.name}`;
  const constness = a.kind === "read" ? "const " : "";
  return a.bytes === true
    ? `${constness}void *${a.name}`
    : `${constness}uint32_t ${a.name}[${a.words}]`;
}

/** `open` + the parameters + `) {`, the parameters wrapped under the parenthesis at WIDTH. */
function signature(open: string, params: readonly string[]): string[] {
  const lines = [open];
  params.forEach((p, i) => {
    const piece = p + (i < params.length - 1 ? "," : ") {");
    const last = lines.length - 1;
    const bare = lines[last] === open || lines[last].trim() === "";
    if (!bare && lines[last].length + 1 + piece.length > WIDTH)
      lines.push(" ".repeat(open.length) + piece);
    else lines[last] += (bare ? "" : " ") + piece;
  });
  return lines;
}

/** What the call does with one argument, for its comment line. */
function layoutOf(a: CallArgument): string {
  if (a.kind === "value") return "a u32 value";
  const n = `${a.words} word${a.words === 1 ? "" : "s"}`;
  const access = { read: "read", write: "written", readwrite: "read and written" }[a.kind];
  const bytes = a.bytes === true ? ` (${4 * a.words} bytes, by byte pointer)` : "";
  return `pointer to ${n}${bytes}, ${access}`;
}

/** The comment and the function of one coprocessor. */
function binding(c: Coprocessor, call: CallDescription): string {
  const macro = syscallMacro(call);
  const head = `${call.function}: coprocessor "${c.name}", ecall ${hex(c.syscall)} (${macro}).`;
  const comment = [
    ...wrap(commentText(head), "/* ", "   "),
    ...(call.doc.trim() === "" ? [] : wrap(sentence(call.doc), "   ", "   ")),
    ...call.args.flatMap((a, i) =>
      wrap(
        sentence(`a${i} ${a.name}: ${layoutOf(a)}${a.doc ? `; ${a.doc}` : ""}`),
        "     ",
        "       ",
      ),
    ),
  ];
  comment[comment.length - 1] += " */";
  const params = call.args.length === 0 ? ["void"] : call.args.map(parameter);
  const args = [macro, ...call.args.map((a) => `(uint32_t)${a.name}`)].join(", ");
  return [
    `#define ${macro} ${hex(c.syscall)}`,
    "",
    ...comment,
    ...signature(`static inline void ${call.function}(`, params),
    `  zkglue_cop${call.args.length}(${args});`,
    "}",
  ].join("\n");
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** The call description of `c`: a coprocessor without one has no binding. */
function callOf(c: Coprocessor): CallDescription {
  const call = c.call;
  if (call === undefined) {
    throw new CoprocessorError(
      `coprocessor "${c.name}" has no call description (call: { function, doc, args }): no binding to generate`,
    );
  }
  return call;
}

/**
 * Refuses a function or syscall macro the SDK's headers already define, and two coprocessors
 * whose functions or syscall macros would have the same name.
 */
function checkDistinct(calls: readonly { c: Coprocessor; call: CallDescription }[]): void {
  const seen = new Map<string, string>();
  for (const { c, call } of calls) {
    const macro = syscallMacro(call);
    if (SDK_MACROS.has(macro.slice("ZKGLUE_SYS_".length)))
      throw new CoprocessorError(
        `coprocessor "${c.name}": its function ${call.function} would define ${macro}, the SDK's own syscall`,
      );
    const header = SDK_FUNCTION_HEADER.get(call.function);
    if (header !== undefined)
      throw new CoprocessorError(
        `coprocessor "${c.name}": its function ${call.function} is already declared by the SDK (guest/${header}); rename it`,
      );
    for (const id of [call.function, macro]) {
      const other = seen.get(id);
      if (other !== undefined)
        throw new CoprocessorError(
          `coprocessors "${other}" and "${c.name}" would both define ${id} in the C header`,
        );
      seen.set(id, c.name);
    }
  }
}

/**
 * The C header of `coprocessors`' guest calls: one syscall macro and one `static inline`
 * function per coprocessor, in the order given. Throws `CoprocessorError` for a coprocessor
 * without a call description, one whose C names the SDK's headers already define, or two that
 * would define the same C name.
 *
 * @example
 * writeFileSync("increment.h", cBindings([increment], {
 *   guard: "INCREMENT_H",
 *   command: "zkglue bindings increment.ts -o increment.h",
 *   description: "The increment coprocessor's guest call.",
 * }));
 */
export function cBindings(coprocessors: readonly Coprocessor[], options: BindingsOptions): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.guard))
    throw new RangeError(`include guard "${options.guard}" is not a C identifier`);
  const calls = coprocessors.map((c) => ({ c, call: callOf(c) }));
  checkDistinct(calls);
  const intro = [
    `Generated by \`${options.command}\`: do not edit; change the coprocessors' call descriptions and regenerate.`,
    options.description,
    "Each function puts its arguments in a0.. and the syscall number in a7 and executes ecall (zkglue_cop<n> in zkglue.h); the coprocessor leaves every register as it was. Pointers must be 4-aligned and lie in guest memory; a call the coprocessor refuses stops the run with an error.",
  ].map((p) => wrap(commentText(p), " * ", " * ").join("\n"));
  return [
    "/*",
    intro.join("\n *\n"),
    " */",
    `#ifndef ${options.guard}`,
    `#define ${options.guard}`,
    "",
    '#include "zkglue.h"',
    "",
    ...calls.map(({ c, call }) => binding(c, call) + "\n"),
    `#endif`,
    "",
  ].join("\n");
}
