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
import type { StarkProof } from "../core/stark/types.js";
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
import type { CoprocessorId } from "./coprocessor-chip.js";

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
  const proof = serializeLinkedProof(r.proofs);
  const h = r.key.preprocessedHeights;
  const names = r.key.coprocessors.map((c) => new TextEncoder().encode(c.name));
  const size =
    4 +
    names.reduce((n, b) => n + 40 + b.length, 0) +
    4 +
    4 +
    32 +
    4 +
    8 +
    32 +
    4 +
    4 * h.length +
    4 +
    8 * r.handOvers.length +
    4 +
    r.journal.length +
    4 +
    proof.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let o = 0;
  const u32 = (x: number) => {
    dv.setUint32(o, x >>> 0, true);
    o += 4;
  };
  const bytes = (b: Uint8Array) => {
    out.set(b, o);
    o += b.length;
  };
  u32(MAGIC);
  u32(RECEIPT_VERSION);
  bytes(r.programId);
  u32(r.key.entry);
  u32(r.key.text.lo);
  u32(r.key.text.hi);
  bytes(r.key.preprocessedRoot);
  u32(h.length);
  h.forEach(u32);
  u32(names.length);
  r.key.coprocessors.forEach((c, i) => {
    u32(c.syscall);
    u32(names[i].length);
    bytes(names[i]);
    bytes(c.air);
  });
  u32(r.handOvers.length);
  for (const { pc, clk } of r.handOvers) {
    u32(pc);
    u32(clk);
  }
  u32(r.journal.length);
  bytes(r.journal);
  u32(proof.length);
  bytes(proof);
  return out;
}

/** The coprocessor set of a receipt (count, then syscall, name, AIR digest of each). */
function parseCoprocessorSet(
  u32: (what: string) => number,
  take: (n: number, what: string) => Uint8Array,
): CoprocessorId[] {
  const c = u32("coprocessor count");
  if (c > 256) throw new ReceiptError(`${c} coprocessors: at most 256`);
  const out: CoprocessorId[] = [];
  for (let i = 0; i < c; i++) {
    const syscall = u32("coprocessor syscall");
    const len = u32("coprocessor name length");
    if (len === 0 || len > 64) throw new ReceiptError(`coprocessor ${i}: name of ${len} bytes`);
    const name = new TextDecoder().decode(take(len, "coprocessor name"));
    out.push({ syscall, name, air: take(32, "coprocessor AIR digest") });
  }
  return out;
}

/** Decodes a receipt, validating every length; throws `ReceiptError` naming the problem. */
export function parseReceipt(bytes: Uint8Array): Receipt {
  if (!(bytes instanceof Uint8Array)) throw new ReceiptError("not a byte array");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const need = (n: number, what: string) => {
    if (o + n > bytes.length)
      throw new ReceiptError(`truncated at byte ${o}: ${what} needs ${n} bytes`);
  };
  const u32 = (what: string) => {
    need(4, what);
    const x = dv.getUint32(o, true);
    o += 4;
    return x;
  };
  const take = (n: number, what: string) => {
    need(n, what);
    const b = bytes.slice(o, o + n);
    o += n;
    return b;
  };
  if (u32("magic") !== MAGIC) throw new ReceiptError("not a zkglue receipt (bad magic)");
  const version = u32("version");
  if (version !== RECEIPT_VERSION) throw new ReceiptError(`unsupported receipt version ${version}`);
  const programId = take(32, "program id");
  const entry = u32("entry point");
  const text = { lo: u32("text start"), hi: u32("text end") };
  if (!(text.lo < text.hi && text.hi <= 2 ** 28)) {
    throw new ReceiptError(`text range [${text.lo}, ${text.hi}) is not a range of word indices`);
  }
  const preprocessedRoot = take(32, "preprocessed root");
  const n = u32("preprocessed table count");
  if (n !== 3) throw new ReceiptError(`${n} preprocessed tables, expected 3`);
  const preprocessedHeights: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = u32("preprocessed height");
    if (h < 2 || h > 2 ** 26 || (h & (h - 1)) !== 0)
      throw new ReceiptError(`preprocessed height ${h} is not a power of two in [2, 2^26]`);
    preprocessedHeights.push(h);
  }
  const coprocessors = parseCoprocessorSet(u32, take);
  const k = u32("hand-over count");
  need(8 * k, "hand-over points");
  const handOvers: HandOver[] = [];
  for (let i = 0; i < k; i++) {
    const pc = u32("hand-over pc");
    const clk = u32("hand-over clk");
    if (pc >= P || clk >= P)
      throw new ReceiptError(`hand-over ${i} is not a pair of field elements`);
    handOvers.push({ pc, clk });
  }
  const journal = take(u32("journal length"), "journal");
  const proofLen = u32("proof length");
  const proofBytes = take(proofLen, "proof");
  if (o !== bytes.length) throw new ReceiptError(`${bytes.length - o} trailing bytes`);
  let proofs: StarkProof[];
  try {
    proofs = deserializeLinkedProof(proofBytes);
  } catch (e) {
    throw new ReceiptError(`malformed proof: ${(e as Error).message}`);
  }
  if (proofs.length !== k + 1)
    throw new ReceiptError(`${proofs.length} segment proofs for ${k} hand-over points`);
  const key = { entry, text, preprocessedRoot, preprocessedHeights, coprocessors };
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
 * Verifies a receipt against a trusted program id and the coprocessors it was proven with;
 * returns the journal. Throws `ReceiptError` with the reason (wrong program, another coprocessor
 * set — named —, malformed, proof rejected).
 *
 * @example
 * const journal = verifyReceipt(parseReceipt(readFileSync("sha.receipt")), programIdOf(program, cops), cops);
 */
export function verifyReceipt(
  receipt: Receipt,
  trustedProgramId: Uint8Array,
  coprocessors: readonly Coprocessor[] = [],
): Uint8Array {
  if (trustedProgramId.length !== 32) throw new ReceiptError("a program id is 32 bytes");
  let keys: MachineVerifyingKeys;
  try {
    keys = rebuildKeys(receipt.key, coprocessors);
  } catch (e) {
    if (e instanceof CoprocessorError) throw new ReceiptError(e.message);
    throw e;
  }
  if (!sameBytes(receipt.programId, trustedProgramId)) {
    throw new ReceiptError(
      `the receipt is for program ${hexId(receipt.programId)}, not ${hexId(trustedProgramId)}`,
    );
  }
  const ids = receipt.key.coprocessors;
  if (!sameBytes(programId(receipt.key.entry, keys, ids), trustedProgramId)) {
    throw new ReceiptError("the receipt's key description does not hash to the program id");
  }
  try {
    verifyProgram(keys, receipt.key.entry, receipt);
  } catch (e) {
    throw new ReceiptError((e as Error).message);
  }
  return receipt.journal;
}
