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
import { bytesToHex } from "@noble/hashes/utils.js";
import { setup, verifyingKeyDigest } from "../core/stark/setup.js";
import type { ProvingKey, VerifyingKey } from "../core/stark/types.js";
import { STACK_TOP } from "./riscv/constants.js";
import type { Program } from "./riscv/elf.js";
import type { Chip } from "./chip.js";
import { addChip } from "./chips/add/index.js";
import { bitwiseChip } from "./chips/bitwise/index.js";
import { JOURNAL_BUS } from "./chips/buses.js";
import { bytesChip, bytesPreprocessed } from "./chips/bytes/index.js";
import { compareChip } from "./chips/compare/index.js";
import { cpuChip } from "./chips/cpu/index.js";
import { divChip } from "./chips/divrem/index.js";
import type { MachineImage } from "./chips/generate.js";
import { ioChip } from "./chips/io/index.js";
import { lsChip, type TextRange } from "./chips/loadstore/index.js";
import {
  boundaryChip,
  imageChip,
  imagePreprocessed,
  pagedBoundaryChip,
} from "./chips/memory/index.js";
import { merkleChip } from "./paging/merkle/index.js";
import { pageChip } from "./paging/page/index.js";
import { permutationChip } from "./paging/permutation/index.js";
import { mulChip } from "./chips/mul/index.js";
import {
  programChip,
  programIndex,
  programPreprocessed,
  programRows,
} from "./chips/program/index.js";
import { shiftChip } from "./chips/shift/index.js";
import { syscallChip } from "./chips/syscall/index.js";
import { writableChip } from "./chips/writable/index.js";
import { checkReservedSyscall, type Coprocessor, CoprocessorRegistry } from "./coprocessor.js";
import {
  checkSameCoprocessors,
  coprocessorChip,
  coprocessorIds,
  type CoprocessorId,
} from "./coprocessor-chip.js";

/** The RISC-V tables every segment has (its CPU cycles and the operations they hand off). */
export const RISCV_SEGMENT_TABLES = [
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
  "rv.writable",
] as const;

/**
 * The global tables of a *chunk* (glue/paging): no image table — the chunk's initial memory is
 * paged in against its start image id — but the paged boundary, the page sponge, the Merkle
 * nodes and the Poseidon2 permutations they use.
 */
export const CHUNK_GLOBAL_TABLES = [
  "rv.program",
  "rv.pagedboundary",
  "rv.bytes",
  "rv.syscall",
  "rv.io",
  "rv.writable",
  "rv.page",
  "rv.merkle",
  "rv.perm",
] as const;

/** A RISC-V table's name. */
export type RiscvTable =
  | (typeof RISCV_SEGMENT_TABLES)[number]
  | (typeof GLOBAL_TABLES)[number]
  | (typeof CHUNK_GLOBAL_TABLES)[number];

/** The tables with preprocessed columns (a chunk machine has no image table). */
const PREPROCESSED: RiscvTable[] = ["rv.program", "rv.image", "rv.bytes"];

/** The global tables of a whole-run machine, or of a chunk machine. */
function globalTables(paged: boolean): readonly RiscvTable[] {
  return paged ? CHUNK_GLOBAL_TABLES : GLOBAL_TABLES;
}

export { RESERVED_SYSCALLS, USER_SYSCALL_MIN } from "./coprocessor.js";

/** A program made ready to prove: its image, chips (in table order) and preprocessed tables. */
export interface Machine {
  entry: number;
  image: MachineImage;
  /** Segment chips (RISC-V, then coprocessors), then global chips: the table order. */
  chips: Chip[];
  /** `chips`' AIRs, in table order. */
  airs: CompiledAir[];
  preprocessed: (Matrix | undefined)[];
  params: FriParams;
  coprocessors: Coprocessor[];
  /** A chunk machine (glue/paging): memory paged in and out, no image table. */
  paged: boolean;
}

/** The text (executable segments) of a program as a word-index range [lo, hi). */
export function textRange(program: Program): TextRange {
  const exec = program.segments.filter((s) => s.executable);
  if (exec.length === 0) throw new Error("the program has no executable segment");
  const lo = Math.min(...exec.map((s) => s.vaddr));
  const hi = Math.max(...exec.map((s) => s.vaddr + s.memsz));
  return { lo: lo >>> 2, hi: Math.ceil(hi / 4) };
}

/** The RISC-V chips of a program whose text is `text`. */
function riscvChip(name: RiscvTable, text: TextRange): Chip {
  const airs: Record<RiscvTable, () => CompiledAir> = {
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
    "rv.writable": () => writableChip(text),
    "rv.pagedboundary": pagedBoundaryChip,
    "rv.page": pageChip,
    "rv.merkle": merkleChip,
    "rv.perm": permutationChip,
  };
  const scope = (RISCV_SEGMENT_TABLES as readonly string[]).includes(name) ? "segment" : "global";
  return { name, scope, air: airs[name]() };
}

/** Refuses a coprocessor set whose numbers or names collide or trespass on reserved numbers. */
function checkCoprocessorSet(coprocessors: readonly Coprocessor[]): void {
  const registry = new CoprocessorRegistry();
  for (const c of coprocessors) {
    registry.register(c); // validates the shape, refuses a number or name in use
    checkReservedSyscall(c);
  }
}

/**
 * The chips of a machine: the RISC-V segment chips, the coprocessors (segment chips too), then
 * the global chips. This order is the table order of the keys and proofs.
 */
