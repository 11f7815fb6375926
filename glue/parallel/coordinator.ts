/**
 * Proving a run across workers in two rounds (core/stark/rounds.ts), as the coordinator sees it:
 *
 *   execute    one fast run records a checkpoint at every segment boundary;
 *   round 1    every segment but the last is a commit task (glue/parallel/tasks.ts) for the
 *              workers; meanwhile the coordinator generates the last segment itself;
 *   between    the global tables from the segments' summaries; the last part (last segment +
 *              global tables) committed here; the commitments fix the LogUp challenges;
 *   round 2    every segment but the last is a prove task; the coordinator proves the last part;
 *   check      each returned proof is for its segment and its round-1 root, the buses balance,
 *              and the whole proof verifies — a wrong worker fails the run, never the receipt.
 *
 * How tasks reach workers is the runner's business: local processes (glue/parallel/pool.ts) or
 * a BullMQ queue on Redis (glue/parallel/queue.ts). The proof is byte for byte the one process's.
 */
import {
  checkLinkedBalance,
  commitPart,
  partStatement,
  provePartOf,
} from "../../core/stark/rounds.js";
import type { LinkedCommitments, PartCommitment } from "../../core/stark/rounds.js";
import { sameBytes } from "../../core/commit/hash.js";
import { deserializeProof } from "../../core/stark/serialize.js";
import { randomZkSeed } from "../../core/stark/zk-random.js";
import type { StarkProof } from "../../core/stark/types.js";
import type { CommittedBatch } from "../../core/fri/pcs.js";
import { checkSegmentCycles } from "../chips/generate.js";
import { heightFigures, traceCells } from "../figures.js";
import type { ChipTrace } from "../chip.js";
import { externalMessages, type ImageRoots } from "../paging/messages.js";
import { type Machine, machineKeys, machineProgramId } from "../machine.js";
import type { SegmentSummary } from "../segment-trace.js";
import type { Checkpoint } from "../riscv/checkpoint.js";
import type { Program } from "../riscv/elf.js";
import { executeWithCheckpoints } from "../riscv/executor.js";
import {
  type MachineProof,
  type ProveProgramOptions,
  verifyProgram,
  ZK_SEGMENT_CYCLES,
} from "../run-proof.js";
import { globalsFromSummaries } from "../segment-globals.js";
import { segmentWitness } from "../segment-trace.js";
import {
  checkProvableHeights,
  cpuPublicValues,
  DEFAULT_SEGMENT_CYCLES,
  type HandOver,
  machinePart,
  machinePartPublics,
} from "../segments.js";
import type { CommitResult, ProveResult, SegmentTask, TaskResult } from "./tasks.js";

/** Tasks handed out, and their results to come. */
export interface TaskBatch {
  /** The results in task order; rejects with the first task that cannot be done. */
  results: Promise<TaskResult[]>;
}

/** Something that runs segment tasks on workers: local processes, a job queue. */
export interface TaskRunner {
  /**
   * Hands `tasks` out (resolving once they are queued, so the caller can work meanwhile);
   * `onResult(k)` is called as task k completes.
   */
  submit(tasks: readonly SegmentTask[], onResult?: (k: number) => void): Promise<TaskBatch>;
}

/** A worker's answer that the coordinator cannot use. */
export class WorkerResultError extends Error {
  override name = "WorkerResultError";
}

/** Round-1 results, checked to be for the segments asked, with the segment key's table count. */
function checkCommits(results: TaskResult[], asked: readonly Checkpoint[], tables: number) {
  return results.map((r, k): CommitResult => {
    const i = asked[k].index;
    if (r.kind !== "commit" || r.index !== i || r.summary.index !== i)
      throw new WorkerResultError(`round 1: a worker answered segment ${i} with another result`);
    const ok = r.logHeights.length === tables && r.logHeights.every((h) => h >= 1 && h <= 30);
    if (!ok) throw new WorkerResultError(`round 1: segment ${i}'s table heights are malformed`);
    if (r.root.length !== 32)
      throw new WorkerResultError(`round 1: segment ${i}'s main root is not 32 bytes`);
    return r;
  });
}

