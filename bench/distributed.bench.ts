/**
 * Proving one long run across workers (bench/results/distributed.json): the long_run guest for
 * about 2^DISTRIBUTED_BENCH_LOG_CYCLES cycles (default 24) in segments of 2^20 cycles, proven
 *
 * - `long_run_prove_one_process_ms`: by `proveReceipt` in this process;
 * - `long_run_prove_workers_2_ms`: in two rounds with two local worker processes (this process
 *   is the coordinator and proves the last part), byte-identical receipt (checked);
 * - `long_run_worker_peak_rss_mib`: the larger of the two workers' peak resident memory;
 * - `long_run_coordinator_<step>_ms`: the coordinator's own steps (execute with checkpoints,
 *   last segment, global tables, last part's commit and proof, verification) and its waits;
 * - `long_run_segment_commit_ms` / `…_segment_prove_ms`: one segment's round-1 and round-2
 *   task, run here alone (so without competition for the cores).
 *
 * With W workers on W machines, S segments: wall ≈ setup + execute + ⌈(S−1)/W⌉ × segment_commit
 * + globals + final_commit + max(⌈(S−1)/W⌉ × segment_prove, final_prove) + verify; the table
 * prints it for W = 1, 2, 4, 8, 16. One run each (the one-process proof takes minutes); the
 * machine has two cores, so two local workers share them with the coordinator.
 */
import { readFileSync } from "node:fs";
import { builtinCoprocessors } from "../coprocessors/index.js";
import { buildMachine } from "../glue/machine.js";
import { proveInRounds, type TaskRunner } from "../glue/parallel/coordinator.js";
import { LocalWorkers, workerScript } from "../glue/parallel/pool.js";
import { runSegmentTask, segmentContext, type SegmentTask } from "../glue/parallel/tasks.js";
import { proveReceipt, receiptOf, serializeReceipt } from "../glue/receipt.js";
import { loadElf } from "../glue/riscv/index.js";
import { report, type BenchResult } from "./report.js";

const LOG_CYCLES = Number(process.env.DISTRIBUTED_BENCH_LOG_CYCLES ?? 24);
const SEGMENT_CYCLES = 2 ** 20;
const CYCLES_PER_ROUND = 17; // long_run.c

/** Peak resident memory of process `pid` in MiB (Linux: VmHWM). */
function peakRssMib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

/** A runner that remembers the first task of each round it passes on. */
function recording(inner: TaskRunner, seen: SegmentTask[]): TaskRunner {
  return {
    submit(tasks, onResult) {
      if (tasks.length > 0) seen.push(tasks[0]);
      return inner.submit(tasks, onResult);
    },
  };
}

/** Runs the distributed-proving benchmark and writes bench/results/distributed.json. */
export async function run(): Promise<void> {
  const elf = readFileSync(new URL("../examples/guests/long_run.elf", import.meta.url));
  const program = loadElf(elf);
  const coprocessors = builtinCoprocessors();
  const rounds = Math.round((2 ** LOG_CYCLES - 4200) / CYCLES_PER_ROUND);
  const input = new Uint8Array(new Uint32Array([rounds]).buffer);
  // zk off: the receipts are compared byte for byte (a ZK one is randomized).
  const opts = { input, coprocessors, segmentCycles: SEGMENT_CYCLES, zk: false };

  let t0 = performance.now();
  const one = proveReceipt(program, opts);
  const oneMs = performance.now() - t0;

  const m = buildMachine(program, { coprocessors });
  const script = workerScript(new URL("../cli/", import.meta.url), "worker");
  const pool = new LocalWorkers(script, 2, { elf, input, modules: [] });
  const timings: Record<string, number> = {};
  const firsts: SegmentTask[] = [];
  let workersMs: number;
  let peak: number;
  try {
    await pool.ready();
    t0 = performance.now();
    const proof = await proveInRounds(m, program, recording(pool, firsts), { ...opts, timings });
    workersMs = performance.now() - t0;
    peak = Math.max(...pool.pids().map(peakRssMib));
    const same = serializeReceipt(receiptOf(m, proof));
    if (!Buffer.from(same).equals(Buffer.from(serializeReceipt(one.receipt))))
      throw new Error("the workers' receipt differs from the one-process receipt");
  } finally {
    await pool.close();
  }
  const ctx = segmentContext(m, program, input);
  const timed = (task: SegmentTask) => {
    if (task.kind === "chunk") throw new Error("proveInRounds handed out a chunk task");
    const t = performance.now();
    runSegmentTask(ctx, task);
    return performance.now() - t;
  };
  const commitMs = timed(firsts[0]);
  const proveMs = timed(firsts[1]);

  const S = one.stats.segments;
  const t = (k: string) => timings[k] ?? 0;
  const expected = (w: number) =>
    t("setup") +
    t("execute") +
    Math.ceil((S - 1) / w) * commitMs +
    t("globals") +
    t("final_commit") +
    Math.max(Math.ceil((S - 1) / w) * proveMs, t("final_prove")) +
    t("verify");
  const r = (what: string, value: number, unit = "ms"): BenchResult => ({
    name: `long_run_${what}`,
    value,
    unit,
  });
  report("distributed.json", [
    r("cycles", one.stats.cycles, "cycles"),
    r("segments", S, "segments"),
    r("prove_one_process_ms", oneMs),
    r("prove_workers_2_ms", workersMs),
    r("worker_peak_rss_mib", peak, "MiB"),
    ...Object.entries(timings).map(([k, v]) => r(`coordinator_${k}_ms`, v)),
    r("segment_commit_ms", commitMs),
    r("segment_prove_ms", proveMs),
    ...[1, 2, 4, 8, 16].map((w) => r(`expected_wall_${w}_machines_ms`, expected(w))),
  ]);
}
