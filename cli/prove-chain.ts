/**
 * `zkglue prove --chunk-cycles <n>`: the run as a chain of chunk proofs (glue/paging), written as
 * a chain receipt. With `--workers` or `--queue`, whole chunks are the workers' jobs (all handed
 * out at once: chunks need nothing from each other); else they are proven here one after the
 * other, one segment in memory at a time. Progress names the chunk; the summary lists every
 * chunk with the image ids it goes between.
 */
import { writeFileSync } from "node:fs";
import { coprocessorIds } from "../glue/coprocessor-chip.js";
import type { Coprocessor } from "../glue/coprocessor.js";
import { machineProgramId } from "../glue/machine.js";
import { type ProvenChain, proveChain, serializeChainReceipt } from "../glue/paging/chain.js";
import { chainMachines, type ChunkProof } from "../glue/paging/chunk-proof.js";
import { digestHex, imageId } from "../glue/paging/hash.js";
import type { TaskRunner } from "../glue/parallel/coordinator.js";
import { LocalWorkers, WorkerError, workerScript } from "../glue/parallel/pool.js";
import { hexId } from "../glue/receipt.js";
import type { Program } from "../glue/riscv/index.js";
import type { Io } from "./io.js";

/** What `zkglue prove` parsed, as the chain needs it. */
export interface ChainArgs {
  chunkCycles: number;
  segmentCycles?: number;
  workers?: number;
  queue?: string;
  queueName?: string;
  zk: boolean;
  output: string;
  modules: string[];
}

/** A task runner for the chain's segments and how to close it. */
async function openRunner(
  args: ChainArgs,
  program: Program,
  elf: Uint8Array,
  input: Uint8Array,
  coprocessors: readonly Coprocessor[],
): Promise<{ runner?: TaskRunner; close(): Promise<void> }> {
  const ms = chainMachines(program, { coprocessors });
  if (args.workers !== undefined) {
    const script = workerScript(new URL(".", import.meta.url), "worker");
    const pool = new LocalWorkers(script, args.workers, { elf, input, modules: args.modules });
    const theirs = await pool.ready().catch(async (e) => (await pool.close(), Promise.reject(e)));
    if (hexId(theirs) !== hexId(machineProgramId(ms.run))) {
      await pool.close();
      throw new WorkerError("the workers built another program: their coprocessors differ");
    }
    return { runner: pool, close: () => pool.close() };
  }
  if (args.queue !== undefined) {
    const { QueueRunner } = await import("../glue/parallel/queue.js");
    const runner = await QueueRunner.open({
      redisUrl: args.queue,
      elf,
      input,
      coprocessors: coprocessorIds(ms.run.chips),
      queue: args.queueName,
    });
    return { runner, close: () => runner.close() };
  }
  return { close: async () => {} };
}

/** One summary line per chunk: cycles, segments, pages, and the image ids it goes between. */
function chunkLine(c: ChunkProof): string {
  const from = digestHex(imageId(c.roots.start, c.startPc)).slice(0, 16);
  const to = c.end ? `${digestHex(imageId(c.roots.end, c.end.pc)).slice(0, 16)}…` : "terminates";
  return (
    `  ${String(c.index).padStart(4)}  ${String(c.cycles).padStart(10)}  ` +
    `${String(c.segments).padStart(8)}  ${String(c.pages.length).padStart(5)}  ` +
    `${(c.pagingCells / 1e6).toFixed(2).padStart(7)}M (${((100 * c.pagingCells) / c.traceCells).toFixed(1).padStart(4)} %)  ` +
    `${from}… → ${to}`
  );
}

/** Proves the chain, writes the chain receipt, prints the summary; returns the exit status. */
export async function proveChainCommand(
  args: ChainArgs,
  program: Program,
  elf: Uint8Array,
  input: Uint8Array,
  coprocessors: readonly Coprocessor[],
  io: Io,
): Promise<number> {
  const tty = process.stderr.isTTY === true;
  const t0 = performance.now();
  let chunk = 0;
  const line = (what: string) => {
    const text = `[chunk ${chunk + 1}] ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`;
    io.stderr(tty ? `\r\x1b[K${text}` : `${text}\n`);
  };
  const { runner, close } = await openRunner(args, program, elf, input, coprocessors);
  let proven: ProvenChain;
  try {
    proven = await proveChain(program, {
      input,
      coprocessors,
      chunkCycles: args.chunkCycles,
      segmentCycles: args.segmentCycles,
      chunkRunner: runner,
      onPhase: (phase) => line(phase),
      onChunk: (c) => {
        line(`proven: ${c.cycles} cycles, ${c.segments} segments, ${c.pages.length} pages`);
        chunk = c.index + 1;
      },
      prove: {
        zk: args.zk,
        onPhase: (phase, part, parts) => line(`segment ${part + 1}/${parts}: ${phase}`),
      },
    });
  } finally {
    await close();
  }
  const seconds = (performance.now() - t0) / 1000;
  io.stderr(`${tty ? "\r\x1b[K" : ""}[100%] done (${seconds.toFixed(1)} s)\n`);
  const bytes = serializeChainReceipt(proven.receipt);
  writeFileSync(args.output, bytes);
  const journal = Buffer.concat(proven.chunks.map((c) => c.journal));
  io.stdout(
    `cycles:      ${proven.cycles}\n` +
      `chunks:      ${proven.chunks.length} (chunk, cycles, segments, pages, paging cells and their share, image id → image id)\n` +
      proven.chunks.map(chunkLine).join("\n") +
      "\n" +
      `prove time:  ${seconds.toFixed(2)} s (${(proven.cycles / seconds / 1000).toFixed(2)} kHz)\n` +
      `proof size:  ${bytes.length} bytes\n` +
      `journal:     ${journal.length === 0 ? "(empty)" : journal.toString("hex")}\n` +
      `program id:  ${hexId(proven.receipt.programId)} (chain)\n` +
      `receipt:     ${args.output}\n`,
  );
  return 0;
}
