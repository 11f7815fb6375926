/**
 * `--coprocessor <module>` (repeatable), shared by run, prove, verify, savings, fuzz and
 * bindings: the user's coprocessors, loaded from TypeScript or JavaScript modules with no build
 * step (load-module.ts), added to the built-in ones.
 *
 * What a module contributes: its default export — one coprocessor, or an array of them — or,
 * when it has no default export, every named export that is a coprocessor (an object with
 * `syscall` and `execute`). Each is checked with `defineCoprocessor`'s rules, so a plain object
 * gets the same errors as a defined one. A module that contributes nothing, a coprocessor that
 * fails a rule, and two coprocessors with the same name, syscall number or C function (a
 * built-in included) are `InputError`s that name the module.
 */
import { resolve } from "node:path";
import { builtinCoprocessors } from "../coprocessors/index.js";
import {
  type Coprocessor,
  CoprocessorError,
  validateCoprocessorSpec,
} from "../glue/coprocessor.js";
import type { GuestError } from "../glue/riscv/index.js";
import { InputError } from "./io.js";
import { importUserModule } from "./load-module.js";

/** The option for `parseCommandLine`: `--coprocessor <module>`, any number of times. */
export const COPROCESSOR_OPTION = { coprocessor: { type: "string", multiple: true } } as const;

/** The usage lines that document it, the text starting at column `at` as the other options'. */
export function coprocessorUsage(at = 26): string {
  const pad = " ".repeat(at);
  const name = "  --coprocessor <module>";
  return (
    (name.length + 2 <= at ? name.padEnd(at) : `${name}\n${pad}`) +
    "add the coprocessors a TypeScript or JavaScript module exports\n" +
    `${pad}(its default export, one or an array; else every exported\n` +
    `${pad}coprocessor) to the built-in ones; repeatable\n`
  );
}

/** A coprocessor and where it came from: a module path, or undefined for a built-in. */
export interface SourcedCoprocessor {
  readonly coprocessor: Coprocessor;
  readonly module?: string;
}

const looksLikeCoprocessor = (v: unknown) =>
  typeof v === "object" && v !== null && "syscall" in v && "execute" in v;

/** The coprocessors module `path` exports (see the module comment), validated. */
export async function loadCoprocessorModule(path: string): Promise<Coprocessor[]> {
  const mod = await importUserModule(path);
  let found: unknown[];
  if (mod.default !== undefined) {
    found = Array.isArray(mod.default) ? mod.default : [mod.default];
    if (found.length === 0) throw new InputError(`${path}: its default export is an empty array`);
  } else {
    found = Object.values(mod).filter(looksLikeCoprocessor);
  }
  if (found.length === 0) {
    throw new InputError(
      `${path} exports no coprocessor: write \`export default defineCoprocessor({ ... })\` ` +
        `(or export an array of them)`,
    );
  }
  for (const c of found) {
    if (typeof c !== "object" || c === null)
      throw new InputError(`${path}: its default export is not a coprocessor (${typeof c})`);
    try {
      validateCoprocessorSpec(c as Coprocessor);
    } catch (e) {
      if (e instanceof CoprocessorError) throw new InputError(`${path}: ${e.message}`);
      throw e;
    }
  }
  return found as Coprocessor[];
}

const origin = (s: SourcedCoprocessor) =>
  s.module === undefined
    ? `the built-in "${s.coprocessor.name}"`
    : `"${s.coprocessor.name}" (from ${s.module})`;

/** Refuses two coprocessors that share a name, a syscall number or a C function name. */
function checkClashes(all: readonly SourcedCoprocessor[]): void {
  const keys: [string, (c: Coprocessor) => string | undefined, string][] = [
    ["name", (c) => `"${c.name}"`, "rename one"],
    ["syscall", (c) => `0x${c.syscall.toString(16)}`, "user syscalls start at 0x1000"],
    ["C function", (c) => c.call?.function, "rename one's call.function"],
  ];
  for (const [what, key, hint] of keys) {
    const seen = new Map<string, SourcedCoprocessor>();
    for (const s of all) {
      const k = key(s.coprocessor);
      if (k === undefined) continue;
      const other = seen.get(k);
      if (other !== undefined) {
        throw new InputError(
          `coprocessor ${origin(s)} and ${origin(other)} have the same ${what} ${k} (${hint})`,
        );
      }
      seen.set(k, s);
    }
  }
}

/**
 * The built-in coprocessors followed by those of `modules` (in the order given; a module named
 * twice is loaded once), each with its origin.
 */
export async function sourcedCoprocessors(
  modules: readonly string[] = [],
): Promise<SourcedCoprocessor[]> {
  const all: SourcedCoprocessor[] = builtinCoprocessors().map((coprocessor) => ({ coprocessor }));
  const loaded = new Set<string>();
  for (const module of modules) {
    if (loaded.has(resolve(module))) continue;
    loaded.add(resolve(module));
    for (const coprocessor of await loadCoprocessorModule(module))
      all.push({ coprocessor, module });
  }
  checkClashes(all);
  return all;
}

/**
 * The coprocessors of a machine run with `--coprocessor` modules: the built-ins, then the
 * modules'. The program id binds this list.
 *
 * @example
 * const coprocessors = await machineCoprocessors(values.coprocessor);
 */
export async function machineCoprocessors(modules: readonly string[] = []): Promise<Coprocessor[]> {
  return (await sourcedCoprocessors(modules)).map((s) => s.coprocessor);
}

/** For a guest that called a syscall no coprocessor has: how to give it one. */
export function syscallHint(e: GuestError): string {
  return e.kind === "unknown-syscall"
    ? " (a user coprocessor's? pass its module with --coprocessor <module>)"
    : "";
}