/** Round-2 results as proofs, each checked to be its segment's part over its round-1 root. */
function checkProofs(results: TaskResult[], parts: readonly PartCommitment[]): StarkProof[] {
  return results.map((r, i) => {
    if (r.kind !== "prove" || r.index !== i)
      throw new WorkerResultError(`round 2: a worker answered segment ${i} with another result`);
    let proof: StarkProof;
    try {
      proof = deserializeProof(r.proof);
    } catch (e) {
      throw new WorkerResultError(
        `round 2: segment ${i}'s proof is malformed: ${(e as Error).message}`,
      );
    }
    if (!sameBytes(proof.mainRoot, parts[i].root))
      throw new WorkerResultError(
        `round 2: segment ${i}'s proof is not over its round-1 main root`,
      );
    return proof;
  });
}

/** Options of `proveInRounds`. */
export interface RoundsOptions extends ProveProgramOptions {
  /**
   * Filled with the coordinator's own milliseconds per step: execute, last_segment, round1_wait,
   * globals, final_commit, final_prove, round2_wait, verify (the waits are for the workers).
   */
  timings?: Record<string, number>;
}

/** A stopwatch writing each step's milliseconds into `into`. */
function stopwatch(into: Record<string, number> = {}): (step: string) => void {
  let t = performance.now();
  return (step) => {
    const now = performance.now();
    into[step] = (into[step] ?? 0) + now - t;
    t = now;
  };
}

/**
 * What the two rounds prove: a run's (or a chunk's) segments by their checkpoints, where they
 * start and end, and how the global tables, the verifier's external messages and the final check
 * follow from the segments' summaries.
 */
interface RoundsJob {
  programId: Uint8Array;
  checkpoints: Checkpoint[];
  journal: Uint8Array;
  cycles: number;
  /** The first segment's pc (the entry point, or a chunk's start). */
  startPc: number;
  /** Where the last segment hands over (a chunk that runs on); absent if it terminates. */
  end?: HandOver;
  /** The global tables, and the paging roots of a chunk (glue/paging). */
  globals(summaries: SegmentSummary[]): { global: ChipTrace[]; roots?: ImageRoots };
  /** Throws if the assembled proof does not verify. */
  verify(proof: Pick<MachineProof, "proofs" | "handOvers" | "journal">, roots?: ImageRoots): void;
}

/**
 * Proves `program` on machine `m` with segments on `runner`'s workers (which must serve the same
 * program, machine and input); returns what `proveProgram` returns, the same proofs byte for byte.
 *
 * @example
 * const workers = new LocalWorkers(script, 2, setup);
 * const proof = await proveInRounds(m, program, workers, { input, segmentCycles: 1 << 20 });
 */
export async function proveInRounds(
  m: Machine,
  program: Program,
  runner: TaskRunner,
  options: RoundsOptions = {},
): Promise<MachineProof> {
  const lap = stopwatch(options.timings);
  const input = options.input ?? new Uint8Array(0);
  const segmentCycles = roundsSegmentCycles(options);
  const keys = machineKeys(m);
  options.onPhase?.("execute");
  lap("setup");
  const { checkpoints, ...run } = executeWithCheckpoints(program, segmentCycles, {
    input,
    coprocessors: m.coprocessors,
  });
  if (run.exitCode !== 0)
    throw new Error(`the guest exited with code ${run.exitCode}; nothing to prove`);
  lap("execute");
  const { proof } = await proveJob(
    m,
    program,
    runner,
    {
      programId: machineProgramId(m),
      checkpoints,
      journal: run.journal,
      cycles: run.cycles,
      startPc: m.entry,
      globals: (summaries) => ({ global: globalsFromSummaries(m, summaries, checkpoints) }),
      verify: (proof) =>
        verifyProgram({ segment: keys.segment.vk, final: keys.final.vk }, m.entry, proof),
    },
    options,
  );
  return proof;
}

/** The segment length of `options` (its default depends on ZK), checked. */
export function roundsSegmentCycles(options: ProveProgramOptions): number {
  const zk = options.prove?.zk === true;
  const segmentCycles = options.segmentCycles ?? (zk ? ZK_SEGMENT_CYCLES : DEFAULT_SEGMENT_CYCLES);
  checkSegmentCycles(segmentCycles);
  return segmentCycles;
}

/** A proven job: the machine proof, and a chunk's paging roots. */
export interface JobProof {
  proof: MachineProof;
  roots?: ImageRoots;
}

