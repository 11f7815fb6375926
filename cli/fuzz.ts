/**
 * `zkglue fuzz <coprocessor>...`: the underconstraint fuzzer (glue/fuzz) on built-in
 * coprocessors' tables. Builds a valid table from each coprocessor's sample calls, mutates every
 * cell of every column on sampled real and padding rows, and prints per column the mutations
 * tried and undetected. Status 1 if a mutation went undetected in a cell the coprocessor does not
 * declare free; 0 otherwise.
 */
import { builtinCoprocessors } from "../coprocessors/index.js";
import { fuzzCoprocessor } from "../glue/fuzz/coprocessor.js";
import { fuzzText } from "../glue/fuzz/report.js";
import { type Command, type Io, parseCommandLine, UsageError } from "./io.js";

const USAGE = `usage: zkglue fuzz <coprocessor>... [--seed <n>] [--rows <n>]

Mutates every cell of each coprocessor's table (random values, ±1, a flipped bit, 0, a swap
with another row, and edits mirrored on the memory or CPU side of a message) and reports, per
column, the mutations no constraint and no bus noticed. Exits with status 1 if any went
undetected in a cell the coprocessor does not declare free (with a reason). "all" fuzzes every
built-in coprocessor.

options:
  --seed <n>   seed of the samples and the mutations (default 1)
  --rows <n>   real rows mutated per table (default 6; padding rows: 3)
`;

function positiveInt(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${name} must be a positive integer`);
  return Number(v);
}

async function fuzzMain(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    seed: { type: "string" },
    rows: { type: "string" },
  });
  if (positionals.length === 0) throw new UsageError("name at least one coprocessor (or all)");
  const builtins = builtinCoprocessors();
  const names = positionals.includes("all") ? builtins.map((c) => c.name) : positionals;
  const chosen = names.map((n) => {
    const c = builtins.find((b) => b.name === n);
    if (c === undefined) {
      throw new UsageError(
        `no coprocessor named "${n}" (built-in: ${builtins.map((b) => b.name).join(", ")})`,
      );
    }
    return c;
  });
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
  summary: "find underconstrained columns of coprocessor tables by mutating valid traces",
  usage: USAGE,
  main: fuzzMain,
};
