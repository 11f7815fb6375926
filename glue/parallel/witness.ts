/**
 * A run's witness with its segments generated on worker threads: the coordinator executes the
 * run once, fast, recording checkpoints; the workers generate the segments from them; the
 * coordinator builds the global tables from the segments' summaries. The witness equals, byte
 * for byte, `machineWitness`'s, so the proof and the receipt do too.
 */
import { checkSegmentCycles } from "../chips/generate.js";
import { TraceGenerationError } from "../chips/state.js";
import type { Machine } from "../machine.js";
import type { Program } from "../riscv/elf.js";
import { executeWithCheckpoints, type RunResult } from "../riscv/executor.js";
import { globalsFromSummaries } from "../segment-globals.js";
import type { MachineWitness } from "../segments.js";
import type { SegmentWorkers } from "./pool.js";

/** A witness and the run it proves (journal, cycles). */
export interface ParallelWitness {
  witness: MachineWitness;
  run: RunResult;
}

/**
 * Executes `program` (refusing a non-zero exit code) and generates its witness in segments of
 * `segmentCycles` cycles on `workers`, which must serve the same machine, program and input.
 *
 * @example
 * const workers = new SegmentWorkers(script, 2, { program, input, modules: [] });
 * const { witness, run } = await witnessInWorkers(m, program, input, 1 << 20, workers);
 */
export async function witnessInWorkers(
  m: Machine,
  program: Program,
  input: Uint8Array,
  segmentCycles: number,
  workers: SegmentWorkers,
): Promise<ParallelWitness> {
  checkSegmentCycles(segmentCycles);
  const { checkpoints, ...run } = executeWithCheckpoints(program, segmentCycles, {
    input,
    coprocessors: m.coprocessors,
  });
  if (run.exitCode !== 0)
    throw new Error(`the guest exited with code ${run.exitCode}; nothing to prove`);
  const segs = await workers.generate(checkpoints);
  const summaries = segs.map((s) => s.summary);
  if (summaries.some((s, i) => s.index !== i))
    throw new TraceGenerationError("a worker returned another segment than it was given");
  const witness = {
    segments: segs.map((s) => s.tables),
    handOvers: summaries.slice(0, -1).map((s) => s.handOver!),
    global: globalsFromSummaries(m, summaries, checkpoints),
  };
  return { witness, run };
}
