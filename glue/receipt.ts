/**
 * Receipts: the claim of a run — program id and journal — with its proof, in a versioned binary
 * format, and their verification.
 *
 * Layout (little-endian):
 *   "ZKGR" · u32 version (2) · program id (32 bytes) · u32 entry point ·
 *   u32 text start, u32 text end (word indices: the code stores may not touch) ·
 *   preprocessed root (32 bytes) · u32 n · n × u32 preprocessed heights ·
 *   u32 c · c × (u32 syscall, u32 name length, name (UTF-8), AIR digest (32 bytes)) coprocessors ·
 *   u32 k · k × (u32 pc, u32 clk) hand-over points between segments ·
 *   u32 journal length · journal bytes · u32 proof length · linked proof (core/stark/serialize)
 * The entry point, text range, root and heights describe the verifying keys (the program table,
 * the memory image and the byte table are committed in the root); a verifier rebuilds the keys
 * from them and accepts only if their program id equals the one it trusts. So a receipt needs
 * nothing but the program id (or the ELF, from which the id is recomputed) to be checked.
 * Versions 1 (one proof, no segments) and 2 (no coprocessor set) are no longer read.
 */
import { sameBytes } from "../core/commit/hash.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { P } from "../core/field/babybear.js";
import { deserializeLinkedProof, serializeLinkedProof } from "../core/stark/serialize.js";
import { ByteReader, ByteWriter, readKey, writeKey } from "./codec.js";
import type { StarkProof } from "../core/stark/types.js";
import type { VerifyOptions } from "../core/stark/verifier.js";
import {
  buildMachine,
  describeKey,
  machineKeys,
  machineProgramId,
  type MachineVerifyingKeys,
  programId,
  rebuildKeys,
  type KeyDescription,
  type Machine,
} from "./machine.js";
import type { Program } from "./riscv/elf.js";
import {
  type MachineProof,
  proveProgram,
  type ProveProgramOptions,
  verifyProgram,
} from "./run-proof.js";
import type { HandOver } from "./segments.js";
import { type Coprocessor, CoprocessorError } from "./coprocessor.js";

const MAGIC = 0x52474b5a; // "ZKGR" read as a little-endian u32
export const RECEIPT_VERSION = 3;

/** A receipt: the claim (program id, journal), the key description and the proof. */
export interface Receipt {
  programId: Uint8Array;
  key: KeyDescription;
  journal: Uint8Array;
  /** Where each segment hands over to the next (one fewer than `proofs`). */
  handOvers: HandOver[];
  /** One proof per segment, linked (core/stark/statement.ts). */
  proofs: StarkProof[];
}

/** A receipt that cannot be parsed, or does not verify; `reason` says why. */
export class ReceiptError extends Error {
  override readonly name = "ReceiptError";
  constructor(readonly reason: string) {
    super(`receipt rejected: ${reason}`);
  }
}

/** Hex of a program id. */
export function hexId(id: Uint8Array): string {
  return bytesToHex(id);
}

/** Encodes a receipt. */
export function serializeReceipt(r: Receipt): Uint8Array {
  const w = new ByteWriter();
  w.u32(MAGIC);
  w.u32(RECEIPT_VERSION);
  w.raw(r.programId);
  writeKey(w, r.key);
  writeHandOvers(w, r.handOvers);
  w.blob(r.journal);
  w.blob(serializeLinkedProof(r.proofs));
  return w.bytes();
}

/** Hand-over points: a count, then (pc, clk) pairs. */
export function writeHandOvers(w: ByteWriter, handOvers: readonly HandOver[]): void {
  w.u32(handOvers.length);
  for (const { pc, clk } of handOvers) {
    w.u32(pc);
    w.u32(clk);
  }
}

/** Reads `writeHandOvers`' points, each a pair of field elements. */
export function readHandOvers(r: ByteReader, fail: (reason: string) => Error): HandOver[] {
  const k = r.u32("hand-over count");
  const handOvers: HandOver[] = [];
  for (let i = 0; i < k; i++) {
    const pc = r.u32("hand-over pc");
    const clk = r.u32("hand-over clk");
    if (pc >= P || clk >= P) throw fail(`hand-over ${i} is not a pair of field elements`);
    handOvers.push({ pc, clk });
  }
  return handOvers;
}

/** A linked proof of `parts` parts from its bytes, or `fail` naming what is malformed. */
export function readLinkedProof(
  bytes: Uint8Array,
  parts: number,
  fail: (reason: string) => Error,
): StarkProof[] {
  let proofs: StarkProof[];
  try {
    proofs = deserializeLinkedProof(bytes);
  } catch (e) {
    throw fail(`malformed proof: ${(e as Error).message}`);
  }
  if (proofs.length !== parts)
    throw fail(`${proofs.length} segment proofs for ${parts - 1} hand-over points`);
  return proofs;
}

const receiptError = (reason: string) => new ReceiptError(reason);

