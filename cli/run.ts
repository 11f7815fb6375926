/**
 * `zkglue run <elf> [--input <file>] [--json] [--max-cycles <n>]`: executes a guest ELF (fast
 * mode, no proof) and reports the outcome. Without --json the guest's stdout streams as it is
 * written, then exit code, cycles, journal (hex) and speed follow; with --json one JSON object
 * `{ "exitCode", "cycles", "stdout", "journal" }` is printed (stdout as UTF-8 text, journal as
 * hex). The guest's stderr always goes to stderr. A run with a non-zero exit code or a guest
 * fault exits with status 1.
 */
import { execute, GuestError, type RunResult } from "../glue/riscv/index.js";
import {
  COPROCESSOR_OPTION,
  coprocessorUsage,
  machineCoprocessors,
  syscallHint,
} from "./coprocessors.js";
import {
  loadUserElf,
  readUserFile,
  UsageError,
  type Command,
  type Io,
  parseCommandLine,
} from "./io.js";

const USAGE = `usage: zkglue run <elf> [--input <file>] [--json] [--max-cycles <n>]
                  [--coprocessor <module>]...

Runs a static RV32IM guest ELF and prints its exit code, cycles, journal and speed. The built-in
coprocessors (sha256 0x100, poseidon2 0x101, modmul256 0x102, secp256k1_add 0x103,
secp256k1_double 0x104) and those of the --coprocessor modules are available to it.

options:
  --input <file>          private input the guest reads with the read syscall (default: none)
  --json                  print one JSON object { exitCode, cycles, stdout, journal } instead
  --max-cycles <n>        stop with an error after n cycles (default: 2^40)
${coprocessorUsage()}`;

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, {
    input: { type: "string" },
    json: { type: "boolean", default: false },
    "max-cycles": { type: "string" },
    ...COPROCESSOR_OPTION,
  });
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "missing <elf>"
        : `expected one <elf>, got ${positionals.length}: ${positionals.join(" ")}`,
    );
  }
  let maxCycles: number | undefined;
  if (values["max-cycles"] !== undefined) {
    maxCycles = Number(values["max-cycles"]);
    if (!/^\d+$/.test(values["max-cycles"]) || !Number.isSafeInteger(maxCycles) || maxCycles < 1) {
      throw new UsageError(
        `--max-cycles must be a positive integer, got "${values["max-cycles"]}"`,
      );
    }
  }
  return {
    elf: positionals[0],
    input: values.input,
    json: values.json === true,
    maxCycles,
    modules: values.coprocessor ?? [],
  };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function summary(r: RunResult, seconds: number, stdoutEndsLine: boolean): string {
  const mips = seconds > 0 ? r.cycles / seconds / 1e6 : 0;
  return (
    (stdoutEndsLine ? "" : "\n") +
    `exit code: ${r.exitCode}\n` +
    `cycles:    ${r.cycles}\n` +
    `journal:   ${r.journal.length === 0 ? "(empty)" : hex(r.journal)} (${r.journal.length} bytes)\n` +
    `speed:     ${mips.toFixed(1)} MIPS (${(seconds * 1000).toFixed(1)} ms)\n`
  );
}

async function runMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  const program = loadUserElf(args.elf);
  const input = args.input === undefined ? undefined : readUserFile(args.input, "input file");
  const coprocessors = await machineCoprocessors(args.modules);

  let lastByte = 10; // "\n": nothing written yet counts as a finished line
  const t0 = performance.now();
  let result: RunResult;
  try {
    result = execute(program, {
      input,
      coprocessors,
      maxCycles: args.maxCycles,
      onStdout: args.json
        ? undefined
        : (b) => {
            io.stdout(b);
            if (b.length > 0) lastByte = b[b.length - 1];
          },
      onStderr: (b) => io.stderr(b),
    });
  } catch (e) {
    if (e instanceof GuestError) {
      io.stderr(`zkglue run: guest error (${e.kind}): ${e.message}${syscallHint(e)}\n`);
      return 1;
    }
    throw e;
  }
  const seconds = (performance.now() - t0) / 1000;

  if (args.json) {
    const { exitCode, cycles } = result;
    io.stdout(
      JSON.stringify({
        exitCode,
        cycles,
        stdout: new TextDecoder().decode(result.stdout),
        journal: hex(result.journal),
      }) + "\n",
    );
  } else {
    io.stdout(summary(result, seconds, lastByte === 10));
  }
  if (result.exitCode !== 0) {
    io.stderr(`zkglue run: guest exited with code ${result.exitCode} (the run failed)\n`);
    return 1;
  }
  return 0;
}

/** The `run` subcommand. */
export const runCommand: Command = {
  summary: "execute a guest ELF and print its exit code, cycles, journal and speed",
  usage: USAGE,
  main: runMain,
};
