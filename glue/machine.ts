/**
 * The RISC-V machine for one program: its chips (AIRs), its preprocessed tables (program code,
 * initial memory image, byte/range table) and the proving/verifying keys they make; proving a
 * recorded run and verifying a proof of it.
 *
 * The verifying key's digest is the program id: it binds the constraint systems of every chip
 * (the CPU's entry point is a constant of its AIR), the committed program table and memory image,
 * and the proof parameters. The public journal is not a public value of any table: the verifier
 * puts its bytes on the journal bus itself (external messages), so only a proof whose io table
 * sent exactly these bytes, at these positions, balances.
 */
import type { CompiledAir } from "../core/air/types.js";
import type { Matrix } from "../core/field/matrix.js";
import { DEFAULT_FRI_PARAMS, type FriParams } from "../core/fri/params.js";
import type { BusMessage } from "../core/lookup/fingerprint.js";
import { prove, type ProveOptions } from "../core/stark/prover.js";
import { setup, verifyingKeyDigest } from "../core/stark/setup.js";
import type { ProvingKey, StarkProof, VerifyingKey } from "../core/stark/types.js";
import { verify } from "../core/stark/verifier.js";
import { STACK_TOP } from "./riscv/constants.js";
import type { Program } from "./riscv/elf.js";
import { executeRecording, type RecordedRun } from "./riscv/executor.js";
import { addChip } from "./chips/add.js";
import { bitwiseChip } from "./chips/bitwise.js";
import { JOURNAL_BUS } from "./chips/buses.js";
import { bytesChip, bytesPreprocessed, bytesTrace } from "./chips/bytes.js";
import { compareChip } from "./chips/compare.js";
import { cpuChip } from "./chips/cpu.js";
import { divChip } from "./chips/divrem.js";
import { generateTraces, type MachineImage } from "./chips/generate.js";
import { ioChip } from "./chips/io.js";
import { lsChip, type TextRange } from "./chips/loadstore.js";
import { boundaryChip, imageChip, imagePreprocessed } from "./chips/memory.js";
import { mulChip } from "./chips/mul.js";
import {
  programChip,
  programIndex,
  programPreprocessed,
  programRows,
  programTrace,
} from "./chips/program.js";
import { shiftChip } from "./chips/shift.js";
import { syscallChip } from "./chips/syscall.js";

/** Table order of every machine proof. */
export const TABLES = [
  "rv.cpu",
  "rv.program",
  "rv.image",
  "rv.boundary",
  "rv.bytes",
  "rv.add",
  "rv.bitwise",
  "rv.compare",
  "rv.shift",
  "rv.mul",
  "rv.divrem",
  "rv.loadstore",
  "rv.syscall",
  "rv.io",
] as const;

/** A program made ready to prove: its image, chips and preprocessed tables. */
export interface Machine {
  entry: number;
  image: MachineImage;
  airs: CompiledAir[];
  preprocessed: (Matrix | undefined)[];
  params: FriParams;
}

/** The text (executable segments) of a program as a word-index range [lo, hi). */
export function textRange(program: Program): TextRange {
  const exec = program.segments.filter((s) => s.executable);
  if (exec.length === 0) throw new Error("the program has no executable segment");
  const lo = Math.min(...exec.map((s) => s.vaddr));
  const hi = Math.max(...exec.map((s) => s.vaddr + s.memsz));
  return { lo: lo >>> 2, hi: Math.ceil(hi / 4) };
}

/** The chips of a machine with entry point `entry` and text `text`, in `TABLES` order. */
export function machineAirs(entry: number, text: TextRange): CompiledAir[] {
  return [
    cpuChip(entry),
    programChip(),
    imageChip(),
    boundaryChip(),
    bytesChip(),
    addChip(),
    bitwiseChip(),
    compareChip(),
    shiftChip(),
    mulChip(),
    divChip(),
    lsChip(text),
    syscallChip(),
    ioChip(text),
  ];
}

/** The initial memory image: memory-bus address → nonzero word (loaded segments and sp). */
export function memoryImage(program: Program): Map<number, number> {
  const image = new Map<number, number>();
  for (const s of program.segments) {
    for (let i = 0; i < s.data.length; i++) {
      const a = s.vaddr + i;
      const key = 32 + (a >>> 2);
      const w = image.get(key) ?? 0;
      image.set(key, (w | (s.data[i] << (8 * (a & 3)))) >>> 0);
    }
  }
  for (const [k, v] of image) if (v === 0) image.delete(k);
  image.set(2, STACK_TOP);
  return image;
}

