/**
 * `zkglue verify <receipt> (--elf <elf> | --program-id <hex>) [--coprocessor <module>]...`:
 * checks a receipt (or a chain receipt: glue/paging/chain.ts) against the program it claims to run — given as the ELF (its program id is
 * recomputed) or as the program id itself — on a machine with the built-in coprocessors and
 * those of the modules, and prints the journal on success. Failure: status 1 and the reason.
 *
 * The receipt lists the coprocessors it was proven with (name, syscall, AIR digest), so a
 * receipt proven with another set is refused first, with the difference named — which
 * coprocessor is missing, extra or changed — and what to pass. That list is untrusted: one no
 * machine could have written (a name no coprocessor can have, a name or syscall twice) is refused
 * as malformed, and the message shows only printable text, of bounded length.
 */
import type { Coprocessor } from "../glue/coprocessor.js";
import { CoprocessorError } from "../glue/coprocessor.js";
import {
  checkSameCoprocessors,
  coprocessorChip,
  type CoprocessorId,
  coprocessorIds,
} from "../glue/coprocessor-chip.js";
import {
  parseReceipt,
  programIdOf,
  type Receipt,
  ReceiptError,
  verifyReceipt,
} from "../glue/receipt.js";
import {
  chainProgramIdOf,
  isChainReceipt,
  parseChainReceipt,
  verifyChainReceipt,
} from "../glue/paging/chain.js";
import { chainMachines } from "../glue/paging/chunk-proof.js";
import type { VerifyOptions } from "../core/stark/verifier.js";
import type { Program } from "../glue/riscv/index.js";
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
                     [--require-zk] [--coprocessor <module>]...

Verifies a receipt (or a chain receipt, of zkglue prove --chunk-cycles) and prints its journal.
The receipt must have been proven with the built-in
coprocessors and those of the --coprocessor modules, exactly (zkglue prove with the same
modules); another set is refused with the difference named.

options:
  --elf <file>            the guest ELF the receipt must be for (its program id is recomputed)
  --program-id <hex>      the program id (64 hex digits) the receipt must be for
  --require-zk            refuse a receipt that is not zero-knowledge (proven with --no-zk)
