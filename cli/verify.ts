/**
 * `zkglue verify <receipt> (--elf <elf> | --program-id <hex>)`: checks a receipt against the
 * program it claims to run — given as the ELF (its program id is recomputed) or as the program
 * id itself — and prints the journal on success. Failure: status 1 and the reason.
 */
import { parseReceipt, programIdOf, ReceiptError, verifyReceipt } from "../glue/receipt.js";
import { builtinCoprocessors } from "../coprocessors/index.js";
import {
  UsageError,
  loadUserElf,
  readUserFile,
  type Command,
  type Io,
  parseCommandLine,
} from "./io.js";

const USAGE = `usage: zkglue verify <receipt> (--elf <elf> | --program-id <hex>)

Verifies a receipt and prints its journal. The receipt must have been proven with the built-in
coprocessors (as zkglue prove does); another set is refused with the difference named.

options:
  --elf <file>         the guest ELF the receipt must be for (its program id is recomputed)
  --program-id <hex>   the program id (64 hex digits) the receipt must be for
`;

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, {
    elf: { type: "string" },
    "program-id": { type: "string" },
  });
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? "missing <receipt>" : "expected one <receipt>");
  if ((values.elf === undefined) === (values["program-id"] === undefined)) {
    throw new UsageError("give exactly one of --elf <elf> and --program-id <hex>");
  }
  const id = values["program-id"];
  if (id !== undefined && !/^[0-9a-fA-F]{64}$/.test(id))
    throw new UsageError("--program-id must be 64 hex digits");
  return { receipt: positionals[0], elf: values.elf, programId: id };
}

async function verifyMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  const bytes = readUserFile(args.receipt, "receipt");
  const coprocessors = builtinCoprocessors();
  let trusted: Uint8Array;
  if (args.elf !== undefined) {
    trusted = programIdOf(loadUserElf(args.elf), coprocessors);
  } else {
    trusted = new Uint8Array(Buffer.from(args.programId!, "hex"));
  }
  const t0 = performance.now();
  let journal: Uint8Array;
  let segments: number;
  try {
    const receipt = parseReceipt(bytes);
    segments = receipt.proofs.length;
    journal = verifyReceipt(receipt, trusted, coprocessors);
  } catch (e) {
    if (e instanceof ReceiptError) {
      io.stderr(`zkglue verify: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const ms = performance.now() - t0;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(journal);
  io.stdout(
    `receipt verified (${ms.toFixed(0)} ms, ${segments} segment${segments === 1 ? "" : "s"})\n` +
      `journal (${journal.length} bytes): ${Buffer.from(journal).toString("hex")}\n` +
      (/^[\x20-\x7e\n\t]*$/.test(text) && journal.length > 0 ? `journal (text): ${text}\n` : ""),
  );
  return 0;
}

/** The `verify` subcommand. */
export const verifyCommand: Command = {
  summary: "verify a receipt against an ELF or a program id and print its journal",
  usage: USAGE,
  main: verifyMain,
};
