/**
 * A run longer than one linked proof allows, proven as a chain of chunks
 * (bench/results/chain.json): the long_run guest for about CHAIN_BENCH_CYCLES cycles (default
 * 5 × 2^24 ≈ 2^26.3: more bus messages than the LogUp bound p lets one proof hold) in chunks of
 * 2^CHAIN_BENCH_LOG_CHUNK cycles (default 24), segments of 2^20, plain (non-ZK) proofs, all in
 * this process (each chunk's segments by the in-process runner).
 *
 * - `chain_cycles`, `chain_chunks`, `chain_prove_ms` (execute + every chunk), `chain_verify_ms`,
 *   `chain_receipt_bytes`;
 * - `chain_bus_messages` beside `logup_bound_p`: Σ interactions × height over every table of every
 *   chunk — what one linked proof of the whole run would need below p;
 * - per chunk i: `chunk_<i>_prove_ms`, `chunk_<i>_pages` (paged in and out, register page
 *   included), `chunk_<i>_paging_rows` and `chunk_<i>_paging_cells` (the paged boundary, page,
 *   Merkle-node and permutation tables) and `chunk_<i>_paging_share` (of the chunk's trace
 *   cells);
 * - `chain_coordinator_<step>_ms`: the coordinator's steps summed over chunks (globals — where
 *   the paging tables are built —, the last part's commit and proof, the waits for segments).
 * One run (the chain takes tens of minutes).
 */
import { readFileSync } from "node:fs";
import { P } from "../core/field/babybear.js";
import {
  chainProgramIdOf,
  parseChainReceipt,
  proveChain,
  serializeChainReceipt,
  verifyChainReceipt,
} from "../glue/paging/chain.js";
import { chainMachines, type ChunkProof, PAGING_TABLES } from "../glue/paging/chunk-proof.js";
import { machineKeys } from "../glue/machine.js";
import { loadElf } from "../glue/riscv/index.js";
import { report, type BenchResult } from "./report.js";

// 5 × 2^24 ≈ 2^26.3 cycles: 2^26 of long_run makes 0.99 p bus messages, just below the bound.
const CYCLES = Number(process.env.CHAIN_BENCH_CYCLES ?? 5 * 2 ** 24);
const LOG_CHUNK = Number(process.env.CHAIN_BENCH_LOG_CHUNK ?? 24);
const SEGMENT_CYCLES = 2 ** Number(process.env.CHAIN_BENCH_LOG_SEGMENT ?? 20);
const CYCLES_PER_ROUND = 17; // long_run.c

/** Σ interactions × height over every table of every part of every chunk. */
function busMessages(ms: ReturnType<typeof chainMachines>, chunks: readonly ChunkProof[]): number {
  const keys = machineKeys(ms.chunk);
  let total = 0;
  for (const c of chunks) {
    c.proofs.forEach((p, k) => {
      const vk = k < c.proofs.length - 1 ? keys.segment.vk : keys.final.vk;
      p.tables.forEach((t, i) => (total += vk.airs[i].interactions.length * 2 ** t.logHeight));
    });
  }
  return total;
}

/** Runs the chain benchmark and writes bench/results/chain.json. */
export async function run(): Promise<void> {
  const program = loadElf(
    readFileSync(new URL("../examples/guests/long_run.elf", import.meta.url)),
  );
  const rounds = Math.round((CYCLES - 4200) / CYCLES_PER_ROUND);
  const input = new Uint8Array(new Uint32Array([rounds]).buffer);
  const ms = chainMachines(program);
  const perChunk: BenchResult[] = [];
  const timings: Record<string, number> = {};
  let lap = performance.now();
  const t0 = lap;
  const proven = await proveChain(program, {
    input,
    chunkCycles: 2 ** LOG_CHUNK,
    segmentCycles: SEGMENT_CYCLES,
    timings,
    onChunk: (c) => {
      const now = performance.now();
      const rows = PAGING_TABLES.reduce((n, t) => n + c.heights[t], 0);
      const cells = c.pagingCells;
      const r = (what: string, value: number, unit: string) =>
        perChunk.push({ name: `chunk_${c.index}_${what}`, value, unit });
      r("cycles", c.cycles, "cycles");
      r("prove_ms", now - lap, "ms");
      r("pages", c.pages.length, "pages");
      r("paging_rows", rows, "rows");
      r("paging_cells", cells, "cells");
      r("paging_share", cells / c.traceCells, "ratio");
      console.log(
        `chunk ${c.index}: ${c.cycles} cycles, ${c.pages.length} pages, ${((now - lap) / 1000).toFixed(1)} s`,
      );
      lap = now;
    },
  });
  const proveMs = performance.now() - t0;
  const bytes = serializeChainReceipt(proven.receipt);
  const t1 = performance.now();
  verifyChainReceipt(parseChainReceipt(bytes), chainProgramIdOf(ms, program));
  const verifyMs = performance.now() - t1;
  const r = (name: string, value: number, unit: string): BenchResult => ({ name, value, unit });
  report("chain.json", [
    r("chain_cycles", proven.cycles, "cycles"),
    r("chain_chunks", proven.chunks.length, "chunks"),
    r("chain_prove_ms", proveMs, "ms"),
    r("chain_verify_ms", verifyMs, "ms"),
    r("chain_receipt_bytes", bytes.length, "bytes"),
    r("chain_bus_messages", busMessages(ms, proven.chunks), "messages"),
    r("logup_bound_p", P, "messages"),
    ...Object.entries(timings).map(([k, v]) => r(`chain_coordinator_${k}_ms`, v, "ms")),
    ...perChunk,
  ]);
}
