/**
 * `zkglue bindings [<module>...] [--builtins] [-o <header.h>]`: writes the C header of
 * coprocessors' guest calls (glue/bindings.ts) — the coprocessors the modules export (loaded as
 * `--coprocessor` loads them), or, with no module or with --builtins, the built-in ones:
 * guest/zkglue_coprocessors.h, which guest/zkglue.h includes, is exactly that output.
 */
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { builtinCoprocessors } from "../coprocessors/index.js";
import { cBindings } from "../glue/bindings.js";
import { CoprocessorError } from "../glue/coprocessor.js";
import { type Command, InputError, type Io, parseCommandLine, UsageError } from "./io.js";
import { sourcedCoprocessors } from "./coprocessors.js";

const USAGE = `usage: zkglue bindings [<module>...] [--builtins] [-o <header.h>]

Writes a C header with one static inline function per coprocessor: it puts the arguments in
a0.. and the syscall number in a7 and executes ecall, with the coprocessor's documentation and
argument layout (pointer or value, words read and written, the syscall number) as comments.
The coprocessors are those the modules export (TypeScript or JavaScript, loaded as
--coprocessor loads them: the default export, one or an array, else every exported
coprocessor). With no module, or with --builtins, the built-in coprocessors' header (the file
guest/zkglue_coprocessors.h, which zkglue.h includes).

options:
  -o, --output <file>   where to write the header (default: stdout)
  --builtins            the built-in coprocessors' header
`;

/** The generated header of the built-in coprocessors: guest/zkglue_coprocessors.h. */
export function builtinBindings(): string {
  return cBindings(builtinCoprocessors(), {
    guard: "ZKGLUE_COPROCESSORS_H",
    command: "zkglue bindings --builtins -o guest/zkglue_coprocessors.h",
    description:
      "The guest calls of the built-in coprocessors (coprocessors/<name>/, their call descriptions in execute.ts). guest/zkglue.h includes this file; a guest includes zkglue.h.",
  });
}

/** An include guard from a file name: `my-cop.h` → `MY_COP_H`. */
function guardOf(file: string): string {
  const g = file.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return /^[A-Z]/.test(g) ? g : `H_${g}`;
}

/** The header of the modules' coprocessors. */
async function userBindings(modules: readonly string[], output: string | undefined) {
  const loaded = (await sourcedCoprocessors(modules)).filter((s) => s.module !== undefined);
  const cops = loaded.map((s) => s.coprocessor);
  const names = cops.map((c) => `"${c.name}" (0x${c.syscall.toString(16)})`).join(", ");
  const sources = modules.map((m) => basename(m));
  const header = output === undefined ? sources[0].replace(/\.[^.]*$/, ".h") : basename(output);
  const options = {
    guard: guardOf(header),
    command: `zkglue bindings ${sources.join(" ")}${output === undefined ? "" : ` -o ${header}`}`,
    description:
      `The guest calls of coprocessor${cops.length === 1 ? "" : "s"} ${names}, from ${sources.join(", ")}. ` +
      `It includes zkglue.h (guest/, on the include path); run the guest with ` +
      `zkglue run --coprocessor ${sources.join(" --coprocessor ")}.`,
  };
  try {
    return cBindings(cops, options);
  } catch (e) {
    if (e instanceof CoprocessorError) throw new InputError(e.message);
    throw e;
  }
}

async function bindingsMain(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    output: { type: "string", short: "o" },
    builtins: { type: "boolean", default: false },
  });
  if (values.builtins === true && positionals.length > 0)
    throw new UsageError("--builtins writes the built-ins' header: name modules or --builtins");
  const text =
    positionals.length === 0 ? builtinBindings() : await userBindings(positionals, values.output);
  if (values.output === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    writeFileSync(values.output, text);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputError(`cannot write the header "${values.output}": ${reason}`);
  }
  io.stderr(`wrote ${values.output}\n`);
  return 0;
}

/** The `bindings` subcommand. */
export const bindingsCommand: Command = {
  summary: "write the C header of coprocessors' guest calls",
  usage: USAGE,
  main: bindingsMain,
};
