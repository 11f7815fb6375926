/**
 * Key generation: commits the preprocessed (fixed) columns and binds the parameters, the tables'
 * shapes and their constraint systems into the verifying key's digest, which every proof's
 * transcript starts from (so a proof for one set of AIRs is meaningless for another).
 */
import { blake3 } from "@noble/hashes/blake3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { type Matrix, NonCanonicalError } from "../field/matrix.js";
import { DEFAULT_FRI_PARAMS, type FriParams, checkFriParams } from "../fri/params.js";
import { type CommittedBatch, pcsCommit } from "../fri/pcs.js";
import { constraintsDigest } from "../air/digest.js";
import type { CompiledAir } from "../air/types.js";
import { startWorkers } from "../wasm/pool.js";
import { STARK_PROTOCOL } from "./statement.js";
import type { ProvingKey, VerifyingKey } from "./types.js";
import { refuseReservedBus } from "./zk-blind.js";

/** A canonical description of one AIR: its shape and the exact expression of every constraint. */
function airDescription(a: CompiledAir) {
  return {
    name: a.name,
    mainWidth: a.mainWidth,
    preprocessedWidth: a.preprocessedWidth,
    numPublicValues: a.numPublicValues,
    auxWidth: a.auxWidth,
    maxDegree: a.maxDegree,
    constraints: a.constraints.map((c) => c.name),
    interactions: a.interactions.map((it) => [it.bus.id, it.bus.width]),
    // Every constraint's exact expression (the DAG, node by node).
    dag: bytesToHex(dagDigest(a)),
  };
}

const dagDigests = new WeakMap<CompiledAir, Uint8Array>();
function dagDigest(a: CompiledAir): Uint8Array {
  let d = dagDigests.get(a);
  if (d === undefined) dagDigests.set(a, (d = constraintsDigest(a.constraints)));
  return d;
}

/** BLAKE3 of one AIR's description: two AIRs with the same digest have the same constraints. */
export function airDigest(a: CompiledAir): Uint8Array {
  return blake3(new TextEncoder().encode(JSON.stringify(airDescription(a))));
}

/** The verifying key's digest over a canonical description of everything it holds. */
export function verifyingKeyDigest(vk: Omit<VerifyingKey, "digest">): Uint8Array {
  const description = {
    protocol: STARK_PROTOCOL,
    params: vk.params,
    airs: vk.airs.map(airDescription),
    preprocessed: vk.preprocessed && {
      root: bytesToHex(vk.preprocessed.root),
      tables: vk.preprocessed.tables,
      heights: vk.preprocessed.heights,
    },
  };
  return blake3(new TextEncoder().encode(JSON.stringify(description)));
}

/**
 * Builds the proving and verifying keys for a set of tables. `preprocessed[t]` holds table t's
 * fixed columns (width = its AIR's preprocessedWidth), or is undefined if it has none.
 */
export function setup(
  airs: CompiledAir[],
  preprocessed: (Matrix | undefined)[] = [],
  params: FriParams = DEFAULT_FRI_PARAMS,
): ProvingKey {
  checkFriParams(params);
  if (airs.length === 0) throw new RangeError("setup: at least one table is needed");
  try {
    refuseReservedBus(airs);
  } catch (err) {
    throw new RangeError(`setup: ${(err as Error).message}`);
  }
  // A proof follows a setup: boot the prover's worker threads now, while the caller executes
  // and generates traces, instead of at the first parallel kernel call.
  startWorkers();
  const tables: number[] = [];
  const matrices: Matrix[] = [];
  const byTable: (number | undefined)[] = airs.map((air, t) => {
    const m = preprocessed[t];
    if (air.preprocessedWidth === 0) {
      if (m)
        throw new RangeError(
          `setup: table ${air.name} declares no preprocessed columns but was given some`,
        );
      return undefined;
    }
    if (!m)
      throw new RangeError(
        `setup: table ${air.name} needs its ${air.preprocessedWidth} preprocessed columns`,
      );
    if (m.width !== air.preprocessedWidth) {
      throw new RangeError(
        `setup: table ${air.name}: preprocessed width ${m.width}, expected ${air.preprocessedWidth}`,
      );
    }
    tables.push(t);
    matrices.push(m);
    return matrices.length - 1;
  });
  const batch =
    matrices.length > 0 ? commitPreprocessed(matrices, tables, airs, params) : undefined;
  const base = {
    params,
    airs,
    preprocessed: batch && { root: batch.root, tables, heights: matrices.map((m) => m.height) },
  };
  const vk: VerifyingKey = { ...base, digest: verifyingKeyDigest(base) };
  return { vk, preprocessed: batch && { batch, byTable } };
}

/** The preprocessed batch; a value ≥ p is refused with its table, column and row. */
function commitPreprocessed(
  matrices: Matrix[],
  tables: readonly number[],
  airs: readonly CompiledAir[],
  params: FriParams,
): CommittedBatch {
  try {
    return pcsCommit(matrices, params);
  } catch (e) {
    if (!(e instanceof NonCanonicalError) || e.matrix === undefined) throw e;
    const air = airs[tables[e.matrix]];
    const name = air.preprocessedColumns[e.cell.column];
    throw e.retold(`setup: table ${air.name}`, `preprocessed column "${name}"`);
  }
}
