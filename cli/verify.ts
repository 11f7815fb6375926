/**
 * `zkglue verify <receipt> (--elf <elf> | --program-id <hex>) [--coprocessor <module>]...`:
 * checks a receipt against the program it claims to run — given as the ELF (its program id is
 * recomputed) or as the program id itself — on a machine with the built-in coprocessors and
 * those of the modules, and prints the journal on success. Failure: status 1 and the reason.
 *
 * The receipt lists the coprocessors it was proven with (name, syscall, AIR digest), so a
 * receipt proven with another set is refused first, with the difference named — which
 * coprocessor is missing, extra or changed — and what to pass.
 */
import type { Coprocessor } from "../glue/coprocessor.js";
import { CoprocessorError } from "../glue/coprocessor.js";
import { checkSameCoprocessors, coprocessorIds } from "../glue/coprocessor-chip.js";
import { machineChips } from "../glue/machine.js";
import {
  parseReceipt,
  programIdOf,
  type Receipt,
  ReceiptError,
  verifyReceipt,
} from "../glue/receipt.js";
import { COPROCESSOR_OPTION, coprocessorUsage, machineCoprocessors } from "./coprocessors.js";
import {
  UsageError,
  loadUserElf,
  readUserFile,
  type Command,
  type Io,
  parseCommandLine,
} from "./io.js";

const USAGE = `usage: zkglue verify <receipt> (--elf <elf> | --program-id <hex>)
                     [--coprocessor <module>]...

Verifies a receipt and prints its journal. The receipt must have been proven with the built-in
coprocessors and those of the --coprocessor modules, exactly (zkglue prove with the same
modules); another set is refused with the difference named.

options:
  --elf <file>            the guest ELF the receipt must be for (its program id is recomputed)
  --program-id <hex>      the program id (64 hex digits) the receipt must be for
${coprocessorUsage()}`;

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, {
    elf: { type: "string" },
    "program-id": { type: "string" },
    ...COPROCESSOR_OPTION,
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
  return {
    receipt: positionals[0],
    elf: values.elf,
    programId: id,
    modules: values.coprocessor ?? [],
  };
}

/**
 * Why the receipt's coprocessor set differs from the verifier's, with what to pass; undefined
 * when they are the same.
 */
function setMismatch(receipt: Receipt, coprocessors: readonly Coprocessor[]): string | undefined {
  const given = coprocessorIds(machineChips(receipt.key.text, coprocessors));
  try {
    checkSameCoprocessors(receipt.key.coprocessors, given);
    return undefined;
  } catch (e) {
    if (!(e instanceof CoprocessorError)) throw e;
    const proven = receipt.key.coprocessors
      .map((c) => `${c.name} (0x${c.syscall.toString(16)})`)
      .join(", ");
    return (
      `${e.message}.\nThe receipt was proven with: ${proven}. Pass --coprocessor <module> for ` +
      `each coprocessor that is not built in, the same modules it was proven with.`
    );
  }
}

async function verifyMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  const bytes = readUserFile(args.receipt, "receipt");
  const coprocessors = await machineCoprocessors(args.modules);
  let receipt: Receipt;
  try {
    receipt = parseReceipt(bytes);
  } catch (e) {
    if (!(e instanceof ReceiptError)) throw e;
    io.stderr(`zkglue verify: ${e.message}\n`);
    return 1;
  }
  const mismatch = setMismatch(receipt, coprocessors);
  if (mismatch !== undefined) {
    io.stderr(`zkglue verify: receipt rejected: ${mismatch}\n`);
    return 1;
  }
  let trusted: Uint8Array;
  if (args.elf !== undefined) {
    trusted = programIdOf(loadUserElf(args.elf), coprocessors);
  } else {
    trusted = new Uint8Array(Buffer.from(args.programId!, "hex"));
  }
  const t0 = performance.now();
  let journal: Uint8Array;
  const segments = receipt.proofs.length;
  try {
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
