/**
 * Blinding of the LogUp final sums in a zero-knowledge proof.
 *
 * Every table with bus interactions reveals its final sum S_t = Σ m/(z − fp) over its own
 * messages. The sums of all tables are fixed by the statement (they add up to minus the
 * verifier's messages), but one table's sum is a function of its messages alone, so a verifier
 * could confirm a guess of a low-entropy private input by recomputing it. In a ZK proof every such
 * table therefore gets four more main columns and one more interaction on a reserved bus:
 *
 *     send(zkglue.zk-blind, [b0, b1, b2, b3]) with multiplicity isFirstRow − isLastRow
 *
 * i.e. the table sends the random message on its first row and receives the one on its last row.
 * The blinded tables of all parts form one cycle: table k sends s_k and receives s_(k−1) (the
 * last of the previous part for a part's first table, cyclically), so the revealed sum is
 * S_k + 1/(z − fp(s_k)) − 1/(z − fp(s_(k−1))). The s_k are uniform 4-element messages from the
 * parts' ZK seeds, committed (randomized, like every main column) before z and β are drawn, so
 * the 1/(z − fp(s_k)) are independent and close to uniform in the extension: the revealed sums
 * are uniform among the vectors whose total the statement fixes.
 *
 * Soundness: nothing is trusted about the blind columns. The multiplicities are selectors (the
 * prover cannot choose them) and the bus id is reserved: `setup`, the prover and the verifier
 * refuse any AIR of any part (ZK or not) and any verifier message that uses it
 * (`refuseReservedBus`), so whatever the prover writes there can only cancel other messages of the
 * blind bus; the LogUp argument over all buses is otherwise unchanged. One table adds at most
 * 2·height to the LogUp count bound (counted as one more interaction, conservatively).
 *
 * An ordinary (non-ZK) proof uses the AIRs as they are; its bytes are unchanged.
 */
import { defineBus } from "../air/bus.js";
import { compileAir } from "../air/compile.js";
import { type ColumnSpec, layout } from "../air/layout.js";
import type { AnyAir, CompiledAir, PlainRow } from "../air/types.js";
import type { Expr } from "../air/expr.js";
import { type Matrix, matrixOf } from "../field/matrix.js";
import type { ProvingKey, VerifyingKey } from "./types.js";
import type { PartWitness } from "./witness.js";
import { ZkRandom } from "./zk-random.js";

/** The reserved bus of the blinding messages. */
export const ZK_BLIND_BUS = defineBus("zkglue.zk-blind", 4);

/** Columns a blinded table gets (after its own), as a group. */
const BLIND_GROUP = "zkglue.zk-blind";
const BLIND_WIDTH = ZK_BLIND_BUS.width;

/** The columns of `air` followed by the blind group, keeping a layout's groups if it has them. */
function blindColumns(air: AnyAir): readonly string[] {
  const spec = (air.mainColumns as { spec?: readonly ColumnSpec[] }).spec;
  if (spec !== undefined) return layout([...spec, [BLIND_GROUP, BLIND_WIDTH]]);
  const names = Array.from({ length: BLIND_WIDTH }, (_, i) => `${BLIND_GROUP}[${i}]`);
  return [...air.mainColumns, ...names];
}

/** The blind group's cells in a row built from `blindColumns`. */
function blindCells(row: PlainRow, spec: boolean): Expr[] {
  if (spec) return [...(row[BLIND_GROUP] as unknown as readonly Expr[])];
  return Array.from({ length: BLIND_WIDTH }, (_, i) => row[`${BLIND_GROUP}[${i}]`]);
}

const blinded = new WeakMap<CompiledAir, CompiledAir>();

/**
 * Throws if an AIR declares an interaction on the reserved blinding bus, or a verifier message is
 * addressed to it. Checked for every part, ZK or not: in a linked proof an ordinary part on that
 * bus could have its messages cancelled by the blind messages of the ZK parts, whose values the
 * prover chooses.
 */
export function refuseReservedBus(
  airs: readonly CompiledAir[],
  external: readonly { bus: { id: number } }[] = [],
): void {
  for (const air of airs) {
    const own = air.interactions.find((it) => it.bus.id === ZK_BLIND_BUS.id);
    if (own !== undefined)
      throw new Error(
        `AIR "${air.name}": interaction "${own.name}" uses bus id ${ZK_BLIND_BUS.id}, reserved for zero-knowledge blinding`,
      );
  }
  const i = external.findIndex((m) => m?.bus?.id === ZK_BLIND_BUS.id);
  if (i >= 0)
    throw new Error(
      `external message ${i} uses bus id ${ZK_BLIND_BUS.id}, reserved for zero-knowledge blinding`,
    );
}

