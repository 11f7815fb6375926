/**
 * Proving a run as a chain of chunks (glue/paging/README.md): one fast run gives every chunk's
 * start state, then each chunk is proven from its own (here one after the other, each chunk's
 * segments on a runner; or every chunk at once as a task on workers), and the chunk proofs
 * become a chain receipt (chain-receipt.ts: its format and its verification).
 */
import { deserializeLinkedProof } from "../../core/stark/serialize.js";
import type { Coprocessor } from "../coprocessor.js";
import { describeKey, machineKeys, machineProgramId } from "../machine.js";
import {
  roundsSegmentCycles,
  type RoundsOptions,
  type TaskRunner,
  WorkerResultError,
} from "../parallel/coordinator.js";
import { inProcessRunner } from "../parallel/in-process.js";
import { segmentContext } from "../parallel/tasks.js";
import { type ChunkStart, chunkStarts } from "../riscv/chunks.js";
import type { Program } from "../riscv/elf.js";
import { type ChainReceipt, chainProgramIdOf, verifyChainReceipt } from "./chain-receipt.js";
import { type ChainMachines, chainMachines, type ChunkProof, proveChunk } from "./chunk-proof.js";
import { initialRoot } from "./image.js";

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

export * from "./chain-receipt.js";
export type { ChunkStart };
