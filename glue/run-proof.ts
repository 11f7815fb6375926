/**
 * Proving a run of a machine (execute, generate every segment's traces, one linked proof) and
 * verifying such a proof against the machine's verifying keys and the claimed journal.
 */
import { type ProveOptions, proveLinked } from "../core/stark/prover.js";
import type { StarkProof } from "../core/stark/types.js";
import { verifyLinked, type VerifyOptions } from "../core/stark/verifier.js";
import {
  journalMessages,
  type Machine,
  type MachineVerifyingKeys,
  machineKeys,
} from "./machine.js";
import { traceCells, witnessFigures } from "./figures.js";
import type { Program } from "./riscv/elf.js";
import { warmHeap } from "../core/wasm/pool.js";
import { executeRecording, type RunResult } from "./riscv/executor.js";
import {
  checkProvableSize,
  DEFAULT_SEGMENT_CYCLES,
  type HandOver,
  machineClaims,
  machineWitness,
  type MachineWitness,
  witnessParts,
} from "./segments.js";

/** A proof of one run with the figures a user wants to see. */
export interface MachineProof {
  /** One part per segment (core/stark/statement.ts). */
  proofs: StarkProof[];
  handOvers: HandOver[];
  journal: Uint8Array;
  cycles: number;
  segments: number;
  /** Rows per table, summed over segments (padding included). */
  heights: Record<string, number>;
  /** Σ rows × (main + preprocessed + 4 × aux columns) over every table of every part. */
  traceCells: number;
}

/**
 * Default segment length of a zero-knowledge proof: half the ordinary one. A ZK proof commits
 * every witness column at twice its height (core/stark/zk.ts), so a 2^20-cycle segment needs
 * about twice the memory and does not fit the 4 GiB WebAssembly heap (measured: bubble_sort
 * runs out of it at 2^20, peaks below 3 GiB at 2^19).
 */
export const ZK_SEGMENT_CYCLES = DEFAULT_SEGMENT_CYCLES / 2;

/** Options of `proveProgram`. */
export interface ProveProgramOptions {
  /** Private input (the guest's `read`). */
  input?: Uint8Array;
  /** Cycles per segment: a power of two in [8, 2^22]; default 2^20 (2^19 with `prove.zk`). */
  segmentCycles?: number;
  /** Passed to the STARK prover (profile, onPhase, zk and zkSeed, test-only switches). */
  prove?: ProveOptions;
  /** Called when execution and trace generation start. */
  onPhase?: (phase: string) => void;
}

/** Rows per table (padded, summed over segments) and all their cells. */
function proofFigures(m: Machine, w: MachineWitness): Pick<MachineProof, "heights" | "traceCells"> {
  const tables = witnessFigures(m, w);
  const heights = Object.fromEntries(tables.map((t) => [t.name, t.paddedRows]));
  return { heights, traceCells: traceCells(tables) };
}

/**
 * Heap per row of a segment's CPU table that a proof surely uses (measured peaks: ~1.9 KiB for
 * an ordinary proof, twice that with zero knowledge; these are two thirds of that, so the
 * background touch never faults in pages the proof leaves unused).
 */
const WARM_BYTES_PER_ROW = 1280;
const WARM_BYTES_PER_ROW_ZK = 2560;

/**
 * With ZKGLUE_WARM_HEAP=1, faults in the heap the first segment's proof will use while its traces
 * are generated (off by default: slower where two threads' page faults contend, see `warmHeap`).
 */
function warmHeapFor(cycles: number, segmentCycles: number, zk: boolean): void {
  const rows = Math.min(segmentCycles, 2 ** Math.ceil(Math.log2(Math.max(8, cycles))));
  warmHeap(rows * (zk ? WARM_BYTES_PER_ROW_ZK : WARM_BYTES_PER_ROW));
}

/** Executes (recording), generates traces and proves; refuses runs with a non-zero exit code. */
export function proveProgram(
  m: Machine,
  program: Program,
  options: ProveProgramOptions = {},
): MachineProof {
  const input = options.input ?? new Uint8Array(0);
  options.onPhase?.("execute");
  const run = executeRecording(program, { input, coprocessors: m.coprocessors });
  if (run.exitCode !== 0)
    throw new Error(`the guest exited with code ${run.exitCode}; nothing to prove`);
  options.onPhase?.("trace generation");
  const segmentCycles =
    options.segmentCycles ?? (options.prove?.zk ? ZK_SEGMENT_CYCLES : DEFAULT_SEGMENT_CYCLES);
  warmHeapFor(run.cycles, segmentCycles, options.prove?.zk === true);
  const w = machineWitness(m, run, input, segmentCycles);
  return proveWitness(m, w, run, options);
}

/**
 * Proves a run's witness (however it was generated: `machineWitness`, or from checkpoints,
 * possibly on other threads) as `proveProgram` does; `run` gives the journal and cycle count.
 */
export function proveWitness(
  m: Machine,
  w: MachineWitness,
  run: Pick<RunResult, "journal" | "cycles">,
  options: Pick<ProveProgramOptions, "prove"> = {},
): MachineProof {
  const parts = witnessParts(m, machineKeys(m), w);
  checkProvableSize(parts, run.cycles);
  const proofs = proveLinked(parts, {
    ...options.prove,
    external: journalMessages(run.journal),
  });
  return {
    proofs,
    handOvers: w.handOvers,
    journal: run.journal,
    cycles: run.cycles,
    segments: w.segments.length,
    ...proofFigures(m, w),
  };
}

/**
 * Verifies a machine proof against the verifying keys, the entry point, the hand-over points
 * and the claimed journal; throws `VerificationError` if it is invalid.
 */
export function verifyProgram(
  keys: MachineVerifyingKeys,
  entry: number,
  proof: Pick<MachineProof, "proofs" | "handOvers" | "journal">,
  options: VerifyOptions = {},
): void {
  verifyLinked(
    machineClaims(keys, entry, proof.proofs, proof.handOvers),
    journalMessages(proof.journal),
    options,
  );
}