/**
 * The AIR a zero-knowledge proof uses for `air`: the same constraints and interactions, plus the
 * blind columns and interaction; `air` itself when it has no interactions (its sum is 0).
 * Cached per compiled AIR. Throws if `air` uses the reserved bus itself.
 */
export function blindedAir(air: CompiledAir): CompiledAir {
  if (air.interactions.length === 0) return air;
  const known = blinded.get(air);
  if (known !== undefined) return known;
  refuseReservedBus([air]);
  const def = air.air;
  const hasSpec = (def.mainColumns as { spec?: unknown }).spec !== undefined;
  const result = compileAir({
    name: air.name,
    mainColumns: blindColumns(def),
    preprocessedColumns: def.preprocessedColumns,
    numPublicValues: def.numPublicValues,
    eval(b) {
      def.eval(b);
      const mult = b.isFirstRow.sub(b.isLastRow);
      b.send(ZK_BLIND_BUS, blindCells(b.local as PlainRow, hasSpec), mult, "zk blinding");
    },
  });
  blinded.set(air, result);
  return result;
}

const blindedVks = new WeakMap<VerifyingKey, VerifyingKey>();

/** `vk` with every AIR blinded; the digest (of the AIRs as declared) is unchanged. */
export function blindedVk(vk: VerifyingKey): VerifyingKey {
  let out = blindedVks.get(vk);
  if (out === undefined) blindedVks.set(vk, (out = { ...vk, airs: vk.airs.map(blindedAir) }));
  return out;
}

/** `pk` with every AIR blinded (same preprocessed commitment, same digest). */
export function blindedPk(pk: ProvingKey): ProvingKey {
  return { ...pk, vk: blindedVk(pk.vk) };
}

/** Stream labels of a part's blind messages: every blinded table's, and the one it hands on. */
const OUT_LABEL = "blind:out";
const tableLabel = (j: number, count: number): string =>
  j === count - 1 ? OUT_LABEL : `blind:${j}`;

/**
 * The part's witness for its blinded key: every table with interactions widened by the blind
 * columns. Blinded table j of the part sends s_j on its first row and receives s_(j−1) on its last;
 * s_j comes from the part's seed, and the message the part's first table receives is the one the
 * previous part hands on, from that part's seed `linkSeed`. `linkSeed` undefined means the proof
 * has this one part (the cycle closes within it). The other rows of the blind columns are zero:
 * the ZK commitment randomizes them like every column.
 */
export function blindedWitness(
  part: PartWitness,
  seed: Uint8Array,
  linkSeed: Uint8Array | undefined,
): PartWitness {
  const airs = part.pk.vk.airs;
  const owners = airs.map((_, i) => i).filter((i) => airs[i].interactions.length > 0);
  if (owners.length === 0 && linkSeed !== undefined)
    throw new Error(
      "zk: a part of a linked proof has no bus interactions, so it cannot carry the LogUp blinding; prove it on its own",
    );
  const own = new ZkRandom(seed);
  const messages = owners.map((_, j) => own.elements(tableLabel(j, owners.length), BLIND_WIDTH));
  const incoming =
    linkSeed === undefined
      ? messages.at(-1)
      : new ZkRandom(linkSeed).elements(OUT_LABEL, BLIND_WIDTH);
  const tables = part.tables.map((t, i) => {
    const j = owners.indexOf(i);
    if (j < 0) return t;
    return { ...t, main: widen(t.main, messages[j], j === 0 ? incoming! : messages[j - 1]) };
  });
  return { pk: blindedPk(part.pk), tables };
}

/** `m` with BLIND_WIDTH more columns: `send` on the first row, `receive` on the last. */
function widen(m: Matrix, send: Uint32Array, receive: Uint32Array): Matrix {
  const w = m.width + BLIND_WIDTH;
  const out = new Uint32Array(w * m.height);
  for (let r = 0; r < m.height; r++)
    out.set(m.values.subarray(r * m.width, (r + 1) * m.width), r * w);
  out.set(send, m.width);
  out.set(receive, (m.height - 1) * w + m.width);
  return matrixOf(out, w);
}
