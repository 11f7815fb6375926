/**
 * Chain receipts: a run of any length as a chain of chunk proofs (glue/paging/README.md).
 *
 * Layout (little-endian, glue/codec.ts):
 *   "ZKGC" · u32 version (1) · chain program id (32 bytes) · key description (as a receipt's,
 *   with the chunk machine's 2 preprocessed tables) · initial image root (8 × u32) ·
 *   u32 chunk count · per chunk: u32 end pc · u32 end clk · end image root (8 × u32) ·
 *   hand-over points · journal bytes · linked proof
 * A chunk's start is never stored: the verifier takes it from the chain — the first starts at the
 * entry point and the initial root (both bound by the program id), each next one at the previous
 * one's end pc and root. Every chunk but the last hands over (end pc, end clk); the last
 * terminates with exit code 0 (its end pc and clk are 0; its end root is the final image's).
 */
import { blake3 } from "@noble/hashes/blake3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { sameBytes } from "../../core/commit/hash.js";
import { P } from "../../core/field/babybear.js";
import { serializeLinkedProof } from "../../core/stark/serialize.js";
import type { StarkProof } from "../../core/stark/types.js";
import { verifyLinked, type VerifyOptions } from "../../core/stark/verifier.js";
import { ByteReader, ByteWriter, readKey, writeKey } from "../codec.js";
import type { Coprocessor } from "../coprocessor.js";
import { coprocessorIds, type CoprocessorId } from "../coprocessor-chip.js";
import {
  type KeyDescription,
  type Machine,
  machineKeys,
  type MachineVerifyingKeys,
} from "../machine.js";
import {
  readHandOvers,
  readLinkedProof,
  ReceiptError,
  trustedKeys,
  writeHandOvers,
} from "../receipt.js";
import type { Program } from "../riscv/elf.js";
import { type HandOver, machineClaims } from "../segments.js";
import { digestHex, imageId } from "./hash.js";
import { initialRoot } from "./image.js";
import { externalMessages, type ImageRoots } from "./messages.js";

const MAGIC = 0x43474b5a; // "ZKGC" read as a little-endian u32
export const CHAIN_VERSION = 1;

/** One chunk of a chain receipt: where it ends, its journal and its proof. */
export interface ChainLink {
  /** Where the next chunk starts; absent on the last chunk (it terminates). */
  end?: HandOver;
  /** The image root it leaves. */
  endRoot: Uint32Array;
  handOvers: HandOver[];
  journal: Uint8Array;
  proofs: StarkProof[];
}

/** A chain receipt: the program id, the chunk key, the initial image root and the chunks. */
export interface ChainReceipt {
  programId: Uint8Array;
  key: KeyDescription;
  initialRoot: Uint32Array;
  chunks: ChainLink[];
}

/**
 * The program id of a chain: BLAKE3 over the chunk machine's two verifying keys' digests, the
 * entry point, the coprocessor set and the initial image id (the initial memory's root and the
 * entry pc, glue/paging/hash.ts `imageId`) — so it binds the code, the machine and every byte of
 * the initial memory and registers.
 */
export function chainProgramId(
  entry: number,
  keys: MachineVerifyingKeys,
  coprocessors: readonly CoprocessorId[],
  initialRoot: Uint32Array,
): Uint8Array {
  const description = {
    protocol: "zkglue-chain-v1",
    entry,
    segment: bytesToHex(keys.segment.digest),
    final: bytesToHex(keys.final.digest),
    coprocessors: coprocessors.map((c) => [c.name, c.syscall, bytesToHex(c.air)]),
    initialImage: digestHex(imageId(initialRoot, entry)),
  };
  return blake3(new TextEncoder().encode(JSON.stringify(description)));
}

/** The chain program id of `program` on chunk machine `m` (from `chainMachines`). */
export function chainProgramIdOf(ms: { chunk: Machine }, program: Program): Uint8Array {
  const keys = chunkKeys(ms.chunk);
  return chainProgramId(ms.chunk.entry, keys, coprocessorIds(ms.chunk.chips), initialRoot(program));
}

/** What a chunk claims: where it starts and ends, its journal; and its proof. */
export interface ChunkClaim {
  /** The pc it starts at (the entry point for the first chunk). */
  startPc: number;
  /** Where it hands over to the next chunk; absent for the chunk that terminates. */
  end?: HandOver;
  /** Its start and end image roots. */
  roots: ImageRoots;
  /** Hand-over points between its segments. */
  handOvers: HandOver[];
  /** The journal bytes it writes. */
  journal: Uint8Array;
  /** One proof per segment, linked. */
  proofs: StarkProof[];
}

/** The verifying keys of a chunk machine. */
export function chunkKeys(m: Machine): MachineVerifyingKeys {
  if (!m.paged) throw new Error("not a chunk machine");
  const keys = machineKeys(m);
  return { segment: keys.segment.vk, final: keys.final.vk };
}

/**
 * Verifies one chunk's proof against the chunk machine's keys and its claim; throws
 * `VerificationError` if it is invalid. The claim's start (pc, root) and end must come from the
 * verifier's chain, never from the prover.
 */
export function verifyChunk(
  keys: MachineVerifyingKeys,
  c: ChunkClaim,
  options: VerifyOptions = {},
): void {
  verifyLinked(
    machineClaims(keys, c.startPc, c.proofs, c.handOvers, c.end),
    externalMessages(c.journal, c.roots),
    options,
  );
}

