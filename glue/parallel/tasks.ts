/**
 * The work a segment worker does, the same on a local worker process and on a queue worker:
 *
 *   commit (round 1)  generate the segment from its checkpoint, commit its main trace; return
 *                     the root, the table heights and the summary the global tables need;
 *   prove (round 2)   generate it again and prove it as part `index` of the linked proof the
 *                     commitments describe; return the serialized part proof.
 *
 * Only segments that are not the last are tasks: the last segment's part also holds the global
 * tables, which need every summary, so the coordinator proves it (glue/parallel/coordinator.ts).
 * Tasks and results are plain numbers and typed arrays (structured-clone safe; wire.ts turns
 * them into JSON for a job queue).
 */
import type { LinkedCommitments, PartCommitment } from "../../core/stark/rounds.js";
import { commitPart, provePartOf } from "../../core/stark/rounds.js";
import { serializeLinkedProof, serializeProof } from "../../core/stark/serialize.js";
import { buildMachine } from "../machine.js";
import { type ChainMachines, type ChunkProof, proveChunk } from "../paging/chunk-proof.js";
import type { ChunkStart } from "../riscv/chunks.js";
import { inProcessRunner } from "./in-process.js";
import type { PartWitness } from "../../core/stark/witness.js";
import { type Machine, type MachineKeys, machineKeys } from "../machine.js";
import { externalMessages, type ImageRoots } from "../paging/messages.js";
import { machineProgramId } from "../machine.js";
import type { Checkpoint } from "../riscv/checkpoint.js";
import type { Program } from "../riscv/elf.js";
import { type SegmentSummary, segmentWitness } from "../segment-trace.js";
import { machinePart } from "../segments.js";

/** Round 1 for one segment. `programId` names the machine the coordinator proves on. */
export interface CommitTask {
  kind: "commit";
  programId: Uint8Array;
  checkpoint: Checkpoint;
  /** For a zero-knowledge proof: the part's 32-byte seed (the same in both rounds). */
  zkSeed?: Uint8Array;
  /** With `zkSeed`: the previous part's seed, which its LogUp blinding links to (zk-blind.ts). */
  zkLinkSeed?: Uint8Array;
}

/** Round 2 for one segment: its checkpoint and everything fixed before the challenges. */
export interface ProveTask {
  kind: "prove";
  programId: Uint8Array;
  checkpoint: Checkpoint;
  /** Every part's statement and main root, in part order. */
  parts: PartCommitment[];
  /** The run's journal (the verifier's external bus messages are built from it). */
  journal: Uint8Array;
  /** For a chunk's segment (glue/paging): its image roots, the verifier's root message. */
  roots?: ImageRoots;
  /** For a zero-knowledge proof: the part's seed, round 1's. */
  zkSeed?: Uint8Array;
  /** With `zkSeed`: the previous part's seed, round 1's. */
  zkLinkSeed?: Uint8Array;
}

/**
 * A whole chunk of a chain (glue/paging): its start state is all it needs; the worker proves
 * it from there (its segments in the worker's own process) and returns the chunk's proof.
 */
export interface ChunkTask {
  kind: "chunk";
  programId: Uint8Array;
  start: ChunkStart;
  segmentCycles: number;
  zk: boolean;
}

export type SegmentTask = CommitTask | ProveTask | ChunkTask;

/** Round 1's answer for segment `index`. */
export interface CommitResult {
  kind: "commit";
  index: number;
  root: Uint8Array;
  logHeights: number[];
  summary: SegmentSummary;
}

/** Round 2's answer for segment `index`: its part proof (core/stark/serialize.ts). */
export interface ProveResult {
  kind: "prove";
  index: number;
  proof: Uint8Array;
}

/** A chunk task's answer: the chunk proof's claim and figures, its linked proof as bytes. */
export interface ChunkResult {
  kind: "chunk";
  index: number;
  chunk: Omit<ChunkProof, "proofs">;
  proofs: Uint8Array;
}

export type TaskResult = CommitResult | ProveResult | ChunkResult;

