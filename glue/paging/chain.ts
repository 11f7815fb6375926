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
import { deserializeLinkedProof, serializeLinkedProof } from "../../core/stark/serialize.js";
import { ByteReader, ByteWriter, readKey, writeKey } from "../codec.js";
import type { Coprocessor } from "../coprocessor.js";
import { coprocessorIds, type CoprocessorId } from "../coprocessor-chip.js";
import {
  describeKey,
  type KeyDescription,
  machineKeys,
  machineProgramId,
  type MachineVerifyingKeys,
} from "../machine.js";
import {
  roundsSegmentCycles,
  type RoundsOptions,
  type TaskRunner,
  WorkerResultError,
} from "../parallel/coordinator.js";
import { inProcessRunner } from "../parallel/in-process.js";
import { segmentContext } from "../parallel/tasks.js";
import {
  readHandOvers,
  readLinkedProof,
  ReceiptError,
  trustedKeys,
  writeHandOvers,
} from "../receipt.js";
import { type ChunkStart, chunkStarts, initialChunkStart } from "../riscv/chunks.js";
import type { Program } from "../riscv/elf.js";
import type { HandOver } from "../segments.js";
import {
  type ChainMachines,
  chainMachines,
  type ChunkProof,
  chunkKeys,
  proveChunk,
  startTree,
  verifyChunk,
} from "./chunk-proof.js";
import { digestHex, imageId } from "./hash.js";

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
  proofs: ChunkProof["proofs"];
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

/** The initial image root of `program` (its memory and registers before the first cycle). */
export function initialRoot(program: Program): Uint32Array {
  return startTree(initialChunkStart(program)).root();
}

/** The chain program id of `program` on chunk machine `m` (from `chainMachines`). */
export function chainProgramIdOf(ms: ChainMachines, program: Program): Uint8Array {
  const keys = chunkKeys(ms.chunk);
  return chainProgramId(ms.chunk.entry, keys, coprocessorIds(ms.chunk.chips), initialRoot(program));
}

/** Options of `proveChain`. */
export interface ProveChainOptions extends RoundsOptions {
  /** The coprocessors the guest calls (the program id binds them); none by default. */
  coprocessors?: readonly Coprocessor[];
  /** Cycles per chunk: a multiple of the segment length. */
  chunkCycles: number;
  /** Where each chunk's segment tasks run (workers); by default in this process. */
  runner?: TaskRunner;
  /**
   * Where whole chunks are proven instead (workers, each proving its chunks' segments itself):
   * one chunk task per chunk, all handed out at once, so chunks prove in parallel.
   */
  chunkRunner?: TaskRunner;
  /** Called as each chunk is proven (index, chunks so far known, its proof). */
  onChunk?: (proof: ChunkProof) => void;
}

/** A chain receipt and the figures of each chunk's proof. */
export interface ProvenChain {
  receipt: ChainReceipt;
  chunks: ChunkProof[];
  cycles: number;
}

/**
 * Runs `program` once, cuts the run into chunks of `chunkCycles` cycles and proves each from its
 * start image (in order, here; `proveChunk` proves any one alone); refuses a run that does not
 * exit with code 0.
 *
 * @example
 * const { receipt } = await proveChain(program, { input, chunkCycles: 1 << 22 });
 * writeFileSync("run.chain", serializeChainReceipt(receipt));
 */