${coprocessorUsage()}`;

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, {
    elf: { type: "string" },
    "program-id": { type: "string" },
    "require-zk": { type: "boolean" },
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
    requireZk: values["require-zk"] === true,
  };
}

/** The names a genuine prover writes, its machine having validated them (coprocessor-schema.ts). */
const COPROCESSOR_NAME = /^[a-z][a-z0-9_]*$/;

/** Coprocessors listed in the message at most; a tampered receipt may list 256. */
const MAX_LISTED = 8;

/** Untrusted text for a terminal: its first 24 characters, quoted, only printable ASCII. */
function quoted(s: string): string {
  const chars = [...s];
  const safe = chars
    .slice(0, 24)
    .map((ch) => (/^[\x20-\x7e]$/.test(ch) && ch !== '"' && ch !== "\\" ? ch : escapeOf(ch)))
    .join("");
  return chars.length > 24 ? `"${safe}..." (${chars.length} characters)` : `"${safe}"`;
}

const escapeOf = (ch: string) => `\\u{${ch.codePointAt(0)!.toString(16)}}`;

/** The first coprocessor of `ids` whose `field` an earlier one has too. */
function repeated(ids: readonly CoprocessorId[], field: "name" | "syscall") {
  const seen = new Set<string | number>();
  for (const c of ids) {
    if (seen.has(c[field])) return c;
    seen.add(c[field]);
  }
  return undefined;
}

/**
 * Why the receipt's coprocessor list could come from no machine (a machine validates its
 * coprocessors' names and refuses a name or syscall twice), or undefined.
 */
function malformedSet(proven: readonly CoprocessorId[]): string | undefined {
  const bad = proven.findIndex((c) => !COPROCESSOR_NAME.test(c.name));
  if (bad >= 0)
    return `the receipt is malformed: its coprocessor ${bad} is named ${quoted(proven[bad].name)}, which no coprocessor can be`;
  const name = repeated(proven, "name");
  if (name !== undefined)
    return `the receipt is malformed: it lists coprocessor "${name.name}" twice`;
  const syscall = repeated(proven, "syscall");
  if (syscall !== undefined)
    return `the receipt is malformed: it lists syscall 0x${syscall.syscall.toString(16)} twice`;
  return undefined;
}

/** `ids` as "name (0x..)", the first MAX_LISTED of them and how many more. */
function listed(ids: readonly CoprocessorId[]): string {
  const shown = ids.slice(0, MAX_LISTED).map((c) => `${c.name} (0x${c.syscall.toString(16)})`);
  const more = ids.length - shown.length;
  return shown.join(", ") + (more > 0 ? ` and ${more} more` : "");
}

/**
 * Why the receipt's coprocessor set differs from the verifier's, with what to pass; undefined
 * when they are the same. Worded from the parsed receipt and the verifier's own coprocessors:
 * the receipt's text range builds no machine here (that is verifyReceipt's, once the sets agree).
 */
function setMismatch(
  receipt: Pick<Receipt, "key">,
  coprocessors: readonly Coprocessor[],
): string | undefined {
  const proven = receipt.key.coprocessors;
  const malformed = malformedSet(proven);
  if (malformed !== undefined) return malformed;
  try {
    checkSameCoprocessors(proven, coprocessorIds(coprocessors.map(coprocessorChip)));
    return undefined;
  } catch (e) {
    if (!(e instanceof CoprocessorError)) throw e;
    return (
      `${clipped(e.message)}.\nThe receipt was proven with: ${listed(proven)}. Pass --coprocessor ` +
      `<module> for each coprocessor that is not built in, the same modules it was proven with.`
    );
  }
}

/** Longest difference shown: a tampered receipt may list 256 coprocessors the verifier lacks. */
const MAX_DIFFERENCE = 800;

/** The difference, cut to a readable length. */
function clipped(message: string): string {
  return message.length <= MAX_DIFFERENCE
    ? message
    : `${message.slice(0, MAX_DIFFERENCE)}... (${message.length - MAX_DIFFERENCE} more characters)`;
}

/** A parsed receipt of either kind, with how to verify it and what to say about its shape. */
interface AnyReceipt {
  key: Receipt["key"];
  /** The program id a trusted ELF has for this kind of receipt. */
  idOf(program: Program, coprocessors: readonly Coprocessor[]): Uint8Array;
  verify(
    trusted: Uint8Array,
    coprocessors: readonly Coprocessor[],
    options: VerifyOptions,
  ): Uint8Array;
  /** "3 segments", "4 chunks, 9 segments". */
  shape: string;
  /** Every proof in it is zero-knowledge. */
  zk: boolean;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** A one-proof receipt or a chain receipt (glue/paging/chain.ts), parsed. */
function parseAny(bytes: Uint8Array): AnyReceipt {
  if (isChainReceipt(bytes)) {
    const chain = parseChainReceipt(bytes);
    const segments = chain.chunks.reduce((n, c) => n + c.proofs.length, 0);
    return {
      key: chain.key,
      idOf: (program, cops) =>
        chainProgramIdOf(chainMachines(program, { coprocessors: cops }), program),
      verify: (trusted, cops, options) => verifyChainReceipt(chain, trusted, cops, options),
      shape: `${plural(chain.chunks.length, "chunk")}, ${plural(segments, "segment")}`,
      zk: chain.chunks.every((c) => c.proofs.every((p) => p.zk === true)),
    };
  }
  const receipt = parseReceipt(bytes);
  return {
    key: receipt.key,
    idOf: (program, cops) => programIdOf(program, cops),
    verify: (trusted, cops, options) => verifyReceipt(receipt, trusted, cops, options),
    shape: plural(receipt.proofs.length, "segment"),
    zk: receipt.proofs.every((p) => p.zk === true),
  };
}

async function verifyMain(argv: string[], io: Io): Promise<number> {
  const args = parse(argv);
  const bytes = readUserFile(args.receipt, "receipt");
  const coprocessors = await machineCoprocessors(args.modules);
  let receipt: AnyReceipt;
  try {
    receipt = parseAny(bytes);
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
  const trusted =
    args.elf !== undefined
      ? receipt.idOf(loadUserElf(args.elf), coprocessors)
      : new Uint8Array(Buffer.from(args.programId!, "hex"));
  const t0 = performance.now();
  let journal: Uint8Array;
  try {
    journal = receipt.verify(trusted, coprocessors, { requireZk: args.requireZk });
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
    `receipt verified (${ms.toFixed(0)} ms, ${receipt.shape}, ` +
      `${receipt.zk ? "zero-knowledge" : "not zero-knowledge"})\n` +
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