/** Encodes a chain receipt. */
export function serializeChainReceipt(r: ChainReceipt): Uint8Array {
  const w = new ByteWriter();
  w.u32(MAGIC);
  w.u32(CHAIN_VERSION);
  w.raw(r.programId);
  writeKey(w, r.key);
  r.initialRoot.forEach((x) => w.u32(x));
  w.u32(r.chunks.length);
  for (const c of r.chunks) {
    w.u32(c.end?.pc ?? 0);
    w.u32(c.end?.clk ?? 0);
    c.endRoot.forEach((x) => w.u32(x));
    writeHandOvers(w, c.handOvers);
    w.blob(c.journal);
    w.blob(serializeLinkedProof(c.proofs));
  }
  return w.bytes();
}

/** Whether `bytes` start like a chain receipt (rather than a one-proof receipt). */
export function isChainReceipt(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) === MAGIC
  );
}

const chainError = (reason: string) => new ReceiptError(reason);

/** An image root: 8 field elements. */
function readRoot(r: ByteReader, what: string): Uint32Array {
  const root = new Uint32Array(8);
  for (let i = 0; i < 8; i++) {
    root[i] = r.u32(what);
    if (root[i] >= P) throw new ReceiptError(`${what} holds ${root[i]}, not a field element`);
  }
  return root;
}

/** Decodes a chain receipt, validating every length; throws `ReceiptError` naming the problem. */
export function parseChainReceipt(bytes: Uint8Array): ChainReceipt {
  if (!(bytes instanceof Uint8Array)) throw new ReceiptError("not a byte array");
  const r = new ByteReader(bytes, chainError);
  if (r.u32("magic") !== MAGIC) throw new ReceiptError("not a zkglue chain receipt (bad magic)");
  const version = r.u32("version");
  if (version !== CHAIN_VERSION)
    throw new ReceiptError(`unsupported chain receipt version ${version}`);
  const programId = r.take(32, "program id");
  const key = readKey(r, 2, chainError);
  const root = readRoot(r, "initial image root");
  const n = r.u32("chunk count");
  if (n === 0 || n > 1 << 20) throw new ReceiptError(`${n} chunks: a chain has 1 to 2^20`);
  const chunks: ChainLink[] = [];
  for (let i = 0; i < n; i++) {
    const pc = r.u32(`chunk ${i} end pc`);
    const clk = r.u32(`chunk ${i} end clk`);
    if (pc >= P || clk >= P) throw new ReceiptError(`chunk ${i}: end is not two field elements`);
    const endRoot = readRoot(r, `chunk ${i} end root`);
    const handOvers = readHandOvers(r, chainError);
    const journal = r.blob(`chunk ${i} journal`);
    const proofs = readLinkedProof(r.blob(`chunk ${i} proof`), handOvers.length + 1, chainError);
    const last = i === n - 1;
    if (last && (pc !== 0 || clk !== 0))
      throw new ReceiptError(`the last chunk terminates: its end pc and clk must be 0`);
    chunks.push({ ...(last ? {} : { end: { pc, clk } }), endRoot, handOvers, journal, proofs });
  }
  r.end();
  return { programId, key, initialRoot: root, chunks };
}

/**
 * Verifies a chain receipt against a trusted (chain) program id and the coprocessors it was
 * proven with; returns the journal (every chunk's, in order). `options.requireZk` refuses a chain
 * with a chunk that is not zero-knowledge. Each chunk is verified from the
 * start the chain gives it — the entry point and initial root for the first, the previous end
 * for the others — so a dropped, reordered, repeated or foreign chunk fails; every chunk but the
 * last must hand over and the last must terminate. Throws `ReceiptError` with the reason.
 *
 * @example
 * const journal = verifyChainReceipt(parseChainReceipt(bytes), chainProgramIdOf(ms, program), cops);
 */
export function verifyChainReceipt(
  receipt: ChainReceipt,
  trustedProgramId: Uint8Array,
  coprocessors: readonly Coprocessor[] = [],
  options: VerifyOptions = {},
): Uint8Array {
  const keys = trustedKeys(receipt, trustedProgramId, coprocessors, true);
  const id = chainProgramId(receipt.key.entry, keys, receipt.key.coprocessors, receipt.initialRoot);
  if (!sameBytes(id, trustedProgramId))
    throw new ReceiptError("the receipt's key and initial image do not hash to the program id");
  // Roots are hashed (imageId) and put on the node bus as field elements: refuse a non-canonical
  // one here (parseChainReceipt does; a receipt built in code may not have been parsed).
  for (const root of [receipt.initialRoot, ...receipt.chunks.map((c) => c.endRoot)])
    if (root.length !== 8 || root.some((x) => !(x >= 0 && x < P)))
      throw new ReceiptError("an image root is 8 canonical field elements");
  let start = { pc: receipt.key.entry, root: receipt.initialRoot };
  receipt.chunks.forEach((c, i) => {
    const last = i === receipt.chunks.length - 1;
    if ((c.end === undefined) !== last)
      throw new ReceiptError(`chunk ${i}: only the last chunk terminates`);
    try {
      verifyChunk(
        keys,
        {
          startPc: start.pc,
          end: c.end,
          roots: { start: start.root, end: c.endRoot },
          handOvers: c.handOvers,
          journal: c.journal,
          proofs: c.proofs,
        },
        options,
      );
    } catch (e) {
      throw new ReceiptError(`chunk ${i}: ${(e as Error).message}`);
    }
    start = { pc: c.end?.pc ?? 0, root: c.endRoot };
  });
  return concat(receipt.chunks.map((c) => c.journal));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}