/** Prepares `program` for proving and verifying. */
export function buildMachine(program: Program, params: FriParams = DEFAULT_FRI_PARAMS): Machine {
  const rows = programRows(program);
  const text = textRange(program);
  const image: MachineImage = {
    rows,
    index: programIndex(rows),
    image: memoryImage(program),
    text,
  };
  const airs = machineAirs(program.entry, text);
  const preprocessed: (Matrix | undefined)[] = TABLES.map(() => undefined);
  preprocessed[1] = programPreprocessed(rows);
  preprocessed[2] = imagePreprocessed(image.image);
  preprocessed[4] = bytesPreprocessed();
  return { entry: program.entry, image, airs, preprocessed, params };
}

const pkCache = new WeakMap<Machine, ProvingKey>();
/** The proving key (commits the preprocessed tables once per machine). */
export function provingKey(m: Machine): ProvingKey {
  let pk = pkCache.get(m);
  if (pk === undefined) {
    pk = setup(m.airs, m.preprocessed, m.params);
    pkCache.set(m, pk);
  }
  return pk;
}

/** What the verifier needs besides the program id to rebuild the verifying key. */
export interface KeyDescription {
  entry: number;
  /** Word-index range of the program text (stores there have no proof). */
  text: TextRange;
  preprocessedRoot: Uint8Array;
  preprocessedHeights: number[];
}

/** The description of a machine's verifying key (stored in receipts). */
export function describeKey(vk: VerifyingKey, m: Machine): KeyDescription {
  if (vk.preprocessed === undefined) throw new Error("machine key without preprocessed tables");
  return {
    entry: m.entry,
    text: { ...m.image.text },
    preprocessedRoot: vk.preprocessed.root,
    preprocessedHeights: [...vk.preprocessed.heights],
  };
}

/** Rebuilds a verifying key from its description; its digest must then equal the program id. */
export function rebuildKey(
  d: KeyDescription,
  params: FriParams = DEFAULT_FRI_PARAMS,
): VerifyingKey {
  const base = {
    params,
    airs: machineAirs(d.entry, d.text),
    preprocessed: {
      root: d.preprocessedRoot,
      tables: [1, 2, 4],
      heights: [...d.preprocessedHeights],
    },
  };
  return { ...base, digest: verifyingKeyDigest(base) };
}

/** The verifier's own journal messages: it receives byte i at position i. */
export function journalMessages(journal: Uint8Array): BusMessage[] {
  return Array.from(journal, (byte, i) => ({
    bus: JOURNAL_BUS,
    values: [i, byte],
    multiplicity: -1,
  }));
}

/** Main traces of every table for a recorded run, in `TABLES` order. */
export function machineTraces(
  m: Machine,
  run: RecordedRun,
  input: Uint8Array = new Uint8Array(0),
): Matrix[] {
  const g = generateTraces(m.image, run, input);
  const { ctx } = g;
  const get = (name: string, width: number): Matrix =>
    g.tables.get(name) ?? ctx.get(name, width).finish();
  const prog = m.preprocessed[1]!;
  return m.airs.map((air, i) => {
    const name = TABLES[i];
    if (name === "rv.program") return programTrace(prog.height, g.programCounts);
    if (name === "rv.image")
      return {
        values: new Uint32Array(m.preprocessed[2]!.height),
        width: 1,
        height: m.preprocessed[2]!.height,
      };
    if (name === "rv.bytes") return bytesTrace(ctx.lookups);
    return get(name, air.mainWidth);
  });
}

/** A proof of one run with the figures a user wants to see. */
export interface MachineProof {
  proof: StarkProof;
  journal: Uint8Array;
  cycles: number;
  heights: Record<string, number>;
  traceCells: number;
}

/** Executes (recording), generates traces and proves; refuses runs with a non-zero exit code. */
export function proveProgram(
  m: Machine,
  program: Program,
  options: { input?: Uint8Array; prove?: ProveOptions; onPhase?: (phase: string) => void } = {},
): MachineProof {
  const input = options.input ?? new Uint8Array(0);
  options.onPhase?.("execute");
  const run = executeRecording(program, { input });
  if (run.exitCode !== 0)
    throw new Error(`the guest exited with code ${run.exitCode}; nothing to prove`);
  options.onPhase?.("trace generation");
  const traces = machineTraces(m, run, input);
  const pk = provingKey(m);
  const proof = prove(
    pk,
    traces.map((main) => ({ main })),
    { ...options.prove, external: journalMessages(run.journal) },
  );
  const heights: Record<string, number> = {};
  let traceCells = 0;
  m.airs.forEach((air, i) => {
    const hgt = traces[i].height;
    heights[TABLES[i]] = hgt;
    traceCells += hgt * (air.mainWidth + air.preprocessedWidth + 4 * air.auxWidth);
  });
  return { proof, journal: run.journal, cycles: run.cycles, heights, traceCells };
}

/** Verifies a machine proof against a verifying key and the claimed journal; throws if invalid. */
export function verifyProgram(vk: VerifyingKey, proof: StarkProof, journal: Uint8Array): void {
  verify(
    vk,
    proof,
    vk.airs.map(() => new Uint32Array(0)),
    journalMessages(journal),
  );
}
