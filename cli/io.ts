/**
 * What a subcommand needs from the process, passed in so tests can run commands in-process:
 * output streams, and the error types that mean "bad command line" or "unusable input"
 * (exit status 2); plus the input-file helpers every subcommand shares.
 */
import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ElfError, loadElf, type Program } from "../glue/riscv/index.js";

/** Output of a command. */
export interface Io {
  stdout(data: string | Uint8Array): void;
  stderr(data: string | Uint8Array): void;
}

/** The process's own streams. */
export const processIo: Io = {
  stdout: (d) => void process.stdout.write(d),
  stderr: (d) => void process.stderr.write(d),
};

/** A bad command line or unusable input file: reported with the command's usage, status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An input file that cannot be used (unreadable, not an ELF): reported alone, status 2. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** A subcommand: one line of help, its usage text, and its body returning the exit status. */
export interface Command {
  summary: string;
  usage: string;
  main(argv: string[], io: Io): Promise<number>;
}

/** Reads a file the user named; a failure is an `InputError` naming the file and the reason. */
export function readUserFile(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputError(`cannot read ${what} "${path}": ${reason}`);
  }
}

/** Reads and loads the guest ELF at `path`; an unreadable or invalid file is an `InputError`. */
export function loadUserElf(path: string): Program {
  const bytes = readUserFile(path, "ELF file");
  try {
    return loadElf(bytes);
  } catch (e) {
    if (e instanceof ElfError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}

/** Parses a subcommand's options and positionals strictly; a bad command line is a `UsageError`. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
