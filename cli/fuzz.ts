/**
 * `zkglue fuzz <coprocessor or module>... [--coprocessor <module>]...`: the underconstraint
 * fuzzer (glue/fuzz) on coprocessors' tables — built-in ones by name, users' from their modules
 * (a positional ending in .ts, .js, ... is a module: every coprocessor it exports is fuzzed;
 * `--coprocessor` modules' are fuzzed when no name is given, or by name). Builds a valid table from each coprocessor's sample calls, mutates every
 * cell of every column on sampled real and padding rows, and prints per column the mutations
 * tried and undetected. Status 1 if a mutation went undetected in a cell the coprocessor does not
 * declare free; 0 otherwise.
 *
 * `zkglue fuzz --machine <elf>...`: the same on the machine's own tables (the RISC-V chips),
 * on the witness of each guest's run (glue/fuzz/machine.ts).
 */
import type { Coprocessor } from "../glue/coprocessor.js";
import { fuzzCoprocessor } from "../glue/fuzz/coprocessor.js";
import { fuzzMachine, type MachineFuzzReport } from "../glue/fuzz/machine.js";
import { fuzzText } from "../glue/fuzz/report.js";
import { basename, resolve } from "node:path";
import {
  COPROCESSOR_OPTION,
  coprocessorUsage,
  machineCoprocessors,
  sourcedCoprocessors,
} from "./coprocessors.js";
import {
  type Command,
  type Io,
  loadUserElf,
  parseCommandLine,
  readUserFile,
  UsageError,
} from "./io.js";

const USAGE = `usage: zkglue fuzz <coprocessor or module>... [--seed <n>] [--rows <n>]
                   [--coprocessor <module>]...
       zkglue fuzz --machine <elf>... [--input <file>] [--per-kind <n>] [--segment-cycles <n>]
                   [--seed <n>] [--verbose] [--coprocessor <module>]...

Mutates every cell of each coprocessor's table (random values, ±1, a flipped bit, 0, a swap
with another row, and edits mirrored on the memory or CPU side of a message) and reports, per
column, the mutations no constraint and no bus noticed. Exits with status 1 if any went
undetected in a cell the coprocessor does not declare free (with a reason). Name built-in
coprocessors, or give modules (a .ts, .mts, .js or .mjs file: every coprocessor it exports);
"all" fuzzes every built-in coprocessor and every loaded one. With --coprocessor modules and no
name, their coprocessors are fuzzed.

With --machine, fuzzes the machine's own tables instead (CPU, ALU, load/store, program, image,
boundary, byte, syscall, io and writable-range chips) on the run of each guest ELF, the built-in
coprocessors and those of the --coprocessor modules available to it. Real rows are chosen per
kind of row (instruction class, ALU operation and case, syscall kind, ...), so rare kinds are
mutated too; edits are mirrored on the
memory bus for the CPU, syscall and io tables, on the ALU bus for the ALU chips (the division
chip's receives only), on the load/store, syscall, io and writable-range buses for the chips
that serve them; a range or byte lookup moved to another valid value counts as undetected.
Prints one line per table (every table with findings in full), and exits with status 1 if any
mutation went undetected in a cell its chip does not declare free (glue/chips/<chip>/free.ts).

options:
  --seed <n>            seed of the samples and the mutations (default 1)
  --rows <n>            real rows mutated per table (default 6; padding rows: 3)
  --machine             fuzz the RISC-V tables on the runs of the ELFs given
  --input <file>        private input of the guests (with --machine; default: none)
  --per-kind <n>        real rows mutated per kind of row (with --machine; default 2)
  --segment-cycles <n>  cycles per segment (with --machine; default 2^20): a power of two
  --verbose             print every table in full (with --machine)
${coprocessorUsage(24)}`;