export function machineChips(
  text: TextRange,
  coprocessors: readonly Coprocessor[],
  paged = false,
): Chip[] {
  checkCoprocessorSet(coprocessors);
  return [
    ...RISCV_SEGMENT_TABLES.map((n) => riscvChip(n, text)),
    ...coprocessors.map(coprocessorChip),
    ...globalTables(paged).map((n) => riscvChip(n, text)),
  ];
}

/** Number of segment chips (the segment key's tables are the first this many). */
export function segmentTableCount(chips: readonly Chip[]): number {
  return chips.filter((c) => c.scope === "segment").length;
}

/** Index of table `name` in a machine's table order. */
export function tableIndex(m: { chips: readonly Chip[] }, name: string): number {
  const i = m.chips.findIndex((c) => c.name === name);
  if (i < 0) throw new RangeError(`the machine has no table "${name}"`);
  return i;
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

/** Options of `buildMachine`. */
export interface MachineOptions {
  /** The coprocessors the guest may call (each becomes a table); none by default. */
  coprocessors?: readonly Coprocessor[];
  params?: FriParams;
  /** A chunk machine (glue/paging): proves pieces of a run between memory image ids. */
  paged?: boolean;
}

/**
 * Prepares `program` for proving and verifying on a machine with the given coprocessors.
 *
 * @example
 * const m = buildMachine(loadElf(bytes), { coprocessors: builtinCoprocessors() });
 */
export function buildMachine(program: Program, options: MachineOptions = {}): Machine {
  const rows = programRows(program);
  const text = textRange(program);
  const image: MachineImage = {
    rows,
    index: programIndex(rows),
    image: memoryImage(program),
    text,
  };
  const coprocessors = [...(options.coprocessors ?? [])];
  const paged = options.paged ?? false;
  const chips = machineChips(text, coprocessors, paged);
  const fixed: Partial<Record<RiscvTable, Matrix>> = {
    "rv.program": programPreprocessed(rows),
    "rv.image": imagePreprocessed(image.image),
    "rv.bytes": bytesPreprocessed(),
  };
  return {
    entry: program.entry,
    image,
    chips,
    airs: chips.map((c) => c.air),
    preprocessed: chips.map((c) => fixed[c.name as RiscvTable]),
    params: options.params ?? DEFAULT_FRI_PARAMS,
    coprocessors,
    paged,
  };
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
      segment: setup(m.airs.slice(0, segmentTableCount(m.chips)), [], m.params),
      final: setup(m.airs, m.preprocessed, m.params),
    };
    keyCache.set(m, keys);
  }
  return keys;
}

/**
 * The program id: BLAKE3 over both verifying keys' digests, the entry point (the CPU's start,
 * which the verifier checks the first segment against) and the coprocessor set (each one's name,
 * syscall and AIR digest; the keys bind their AIRs too, the list makes the binding explicit).
 */
export function programId(
  entry: number,
  keys: MachineVerifyingKeys,
  coprocessors: readonly CoprocessorId[],
): Uint8Array {
  const description = {
    protocol: "zkglue-program-v3",
    entry,
    segment: bytesToHex(keys.segment.digest),
    final: bytesToHex(keys.final.digest),
    coprocessors: coprocessors.map((c) => [c.name, c.syscall, bytesToHex(c.air)]),
  };
  return blake3(new TextEncoder().encode(JSON.stringify(description)));
}

/** The program id of machine `m`. */
export function machineProgramId(m: Machine): Uint8Array {
  const keys = machineKeys(m);
  return programId(
    m.entry,
    { segment: keys.segment.vk, final: keys.final.vk },
    coprocessorIds(m.chips),
  );
}

/** What the verifier needs besides the program id to rebuild the verifying key. */
export interface KeyDescription {
  entry: number;
  /** Word-index range of the program text (stores there have no proof). */
  text: TextRange;
  preprocessedRoot: Uint8Array;
  preprocessedHeights: number[];
  /** The coprocessor set the receipt was proven with, in table order. */
  coprocessors: CoprocessorId[];
}

/** The description of a machine's verifying key (stored in receipts). */
export function describeKey(vk: VerifyingKey, m: Machine): KeyDescription {
  if (vk.preprocessed === undefined) throw new Error("machine key without preprocessed tables");
  return {
    entry: m.entry,
    text: { ...m.image.text },
    preprocessedRoot: vk.preprocessed.root,
    preprocessedHeights: [...vk.preprocessed.heights],
    coprocessors: coprocessorIds(m.chips),
  };
}

/**
 * Rebuilds the verifying keys from their description and the coprocessors the verifier was
 * given; refuses, naming the difference, a description proven with another coprocessor set.
 * The program id must then be trusted.
 */
export function rebuildKeys(
  d: KeyDescription,
  coprocessors: readonly Coprocessor[] = [],
  params: FriParams = DEFAULT_FRI_PARAMS,
  paged = false,
): MachineVerifyingKeys {
  const chips = machineChips(d.text, coprocessors, paged);
  checkSameCoprocessors(d.coprocessors, coprocessorIds(chips));
  const airs = chips.map((c) => c.air);
  const segment = {
    params,
    airs: airs.slice(0, segmentTableCount(chips)),
    preprocessed: undefined,
  };
  const final = {
    params,
    airs,
    preprocessed: {
      root: d.preprocessedRoot,
      tables: PREPROCESSED.filter((name) => chips.some((c) => c.name === name)).map((name) =>
        tableIndex({ chips }, name),
      ),
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