/** What a task is about, for messages: "segment 3", "chunk 2". */
export function taskSubject(task: SegmentTask): string {
  return task.kind === "chunk" ? `chunk ${task.start.index}` : `segment ${task.checkpoint.index}`;
}

/** What a worker holds to serve tasks: one program's machine, its keys and the run's input. */
export interface SegmentContext {
  m: Machine;
  keys: MachineKeys;
  program: Program;
  input: Uint8Array;
  programId: Uint8Array;
}

/** A worker's context for `program` on machine `m` with private input `input` (builds the keys). */
export function segmentContext(m: Machine, program: Program, input: Uint8Array): SegmentContext {
  return { m, keys: machineKeys(m), program, input, programId: machineProgramId(m) };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Segment `c.index` as a (non-last) part of the machine proof. */
function segmentPart(ctx: SegmentContext, c: Checkpoint): { part: PartWitness; w: SegmentSummary } {
  if (c.last) throw new Error(`segment ${c.index} is the last one: the coordinator proves it`);
  const { tables, summary } = segmentWitness(ctx.m, ctx.program, ctx.input, c);
  const end = summary.handOver!;
  const cpu = Uint32Array.of(c.pc, 4 * c.startCycle, end.pc, end.clk, 1);
  const mains = tables.map((t) => t.main);
  return { part: machinePart(ctx.keys.segment, mains, cpu, c.index), w: summary };
}

/** Refuses a task for another program than the worker's. */
function checkProgram(ctx: SegmentContext, task: SegmentTask): void {
  if (hex(task.programId) !== hex(ctx.programId)) {
    throw new Error(
      `this worker proves program ${hex(ctx.programId)}, the task is for ${hex(task.programId)} ` +
        "(another ELF or another set of coprocessors: start the worker with the same --coprocessor modules)",
    );
  }
}

/** Runs one task of any kind; rejects (naming the segment or chunk) if it cannot be done. */
export async function runTask(ctx: SegmentContext, task: SegmentTask): Promise<TaskResult> {
  if (task.kind !== "chunk") return runSegmentTask(ctx, task);
  checkProgram(ctx, task);
  const ms = chunkMachinesOf(ctx);
  const { proofs, ...chunk } = await proveChunk(ms, ctx.program, task.start, inProcessRunner(ctx), {
    input: ctx.input,
    segmentCycles: task.segmentCycles,
    prove: { zk: task.zk },
  });
  return { kind: "chunk", index: task.start.index, chunk, proofs: serializeLinkedProof(proofs) };
}

const chainCache = new WeakMap<SegmentContext, ChainMachines>();
/** The worker's chain machines: its own machine, and the chunk machine built once. */
function chunkMachinesOf(ctx: SegmentContext): ChainMachines {
  let ms = chainCache.get(ctx);
  if (ms === undefined) {
    const chunk = buildMachine(ctx.program, {
      coprocessors: ctx.m.coprocessors,
      params: ctx.m.params,
      paged: true,
    });
    chainCache.set(ctx, (ms = { run: ctx.m, chunk }));
  }
  return ms;
}

/** Runs one segment task; throws (naming the segment) if it cannot be done. */
export function runSegmentTask(ctx: SegmentContext, task: CommitTask | ProveTask): TaskResult {
  checkProgram(ctx, task);
  const index = task.checkpoint.index;
  const { part, w } = segmentPart(ctx, task.checkpoint);
  if (task.kind === "commit") {
    const { statement, root } = commitPart(part, undefined, task.zkSeed, task.zkLinkSeed);
    return { kind: "commit", index, root, logHeights: [...statement.logHeights], summary: w };
  }
  const c: LinkedCommitments = {
    parts: task.parts,
    external: externalMessages(task.journal, task.roots),
  };
  const { zkSeed: seed, zkLinkSeed: link } = task;
  // provePartOf asks for this part's seed and the previous part's (its blinding's link).
  const zkSeed = (j: number) => (j === index ? seed! : link!);
  const proof = provePartOf(c, index, part, seed ? { zkSeed } : {});
  return { kind: "prove", index, proof: serializeProof(proof) };
}