/**
 * The two rounds for `job`'s segments: the coordinator's side of proveInRounds, for a whole
 * run and for one chunk alike.
 */
export async function proveJob(
  m: Machine,
  program: Program,
  runner: TaskRunner,
  job: RoundsJob,
  options: RoundsOptions = {},
): Promise<JobProof> {
  const lap = stopwatch(options.timings);
  const input = options.input ?? new Uint8Array(0);
  const zk = options.prove?.zk === true;
  const keys = machineKeys(m);
  const { programId, checkpoints } = job;
  const n = checkpoints.length;
  const remote = checkpoints.slice(0, -1);
  // A ZK part is committed randomized from its seed: both rounds of a part get the same one.
  const seeds = checkpoints.map((_, i) =>
    zk ? (options.prove?.zkSeed?.(i) ?? randomZkSeed()) : undefined,
  );
  // The LogUp blinding links each part to the previous one (core/stark/zk-blind.ts).
  const link = (i: number) => (n > 1 ? seeds[(i + n - 1) % n] : undefined);
  const seeded = (i: number) => (zk ? { zkSeed: seeds[i], zkLinkSeed: link(i) } : {});
  const progress = (round: string) => (k: number) => options.prove?.onPhase?.(round, k, n);

  options.onPhase?.("round 1");
  const round1 = await runner.submit(
    remote.map((checkpoint, i) => ({ kind: "commit", programId, checkpoint, ...seeded(i) })),
    progress("segment committed"),
  );
  const last = segmentWitness(m, program, input, checkpoints[n - 1]);
  lap("last_segment");
  const commits = checkCommits(await round1.results, remote, keys.segment.vk.airs.length);
  lap("round1_wait");

  const summaries = [...commits.map((r) => r.summary), last.summary];
  const { global, roots } = job.globals(summaries);
  const handOvers = summaries.slice(0, -1).map((s) => s.handOver!);
  const cpu = cpuPublicValues(job.startPc, handOvers, job.end);
  const mains = [...last.tables, ...global].map((t) => t.main);
  lap("globals");
  const finalPart = machinePart(keys.final, mains, cpu[n - 1], n - 1);
  const segmentParts = commits.map((r, i) => ({
    statement: {
      vkDigest: keys.segment.vk.digest,
      logHeights: r.logHeights,
      publics: machinePartPublics(keys.segment.vk, cpu[i]),
    },
    root: r.root,
    ...(zk ? { zk: true as const } : {}),
  }));
  const logHeights = [...commits.map((r) => r.logHeights), partStatement(finalPart).logHeights];
  checkProvableHeights(
    logHeights.map((h, i) => ({ vk: i < n - 1 ? keys.segment.vk : keys.final.vk, logHeights: h })),
    job.cycles,
  );
  let kept: CommittedBatch | undefined;
  const parts = [
    ...segmentParts,
    commitPart(finalPart, (b) => (kept = b), seeds[n - 1], link(n - 1)),
  ];
  const c: LinkedCommitments = { parts, external: externalMessages(job.journal, roots) };
  lap("final_commit");

  options.onPhase?.("round 2");
  const round2 = await runner.submit(
    remote.map((checkpoint, i) => ({
      kind: "prove",
      programId,
      checkpoint,
      parts,
      journal: job.journal,
      ...(roots ? { roots } : {}),
      ...seeded(i),
    })),
    progress("segment proven"),
  );
  const finalProof = provePartOf(c, n - 1, finalPart, {
    ...options.prove,
    committed: kept,
    zkSeed: (j) => seeds[j]!,
  });
  lap("final_prove");
  const proofs = [...checkProofs(await round2.results, parts), finalProof];
  lap("round2_wait");
  const proof = { proofs, handOvers, journal: job.journal };
  try {
    checkLinkedBalance(c, proofs);
    job.verify(proof, roots);
  } catch (e) {
    throw new WorkerResultError(
      `the workers' segment proofs do not verify: ${(e as Error).message}`,
    );
  }
  lap("verify");
  const tables = heightFigures(m, logHeights);
  const heights = Object.fromEntries(tables.map((t) => [t.name, t.paddedRows]));
  return {
    proof: { ...proof, cycles: job.cycles, segments: n, heights, traceCells: traceCells(tables) },
    roots,
  };
}
