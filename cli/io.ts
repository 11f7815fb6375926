/**
 * What a subcommand needs from the process, passed in so tests can run commands in-process:
 * output streams, and the error types that mean "bad command line" or "unusable input"
 * (exit status 2).
 */

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
