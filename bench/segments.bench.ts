/**
 * Trace generation of multi-segment runs (bench/results/segments.json), for the example guests
 * SEGMENTS_BENCH_GUESTS (comma-separated, default "bubble_sort,modmul": 5.5M and 3.0M cycles) in
 * segments of 2^SEGMENTS_BENCH_LOG_CYCLES (default 20), medians of SEGMENTS_BENCH_RUNS (default 3):
 *
 * - `<guest>_exec_fast_ms`: the fast executor alone; `…_exec_checkpoints_ms`: the fast executor
 *   recording checkpoints (the coordinator's serial part before the segments can start).
 * - `…_trace_sequential_ms`: today's path, one recording run and one replay of every segment.
 * - `…_trace_checkpoints_ms`: every segment from its checkpoint, one after the other, plus the
 *   global tables from the summaries (one thread); `…_segment_max_ms` the slowest segment,
 *   `…_globals_ms` the global tables from the summaries.
 * - `…_checkpoint_kib_max`: the largest checkpoint encoded.
 * Proving on workers (a run of about 2^24 cycles, two rounds) is in bench/distributed.bench.ts.
 */
import { readFileSync } from "node:fs";
import { builtinCoprocessors } from "../coprocessors/index.js";
import { buildMachine } from "../glue/machine.js";
import {
  encodeCheckpoint,
  execute,
  executeRecording,
  executeWithCheckpoints,
  loadElf,
} from "../glue/riscv/index.js";
import { globalsFromSummaries, witnessFromCheckpoints } from "../glue/segment-globals.js";
import { segmentWitness } from "../glue/segment-trace.js";
import { machineWitness } from "../glue/segments.js";
import { medianMs, report, type BenchResult } from "./report.js";

const RUNS = Number(process.env.SEGMENTS_BENCH_RUNS ?? 3);
const SEG = 2 ** Number(process.env.SEGMENTS_BENCH_LOG_CYCLES ?? 20);

/** The figures of one guest. */
async function guest(name: string): Promise<BenchResult[]> {
  const program = loadElf(readFileSync(new URL(`../examples/guests/${name}.elf`, import.meta.url)));
  const coprocessors = builtinCoprocessors();
  const m = buildMachine(program, { coprocessors });
  const input = new Uint8Array(0);
  const opts = { input, coprocessors };
  const { checkpoints, cycles } = executeWithCheckpoints(program, SEG, opts);
  const fast = await medianMs(RUNS, () => execute(program, opts));
  const ck = await medianMs(RUNS, () => executeWithCheckpoints(program, SEG, opts));
  const sequential = await medianMs(RUNS, () =>
    machineWitness(m, executeRecording(program, opts), input, SEG),
  );
  const fromCheckpoints = await medianMs(RUNS, () =>
    witnessFromCheckpoints(m, program, input, SEG),
  );
  const perSegment = checkpoints.map((c) => {
    const t0 = performance.now();
    const w = segmentWitness(m, program, input, c);
    return { ms: performance.now() - t0, summary: w.summary };
  });
  const summaries = perSegment.map((s) => s.summary);
  const globals = await medianMs(RUNS, () => globalsFromSummaries(m, summaries, checkpoints));
  const kib = Math.max(...checkpoints.map((c) => encodeCheckpoint(c).length)) / 1024;
  const r = (what: string, value: number, unit = "ms") => ({
    name: `${name}_${what}`,
    value,
    unit,
  });
  return [
    r("cycles", cycles, "cycles"),
    r("segments", checkpoints.length, "segments"),
    r("exec_fast_ms", fast),
    r("exec_checkpoints_ms", ck),
    r("trace_sequential_ms", sequential),
    r("trace_checkpoints_ms", fromCheckpoints),
    r("segment_max_ms", Math.max(...perSegment.map((s) => s.ms))),
    r("globals_ms", globals),
    r("checkpoint_kib_max", kib, "KiB"),
  ];
}

/** Runs the segments benchmark and writes bench/results/segments.json. */
export async function run(): Promise<void> {
  const names = (process.env.SEGMENTS_BENCH_GUESTS ?? "bubble_sort,modmul").split(",");
  const results: BenchResult[] = [];
  for (const name of names) results.push(...(await guest(name)));
  report("segments.json", results);
}