export async function proveChain(
  program: Program,
  options: ProveChainOptions,
): Promise<ProvenChain> {
  const ms = chainMachines(program, { coprocessors: options.coprocessors });
  const input = options.input ?? new Uint8Array(0);
  options.onPhase?.("execute");
  const run = chunkStarts(program, options.chunkCycles, {
    input,
    coprocessors: ms.chunk.coprocessors,
  });
  if (run.exitCode !== 0)
    throw new Error(`the guest exited with code ${run.exitCode}; nothing to prove`);
  let chunks: ChunkProof[];
  if (options.chunkRunner !== undefined) {
    chunks = await proveChunksOn(options.chunkRunner, ms, run.chunks, options);
  } else {
    const runner = options.runner ?? inProcessRunner(segmentContext(ms.run, program, input));
    chunks = [];
    for (const start of run.chunks) {
      const proof = await proveChunk(ms, program, start, runner, options);
      chunks.push(proof);
      options.onChunk?.(proof);
    }
  }
  const receipt = chainReceiptOf(ms, program, chunks);
  if (options.chunkRunner !== undefined) {
    // The workers' chunks: accepted only if the chain they make verifies.
    try {
      verifyChainReceipt(receipt, receipt.programId, ms.chunk.coprocessors);
    } catch (e) {
      throw new WorkerResultError(
        `the workers' chunk proofs do not verify: ${(e as Error).message}`,
      );
    }
  }
  return { receipt, chunks, cycles: run.cycles };
}

/** Proves every chunk as one task on `runner`; each result is checked to be its chunk's. */
async function proveChunksOn(
  runner: TaskRunner,
  ms: ChainMachines,
  starts: readonly ChunkStart[],
  options: ProveChainOptions,
): Promise<ChunkProof[]> {
  const programId = machineProgramId(ms.run);
  const segmentCycles = roundsSegmentCycles(options);
  const zk = options.prove?.zk === true;
  const tasks = starts.map((start) => ({
    kind: "chunk" as const,
    programId,
    start,
    segmentCycles,
    zk,
  }));
  const proofs: ChunkProof[] = new Array(starts.length);
  const batch = await runner.submit(tasks, (k) =>
    options.onPhase?.(`chunk ${k + 1} of ${tasks.length} proven on a worker`),
  );
  const results = await batch.results;
  return results.map((r, i) => {
    if (r.kind !== "chunk" || r.index !== i || r.chunk.index !== i)
      throw new WorkerResultError(`a worker answered chunk ${i} with another result`);
    let linked: ChunkProof["proofs"];
    try {
      linked = deserializeLinkedProof(r.proofs);
    } catch (e) {
      throw new WorkerResultError(`chunk ${i}'s proof is malformed: ${(e as Error).message}`);
    }
    proofs[i] = { ...r.chunk, proofs: linked };
    options.onChunk?.(proofs[i]);
    return proofs[i];
  });
}

/**
 * The chain receipt of chunk proofs of `program` (in chunk order, however they were proven);
 * refuses proofs that do not chain (a chunk that does not start where the previous one ended).
 */
export function chainReceiptOf(
  ms: ChainMachines,
  program: Program,
  chunks: readonly ChunkProof[],
): ChainReceipt {
  const root0 = initialRoot(program);
  chunks.forEach((c, i) => {
    const prev = chunks[i - 1];
    const [pc, root] = prev ? [prev.end?.pc, prev.roots.end] : [ms.chunk.entry, root0];
    if (c.index !== i || c.startPc !== pc || !sameWords(c.roots.start, root))
      throw new Error(`chunk ${i} does not start where chunk ${i - 1} ends`);
  });
  return {
    programId: chainProgramIdOf(ms, program),
    key: describeKey(machineKeys(ms.chunk).final.vk, ms.chunk),
    initialRoot: root0,
    chunks: chunks.map((c) => ({
      ...(c.end ? { end: c.end } : {}),
      endRoot: c.roots.end,
      handOvers: c.handOvers,
      journal: c.journal,
      proofs: c.proofs,
    })),
  };
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
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
 * proven with; returns the journal (every chunk's, in order). Each chunk is verified from the
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
      verifyChunk(keys, {
        startPc: start.pc,
        end: c.end,
        roots: { start: start.root, end: c.endRoot },
        handOvers: c.handOvers,
        journal: c.journal,
        proofs: c.proofs,
      });
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

export type { ChunkStart };
