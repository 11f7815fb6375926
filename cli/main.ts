#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node
/**
 * `zkglue`: the command-line entry point. A table maps each subcommand to its module, loaded
 * on demand; adding a subcommand is one line in COMMANDS. Exit status: 0 success, 1 a failed
 * run (non-zero guest exit code or guest fault), 2 a bad command line or unusable input.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InputError, processIo, UsageError, type Command, type Io } from "./io.js";

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  run: {
    summary: "execute a guest ELF: exit code, cycles, journal, speed",
    load: async () => (await import("./run.js")).runCommand,
  },
  prove: {
    summary: "prove a guest ELF's run and write its receipt",
    load: async () => (await import("./prove.js")).proveCommand,
  },
  verify: {
    summary: "verify a receipt and print its journal",
    load: async () => (await import("./verify.js")).verifyCommand,
  },
  savings: {
    summary: "compare a run without and with a coprocessor: cycles, cells, prove time",
    load: async () => (await import("./savings.js")).savingsCommand,
  },
  "serve-verifier": {
    summary: "serve the page that verifies receipts in a browser",
    load: async () => (await import("./serve-verifier.js")).serveVerifierCommand,
  },
  bindings: {
    summary: "write the C header of coprocessors' guest calls",
    load: async () => (await import("./bindings.js")).bindingsCommand,
  },
  worker: {
    summary: "prove segments of `zkglue prove --queue` runs, from a BullMQ queue on Redis",
    load: async () => (await import("./worker-command.js")).workerCommand,
  },
  fuzz: {
    summary: "find underconstrained columns of coprocessor tables (the fuzzer)",
    load: async () => (await import("./fuzz.js")).fuzzCommand,
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
  return `usage: zkglue <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nzkglue <command> --help shows a command's options.\n`;
}

/**
 * Runs `zkglue` with `argv` (the arguments after the program name); returns the exit status.
 *
 * @example
 * process.exitCode = await main(["run", "examples/guests/fibonacci.elf"]);
 */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr(`zkglue: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.main(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`zkglue ${name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr(`zkglue ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** True when this file is the program node was started with (also through a bin symlink). */
function isEntryPoint(): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run when executed (node dist/cli/main.js, npx zkglue, tsx cli/main.ts), not when imported.
if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (status) => (process.exitCode = status),
    (e: unknown) => {
      process.stderr.write(`zkglue: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