function positiveInt(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${name} must be a positive integer`);
  return Number(v);
}

/** One line for a machine table's report. */
function machineLine(r: MachineFuzzReport): string {
  const where = r.segment === undefined ? r.table : `${r.table} (segment ${r.segment})`;
  const found = r.unexplained.length;
  return (
    `${r.run}: ${where}: ${r.tried.toLocaleString("en-US")} mutations on ${r.rows.real.length} real ` +
    `rows (${r.kinds.size} kind(s)) and ${r.rows.padding.length} padding rows, ` +
    `${r.undetected.toLocaleString("en-US")} undetected` +
    (found > 0 ? `, ${found} column(s) not declared free` : ", all in declared free cells")
  );
}

/** `zkglue fuzz --machine <elf>...`. */
async function fuzzMachineMain(
  elfs: readonly string[],
  values: Record<string, string | boolean | string[] | undefined>,
  io: Io,
): Promise<number> {
  if (elfs.length === 0) throw new UsageError("name at least one guest ELF with --machine");
  const input =
    typeof values.input === "string" ? readUserFile(values.input, "input file") : undefined;
  const seed = positiveInt(values.seed as string | undefined, "--seed", 1);
  const perKind = positiveInt(values["per-kind"] as string | undefined, "--per-kind", 2);
  const segmentCycles = positiveInt(
    values["segment-cycles"] as string | undefined,
    "--segment-cycles",
    2 ** 20,
  );
  if ((segmentCycles & (segmentCycles - 1)) !== 0 || segmentCycles < 8)
    throw new UsageError("--segment-cycles must be a power of two ≥ 8");
  const programs = elfs.map((path) => ({ path, program: loadUserElf(path) }));
  const coprocessors = await machineCoprocessors(values.coprocessor as string[] | undefined);
  let ok = true;
  for (const { path, program } of programs) {
    const t0 = performance.now();
    const reports = fuzzMachine(
      {
        name: basename(path),
        program,
        input,
        coprocessors,
        segmentCycles,
      },
      { seed, perKind },
    );
    for (const r of reports) {
      io.stdout(`${machineLine(r)}\n`);
      if (!r.ok || values.verbose === true) io.stdout(`${fuzzText(r)}\n\n`);
      ok &&= r.ok;
    }
    io.stdout(`  (${basename(path)}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n\n`);
  }
  io.stdout(ok ? "no undetected mutation outside declared free cells\n" : "FINDINGS: see above\n");
  return ok ? 0 : 1;
}

const MODULE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/**
 * The coprocessors to fuzz: built-ins by name, every coprocessor of a module given as a
 * positional, the --coprocessor modules' when nothing is named, everything with "all".
 */
async function chosenCoprocessors(
  positionals: readonly string[],
  modules: readonly string[],
): Promise<Coprocessor[]> {
  const named = positionals.filter((p) => !MODULE.test(p));
  const direct = positionals.filter((p) => MODULE.test(p));
  const all = await sourcedCoprocessors([...modules, ...direct]);
  if (named.includes("all")) return all.map((s) => s.coprocessor);
  const directPaths = new Set(direct.map((d) => resolve(d)));
  const fromDirect = all.filter(
    (s) => s.module !== undefined && directPaths.has(resolve(s.module)),
  );
  if (named.length === 0 && direct.length === 0) {
    const loaded = all.filter((s) => s.module !== undefined);
    if (loaded.length === 0)
      throw new UsageError("name at least one coprocessor or module (or all)");
    return loaded.map((s) => s.coprocessor);
  }
  const byName = named.map((n) => {
    const s = all.find((x) => x.coprocessor.name === n);
    if (s === undefined) {
      const names = (loaded: boolean) =>
        all.filter((x) => (x.module !== undefined) === loaded).map((x) => x.coprocessor.name);
      const loaded = names(true);
      throw new UsageError(
        `no coprocessor named "${n}" (built-in: ${names(false).join(", ")}` +
          `${loaded.length > 0 ? `; from modules: ${loaded.join(", ")}` : ""}; ` +
          `a module is a file ending in .ts, .js, ...)`,
      );
    }
    return s.coprocessor;
  });
  return [...byName, ...fromDirect.map((s) => s.coprocessor)];
}

async function fuzzMain(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    seed: { type: "string" },
    rows: { type: "string" },
    machine: { type: "boolean" },
    input: { type: "string" },
    "per-kind": { type: "string" },
    "segment-cycles": { type: "string" },
    verbose: { type: "boolean" },
    ...COPROCESSOR_OPTION,
  });
  if (values.machine === true) return fuzzMachineMain(positionals, values, io);
  for (const o of ["input", "per-kind", "segment-cycles", "verbose"] as const)
    if (values[o] !== undefined) throw new UsageError(`--${o} goes with --machine`);
  const chosen = await chosenCoprocessors(positionals, values.coprocessor ?? []);
  const seed = positiveInt(values.seed, "--seed", 1);
  const realSamples = positiveInt(values.rows, "--rows", 6);
  let ok = true;
  for (const c of chosen) {
    const t0 = performance.now();
    const report = fuzzCoprocessor(c, { seed, realSamples });
    io.stdout(`${fuzzText(report)}\n  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n\n`);
    ok &&= report.ok;
  }
  io.stdout(ok ? "no undetected mutation outside declared free cells\n" : "FINDINGS: see above\n");
  return ok ? 0 : 1;
}

/** The `fuzz` subcommand. */
export const fuzzCommand: Command = {
  summary:
    "find underconstrained columns of coprocessor (or, with --machine, RISC-V) tables by mutating valid traces",
  usage: USAGE,
  main: fuzzMain,
};
