/**
 * The RISC-V machine for one program: its chips (AIRs), its preprocessed tables (program code,
 * initial memory image, byte/range table) and the two keys a run is proven with.
 *
 * A run is proven in segments (segments.ts): every segment but the last is a proof of the
 * segment tables alone (CPU and per-operation chips) under the *segment key*; the last segment's
 * proof also holds the global tables (program, image, memory boundary, byte/range, syscall, io)
 * under the *final key*. The program id is the hash of both keys' digests and the entry point:
 * it binds the constraint systems of every chip, the committed program table and memory image,
 * and the proof parameters. The public journal is not a public value of any table: the verifier
 * puts its bytes on the journal bus itself (external messages), so only a proof whose io table
 * sent exactly these bytes, at these positions, balances.
 */
import type { CompiledAir } from "../core/air/types.js";
import type { Matrix } from "../core/field/matrix.js";
import { DEFAULT_FRI_PARAMS, type FriParams } from "../core/fri/params.js";
import type { BusMessage } from "../core/lookup/fingerprint.js";
import { blake3 } from "@noble/hashes/blake3.js";
import { setup, verifyingKeyDigest } from "../core/stark/setup.js";
import type { ProvingKey, VerifyingKey } from "../core/stark/types.js";
import { STACK_TOP } from "./riscv/constants.js";
import type { Program } from "./riscv/elf.js";
import { addChip } from "./chips/add.js";
import { bitwiseChip } from "./chips/bitwise.js";
import { JOURNAL_BUS } from "./chips/buses.js";
import { bytesChip, bytesPreprocessed } from "./chips/bytes.js";
import { compareChip } from "./chips/compare.js";
import { cpuChip } from "./chips/cpu.js";
import { divChip } from "./chips/divrem.js";
import type { MachineImage } from "./chips/generate.js";
import { ioChip } from "./chips/io.js";
import { lsChip, type TextRange } from "./chips/loadstore.js";
import { boundaryChip, imageChip, imagePreprocessed } from "./chips/memory.js";
import { mulChip } from "./chips/mul.js";
import { programChip, programIndex, programPreprocessed, programRows } from "./chips/program.js";
import { shiftChip } from "./chips/shift.js";
import { syscallChip } from "./chips/syscall.js";

/** The tables every segment has (its CPU cycles and the operations they hand off). */
export const SEGMENT_TABLES = [
  "rv.cpu",
  "rv.add",
  "rv.bitwise",
  "rv.compare",
  "rv.shift",
  "rv.mul",
  "rv.divrem",
  "rv.loadstore",
] as const;

/** The tables that cover the whole run, proven once, in the last segment's proof. */
export const GLOBAL_TABLES = [
  "rv.program",
  "rv.image",
  "rv.boundary",
  "rv.bytes",
  "rv.syscall",
  "rv.io",
] as const;

/** Table order of the final key (the segment key is its first SEGMENT_TABLES.length tables). */
export const TABLES = [...SEGMENT_TABLES, ...GLOBAL_TABLES] as const;

/** A table's name. */
export type TableName = (typeof TABLES)[number];

/** Index of a table in `TABLES` (and, for segment tables, in the segment key). */
export const tableIndex = (name: TableName): number => TABLES.indexOf(name);

/** The tables with preprocessed columns, in `TABLES` order. */
const PREPROCESSED: TableName[] = ["rv.program", "rv.image", "rv.bytes"];

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

/** The chips of a machine whose program text is `text`, in `TABLES` order. */
export function machineAirs(text: TextRange): CompiledAir[] {
  const chips: Record<TableName, () => CompiledAir> = {
    "rv.cpu": cpuChip,
    "rv.add": addChip,
    "rv.bitwise": bitwiseChip,
    "rv.compare": compareChip,
    "rv.shift": shiftChip,
    "rv.mul": mulChip,
    "rv.divrem": divChip,
    "rv.loadstore": () => lsChip(text),
    "rv.program": programChip,
    "rv.image": imageChip,
    "rv.boundary": boundaryChip,
    "rv.bytes": bytesChip,
    "rv.syscall": syscallChip,
    "rv.io": () => ioChip(text),
  };
  return TABLES.map((name) => chips[name]());
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
  const airs = machineAirs(text);
  const preprocessed: (Matrix | undefined)[] = TABLES.map(() => undefined);
  preprocessed[tableIndex("rv.program")] = programPreprocessed(rows);
  preprocessed[tableIndex("rv.image")] = imagePreprocessed(image.image);
  preprocessed[tableIndex("rv.bytes")] = bytesPreprocessed();
  return { entry: program.entry, image, airs, preprocessed, params };
}

/** The two proving keys of a machine: segments but the last, and the last with the globals. */
export interface MachineKeys {
  segment: ProvingKey;
  final: ProvingKey;
}

/** The two verifying keys. */
export interface MachineVerifyingKeys {
  segment: VerifyingKey;
  final: VerifyingKey;
}

const keyCache = new WeakMap<Machine, MachineKeys>();
/** The machine's proving keys (commits the preprocessed tables once per machine). */
export function machineKeys(m: Machine): MachineKeys {
  let keys = keyCache.get(m);
  if (keys === undefined) {
    keys = {
      segment: setup(m.airs.slice(0, SEGMENT_TABLES.length), [], m.params),
      final: setup(m.airs, m.preprocessed, m.params),
    };
    keyCache.set(m, keys);
  }
  return keys;
}

/**
 * The program id: BLAKE3 over both verifying keys' digests and the entry point (the CPU's start,
 * which the verifier checks the first segment against).
 */
export function programId(entry: number, keys: MachineVerifyingKeys): Uint8Array {
  const description = {
    protocol: "zkglue-program-v2",
    entry,
    segment: Buffer.from(keys.segment.digest).toString("hex"),
    final: Buffer.from(keys.final.digest).toString("hex"),
  };
  return blake3(new TextEncoder().encode(JSON.stringify(description)));
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

/** Rebuilds the verifying keys from their description; their program id must then be trusted. */
export function rebuildKeys(
  d: KeyDescription,
  params: FriParams = DEFAULT_FRI_PARAMS,
): MachineVerifyingKeys {
  const airs = machineAirs(d.text);
  const segment = { params, airs: airs.slice(0, SEGMENT_TABLES.length), preprocessed: undefined };
  const final = {
    params,
    airs,
    preprocessed: {
      root: d.preprocessedRoot,
      tables: PREPROCESSED.map(tableIndex),
      heights: [...d.preprocessedHeights],
    },
  };
  return {
    segment: { ...segment, digest: verifyingKeyDigest(segment) },
    final: { ...final, digest: verifyingKeyDigest(final) },
  };
}

/** The verifier's own journal messages: it receives byte i at position i. */
export function journalMessages(journal: Uint8Array): BusMessage[] {
  return Array.from(journal, (byte, i) => ({
    bus: JOURNAL_BUS,
    values: [i, byte],
    multiplicity: -1,
  }));
}