/** Decodes a receipt, validating every length; throws `ReceiptError` naming the problem. */
export function parseReceipt(bytes: Uint8Array): Receipt {
  if (!(bytes instanceof Uint8Array)) throw new ReceiptError("not a byte array");
  const r = new ByteReader(bytes, receiptError);
  if (r.u32("magic") !== MAGIC) throw new ReceiptError("not a zkglue receipt (bad magic)");
  const version = r.u32("version");
  if (version !== RECEIPT_VERSION) throw new ReceiptError(`unsupported receipt version ${version}`);
  const programId = r.take(32, "program id");
  const key = readKey(r, 3, receiptError);
  const handOvers = readHandOvers(r, receiptError);
  const journal = r.blob("journal");
  const proofBytes = r.blob("proof");
  r.end();
  const proofs = readLinkedProof(proofBytes, handOvers.length + 1, receiptError);
  return { programId, key, journal, handOvers, proofs };
}

/** Options of `proveReceipt`: those of `proveProgram`, and the machine's coprocessors. */
export interface ProveReceiptOptions extends ProveProgramOptions {
  /** The coprocessors the guest calls (the program id binds them); none by default. */
  coprocessors?: readonly Coprocessor[];
  /**
   * Zero-knowledge proof (core/stark/zk.ts): on by default for receipts, so the receipt
   * reveals nothing of the private input beyond the journal and the run's shape (cycles,
   * table heights) and the tables' LogUp sums (README, "Privacy"). `false` gives the ordinary,
   * deterministic proof (`--no-zk`). `prove.zk`, if set, is overridden by this.
   */
  zk?: boolean;
}

/**
 * Proves `program` on `input` and returns its receipt (a run with exit code ≠ 0 is refused).
 *
 * @example
 * const program = loadElf(readFileSync("examples/guests/sha256_1k_cop.elf"));
 * const { receipt, stats } = proveReceipt(program, { coprocessors: builtinCoprocessors() });
 * writeFileSync("sha.receipt", serializeReceipt(receipt));
 * console.log(`${stats.cycles} cycles in ${stats.segments} segment(s)`);
 */
export function proveReceipt(
  program: Program,
  options: ProveReceiptOptions = {},
): { receipt: Receipt; stats: Omit<MachineProof, "proofs" | "journal" | "handOvers"> } {
  const m = buildMachine(program, { coprocessors: options.coprocessors });
  options.onPhase?.("setup");
  machineKeys(m);
  const { proofs, journal, handOvers, ...stats } = proveProgram(m, program, {
    ...options,
    prove: { ...options.prove, zk: options.zk ?? true },
  });
  return { receipt: receiptOf(m, { proofs, journal, handOvers }), stats };
}

/** The receipt of a machine proof made by `proveProgram` with machine `m`. */
export function receiptOf(
  m: Machine,
  proof: Pick<MachineProof, "proofs" | "journal" | "handOvers">,
): Receipt {
  const keys = machineKeys(m);
  return {
    programId: machineProgramId(m),
    key: describeKey(keys.final.vk, m),
    journal: proof.journal,
    handOvers: proof.handOvers,
    proofs: proof.proofs,
  };
}

/**
 * The program id of an ELF's program on a machine with `coprocessors` (the hash of its verifying
 * keys, entry point and coprocessor set).
 */
export function programIdOf(
  program: Program,
  coprocessors: readonly Coprocessor[] = [],
): Uint8Array {
  return machineProgramId(buildMachine(program, { coprocessors }));
}

/**
 * The verifying keys a receipt's (or chain receipt's, `paged`) key description rebuilds with
 * `coprocessors`, once its program id is the trusted one; throws `ReceiptError` naming a
 * coprocessor set that differs or another program. The caller still checks that the keys hash
 * to the id.
 */
export function trustedKeys(
  receipt: { programId: Uint8Array; key: KeyDescription },
  trustedProgramId: Uint8Array,
  coprocessors: readonly Coprocessor[],
  paged = false,
): MachineVerifyingKeys {
  if (trustedProgramId.length !== 32) throw new ReceiptError("a program id is 32 bytes");
  let keys: MachineVerifyingKeys;
  try {
    keys = rebuildKeys(receipt.key, coprocessors, undefined, paged);
  } catch (e) {
    if (e instanceof CoprocessorError) throw new ReceiptError(e.message);
    throw e;
  }
  if (!sameBytes(receipt.programId, trustedProgramId)) {
    throw new ReceiptError(
      `the receipt is for program ${hexId(receipt.programId)}, not ${hexId(trustedProgramId)}`,
    );
  }
  return keys;
}

/**
 * Verifies a receipt against a trusted program id and the coprocessors it was proven with;
 * returns the journal. Throws `ReceiptError` with the reason (wrong program, another coprocessor
 * set — named —, malformed, proof rejected). `options.requireZk` also refuses a receipt that is
 * not zero-knowledge (proven with --no-zk / zk: false).
 *
 * @example
 * const journal = verifyReceipt(parseReceipt(readFileSync("sha.receipt")), programIdOf(program, cops), cops);
 */
export function verifyReceipt(
  receipt: Receipt,
  trustedProgramId: Uint8Array,
  coprocessors: readonly Coprocessor[] = [],
  options: VerifyOptions = {},
): Uint8Array {
  const keys = trustedKeys(receipt, trustedProgramId, coprocessors);
  const ids = receipt.key.coprocessors;
  if (!sameBytes(programId(receipt.key.entry, keys, ids), trustedProgramId)) {
    throw new ReceiptError("the receipt's key description does not hash to the program id");
  }
  try {
    verifyProgram(keys, receipt.key.entry, receipt, options);
  } catch (e) {
    throw new ReceiptError((e as Error).message);
  }
  return receipt.journal;
}
