/**
 * Proving and verifying one chunk (glue/paging/README.md): "from image root A, starting at pc,
 * the run reaches image root B (at pc', or terminating with exit code 0) and writes these
 * journal bytes". A chunk is a linked proof of its segments on the chunk machine; its segments
 * are ordinary segment tasks (glue/parallel/tasks.ts), so they run on the same workers as a
 * whole run's, and the coordinator proves the last part with the paging tables.
 */
import { cellsPerRow } from "../chip.js";
import {
  buildMachine,
  type Machine,
  machineProgramId,
  type MachineOptions,
  tableIndex,
} from "../machine.js";
import {
  proveJob,
  roundsSegmentCycles,
  type RoundsOptions,
  type TaskRunner,
} from "../parallel/coordinator.js";
import type { MachineProof } from "../run-proof.js";
import { type ChunkStart, executeChunkWithCheckpoints } from "../riscv/chunks.js";
import type { Program } from "../riscv/elf.js";
import { chunkGlobalsFromSummaries } from "../segment-globals.js";
import type { HandOver } from "../segments.js";
import { type ChunkClaim, chunkKeys, verifyChunk } from "./chain-receipt.js";
import { startTree } from "./image.js";
import type { ImageRoots } from "./messages.js";

export { startTree } from "./image.js";

/** The two machines of a program: a whole run's (its segment tasks' id), and a chunk's. */
export interface ChainMachines {
  run: Machine;
  chunk: Machine;
}

/** Both machines of `program` with the given coprocessors and parameters. */
export function chainMachines(program: Program, options: MachineOptions = {}): ChainMachines {
  return {
    run: buildMachine(program, { ...options, paged: false }),
    chunk: buildMachine(program, { ...options, paged: true }),
  };
}

/** A proven chunk: its claim and the figures of its proof. */
export interface ChunkProof extends ChunkClaim {
  index: number;
  cycles: number;
  segments: number;
  /** The pages paged in and out, ascending (the register page, 0, first). */
  pages: number[];
  /** Rows per table, summed over segments; all trace cells. */
  heights: Record<string, number>;
  traceCells: number;
  /** The cells of the paging tables (part of traceCells): what paging in and out costs. */
  pagingCells: number;
}

/** The tables that page memory in and out (the chunk machine's, beside the usual ones). */
export const PAGING_TABLES = ["rv.pagedboundary", "rv.page", "rv.merkle", "rv.perm"] as const;

/**
 * Proves chunk `start` of `program` (whose chunks are `chunkStarts`' with the same input and
 * coprocessors), its segments on `runner`. Chunks are independent: any chunk can be proven
 * before, after or without the others.
 *
 * @example
 * const ms = chainMachines(program, { coprocessors });
 * const { chunks } = chunkStarts(program, 1 << 22, { input, coprocessors });
 * const proof = await proveChunk(ms, program, chunks[1], inProcessRunner(ctx), { input });
 */
export async function proveChunk(
  ms: ChainMachines,
  program: Program,
  start: ChunkStart,
  runner: TaskRunner,
  options: RoundsOptions = {},
): Promise<ChunkProof> {
  const segmentCycles = roundsSegmentCycles(options);
  if (!start.last && start.cycles % segmentCycles !== 0) {
    throw new RangeError(
      `chunk ${start.index} runs on after ${start.cycles} cycles: a chunk that does not terminate ` +
        `must be a whole number of ${segmentCycles}-cycle segments`,
    );
  }
  const input = options.input ?? new Uint8Array(0);
  const run = executeChunkWithCheckpoints(program, start, segmentCycles, {
    input,
    coprocessors: ms.chunk.coprocessors,
  });
  if (start.last && run.exitCode !== 0)
    throw new Error(`the guest exited with code ${run.exitCode}; nothing to prove`);
  const tree = startTree(start);
  const end = start.last ? undefined : { pc: run.nextPc, clk: 4 * start.cycles };
  let pages: number[] = [];
  const { proof, roots } = await proveJob(
    ms.chunk,
    program,
    runner,
    {
      programId: machineProgramId(ms.run),
      checkpoints: run.checkpoints,
      journal: run.journal,
      cycles: start.cycles,
      startPc: start.pc,
      end,
      globals: (summaries) => {
        const g = chunkGlobalsFromSummaries(ms.chunk, summaries, run.checkpoints, start, tree);
        pages = g.pages;
        return { global: g.global, roots: { start: tree.root(), end: g.endTree.root() } };
      },
      verify: (proof, roots) =>
        verifyChunk(chunkKeys(ms.chunk), { ...proof, startPc: start.pc, end, roots: roots! }),
    },
    options,
  );
  return chunkProofOf(ms.chunk, start, proof, roots!, end, pages);
}

function chunkProofOf(
  m: Machine,
  start: ChunkStart,
  proof: MachineProof,
  roots: ImageRoots,
  end: HandOver | undefined,
  pages: number[],
): ChunkProof {
  const pagingCells = PAGING_TABLES.reduce(
    (n, t) => n + proof.heights[t] * cellsPerRow(m.chips[tableIndex(m, t)].air),
    0,
  );
  return {
    index: start.index,
    startPc: start.pc,
    ...(end ? { end } : {}),
    roots,
    handOvers: proof.handOvers,
    journal: proof.journal,
    proofs: proof.proofs,
    cycles: start.cycles,
    segments: proof.segments,
    pages,
    heights: proof.heights,
    traceCells: proof.traceCells,
    pagingCells,
  };
}
