/**
 * `zkglue savings <baseline.elf> <accelerated.elf> [--input <file>] [--prove] [--runs <n>]
 * [--segment-cycles <n>] [--json] [--html <out.html>]`: what a coprocessor saves. Runs both
 * guests on the same machine (the built-in coprocessors and those of `--coprocessor` modules)
 * and puts their cycles, rows per table and trace cells side by side with the ratios baseline /
 * accelerated; with --prove also prove time, verify time and receipt size. A terminal table by default, one JSON object with --json, and a
 * self-contained HTML page with charts with --html. The computation lives in cli/savings/; this
 * file only reads the command line and reports.
 *
 * Exit status: 0, or 1 when the journals differ (the two programs do not compute the same
 * thing) or a guest fails, or 2 for a bad command line or unusable file.
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { z } from "zod";
import { checkSegmentCycles } from "../glue/chips/generate.js";
import type { Coprocessor } from "../glue/coprocessor.js";
import {
  InputError,
  loadUserElf,
  processIo,
  readUserFile,
  UsageError,
  type Command,
  type Io,
  parseCommandLine,
} from "./io.js";
import { COPROCESSOR_OPTION, coprocessorUsage, machineCoprocessors } from "./coprocessors.js";
import { savingsHtml } from "./savings/html.js";
import { measureSavings, WorkloadError } from "./savings/measure.js";
import type { SavingsReport } from "./savings/model.js";
import { savingsText } from "./savings/text.js";

const USAGE = `usage: zkglue savings <baseline.elf> <accelerated.elf> [--input <file>] [--prove]
                      [--runs <n>] [--segment-cycles <n>] [--json] [--html <out.html>]
                      [--coprocessor <module>]...

Runs the same workload without and with a coprocessor (both on a machine with the built-in
coprocessors and those of the --coprocessor modules) and shows what it saves: cycles, rows per table, trace cells (rows x (main +
preprocessed + 4 x aux columns), without and with padding) and the ratios baseline / accelerated.
The two runs must publish the same journal (else status 1).

options:
  --input <file>          private input, the same for both runs (default: none)
  --prove                 also prove and verify both runs: prove ms, verify ms, receipt bytes
  --runs <n>              with --prove: prove n times each and report medians (default 1)
  --segment-cycles <n>    cycles per segment, a power of two in [8, 4194304] (default 1048576)
  --json                  print one JSON object instead of the table
  --html <out.html>       also write a self-contained HTML page with charts
${coprocessorUsage()}`;

const argsSchema = z.object({
  positionals: z
    .array(z.string())
    .min(2, "missing <baseline.elf> <accelerated.elf>: expected two ELFs")
    .max(2, "expected two ELFs, <baseline.elf> <accelerated.elf>, not more"),
  input: z.string().optional(),
  prove: z.boolean(),
  runs: z
    .string()
    .regex(/^\d+$/, "--runs must be a positive integer")
    .transform(Number)
    .pipe(z.number().int().min(1, "--runs must be at least 1").max(50, "--runs is at most 50"))
    .optional(),
  segmentCycles: z
    .string()
    .regex(/^\d+$/, "--segment-cycles must be a positive integer")
    .transform(Number)
    .optional(),
  json: z.boolean(),
  html: z.string().min(1, "--html needs a file name").optional(),
  coprocessor: z.array(z.string().min(1, "--coprocessor needs a module")).optional(),
});

/** The command line, checked (zod): two ELFs and valid option values, else a `UsageError`. */
function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, {
    input: { type: "string" },
    prove: { type: "boolean", default: false },
    runs: { type: "string" },
    "segment-cycles": { type: "string" },
    json: { type: "boolean", default: false },
    html: { type: "string" },
    ...COPROCESSOR_OPTION,
  });
  const { values: v, positionals } = parsed;
  const args = argsSchema.safeParse({ ...v, segmentCycles: v["segment-cycles"], positionals });
  if (!args.success) throw new UsageError(args.error.issues[0].message);
  if (args.data.runs !== undefined && !args.data.prove)
    throw new UsageError("--runs only applies with --prove");
  const seg = args.data.segmentCycles;
  if (seg !== undefined) {
    try {
      checkSegmentCycles(seg);
    } catch (e) {
      throw new UsageError(`--segment-cycles ${seg}: ${(e as Error).message}`);
    }
  }
  return args.data;
}

/** Refuses, before any work, an HTML path whose folder does not exist (an `InputError`). */
function checkHtmlPath(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new InputError(`cannot write the HTML report "${path}": no folder "${folder}"`);
}

/** Writes the HTML page; a path that cannot be written is an `InputError` naming it. */
function writeHtml(path: string, report: SavingsReport): void {
  try {
    writeFileSync(path, savingsHtml(report));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputError(`cannot write the HTML report "${path}": ${reason}`);
  }
}

/** Measures both runs; a failing guest is reported (naming its ELF) as `undefined`. */
function measure(
  args: ReturnType<typeof parse>,
  coprocessors: readonly Coprocessor[],
  io: Io,
): SavingsReport | undefined {
  const workloads = args.positionals.map((path) => ({
    label: basename(path),
    program: loadUserElf(path),
  }));
  const input = args.input === undefined ? undefined : readUserFile(args.input, "input file");
  const tty = io === processIo && process.stderr.isTTY === true; // rewrite progress in place
  const progress = args.prove
    ? (m: string) => io.stderr(tty ? `\r\x1b[K${m}` : `${m}\n`)
    : undefined;
  let report: SavingsReport | undefined;
  let failure: unknown;
  try {
    report = measureSavings(workloads[0], workloads[1], {
      coprocessors,
      input,
      segmentCycles: args.segmentCycles,
      proveRuns: args.prove ? (args.runs ?? 1) : 0,
      onProgress: progress,
    });
  } catch (e) {
    failure = e;
  }
  if (tty && progress !== undefined) io.stderr("\r\x1b[K"); // the last progress line
  if (failure === undefined) return report;
  if (!(failure instanceof WorkloadError)) throw failure;
  io.stderr(`zkglue savings: ${failure.message}\n`);
  return undefined;
}

async function savingsMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  if (args.html !== undefined) checkHtmlPath(args.html);
  const report = measure(args, await machineCoprocessors(args.coprocessor), io);
  if (report === undefined) return 1;
  io.stdout(args.json ? JSON.stringify(report, null, 2) + "\n" : savingsText(report));
  if (args.html !== undefined) writeHtml(args.html, report);
  if (!report.journalsMatch) {
    io.stderr(
      `zkglue savings: the journals differ (baseline ${report.baseline.journal || "(empty)"}, ` +
        `accelerated ${report.accelerated.journal || "(empty)"}): the two programs do not compute ` +
        `the same thing${args.prove ? ", so neither was proven" : ""}\n`,
    );
    return 1;
  }
  return 0;
}

/** The `savings` subcommand. */
export const savingsCommand: Command = {
  summary: "compare a run without and with a coprocessor: cycles, cells, prove time",
  usage: USAGE,
  main: savingsMain,
};
