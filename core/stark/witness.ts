/**
 * What the prover is given: each table's main trace and public values, grouped into the parts
 * of a linked proof, and the options every prover entry point takes.
 */
import type { Ext } from "../field/extension.js";
import { type Matrix, NonCanonicalError } from "../field/matrix.js";
import type { BusMessage } from "../lookup/fingerprint.js";
import type { ProvingKey } from "./types.js";

export interface TableWitness {
  main: Matrix;
  publicValues?: Uint32Array;
}

export interface ProveOptions {
  /** Messages the verifier will put on buses itself (it recomputes them from public values). */
  external?: BusMessage[];
  /** Filled with milliseconds per phase (wall clock). */
  profile?: Record<string, number>;
  /**
   * Filled with the process's CPU milliseconds per phase (every thread: the caller and the
   * pool's workers); divided by the wall time it says how many cores a phase kept busy.
   */
  cpuProfile?: Record<string, number>;
  /** Called at the start of each phase (for progress displays); `part` counts from 0. */
  onPhase?: (phase: string, part: number, parts: number) => void;
  /**
   * Zero-knowledge: randomize every committed witness polynomial, the quotient chunks and the
   * batched FRI opening (core/stark/zk.ts), and blind each table's LogUp final sum
   * (zk-blind.ts), so the proof reveals nothing of the witness beyond the statement. Off by default (proofs are then
   * deterministic); receipts turn it on.
   */
  zk?: boolean;
  /**
   * Tests and distributed proving: part `part`'s 32-byte ZK seed. By default every part gets a
   * fresh seed from `crypto.getRandomValues`. In the two-round API (rounds.ts) round 1 and
   * round 2 of a part must be given the same seed. Never derive it from public data.
   */
  zkSeed?: (part: number) => Uint8Array;
  /**
   * Tests only: prove even if constraints or buses fail, to show the verifier rejects. Trace
   * values ≥ p are refused all the same.
   */
  unsafeSkipChecks?: boolean;
  /** Tests only: change a table's LogUp trace and final sum before they are committed. */
  unsafeTamperAux?: (table: number, aux: Matrix) => Ext | undefined;
}

/** One part of a linked proof: its proving key and its tables' witnesses. */
export interface PartWitness {
  pk: ProvingKey;
  tables: TableWitness[];
  /**
   * How errors name this part, e.g. "segment 3"; by default "part i of n" when a proof has
   * several parts, nothing when it has one.
   */
  label?: string;
}

/** Checks a part's witness against its key; returns every table's log2 height. */
export function validateWitness(pk: ProvingKey, tables: TableWitness[]): number[] {
  const { airs } = pk.vk;
  if (tables.length !== airs.length)
    throw new RangeError(`prove: ${tables.length} traces for ${airs.length} tables`);
  return tables.map((t, i) => {
    const air = airs[i];
    const h = t.main.height;
    if (t.main.width !== air.mainWidth)
      throw new RangeError(
        `prove: table ${air.name}: trace width ${t.main.width}, expected ${air.mainWidth}`,
      );
    if (!Number.isInteger(Math.log2(h)) || h < 2)
      throw new RangeError(`prove: table ${air.name}: height ${h} is not a power of two ≥ 2`);
    if ((t.publicValues?.length ?? 0) !== air.numPublicValues) {
      throw new RangeError(
        `prove: table ${air.name}: ${t.publicValues?.length ?? 0} public values, expected ${air.numPublicValues}`,
      );
    }
    const pre = pk.preprocessed?.byTable[i];
    if (pre !== undefined && pk.preprocessed!.batch.evals[pre].height !== h) {
      throw new RangeError(
        `prove: table ${air.name}: height ${h} differs from its preprocessed height`,
      );
    }
    return Math.log2(h);
  });
}

/**
 * A main trace value ≥ p found while committing (`NonCanonicalError` from core/fri/pcs.ts),
 * told with its part's label, its table's and its column's names (a ZK proof's blinded AIRs
 * name their blinding columns too); any other error unchanged.
 */
export function namedTraceError(e: unknown, pk: ProvingKey, label: string | undefined): unknown {
  if (!(e instanceof NonCanonicalError) || e.matrix === undefined) return e;
  const air = pk.vk.airs[e.matrix];
  const where = `prove: ${label ? `${label}, ` : ""}table ${air.name}`;
  return e.retold(where, `column "${air.mainColumns[e.cell.column]}"`);
}

/** The label errors give part `index` of `count` (`PartWitness.label`). */
export function partLabel(part: PartWitness, index: number, count: number): string | undefined {
  return part.label ?? (count > 1 ? `part ${index + 1} of ${count}` : undefined);
}
