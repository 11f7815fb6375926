/**
 * What one table "notices" of an edit to a few of its rows, evaluated locally: the AIR's own
 * constraints on the rows whose window (row, next row) contains an edited row, and the bus
 * messages those rows emit. The rest of the machine is unchanged by the edit, so a change in the
 * table's net messages (per bus, values and signed multiplicity) unbalances some bus: LogUp
 * rejects it. No proof is built: each probe costs a few generated row evaluations.
 */
import type { CheckTable } from "../../core/air/check.js";
import type { CompiledAir } from "../../core/air/types.js";
import { P } from "../../core/field/babybear.js";

/** The messages of a set of rows: net signed multiplicity per (bus, values). */
export type NetMessages = Map<string, number>;

/** One interaction instance's message, as emitted at one row. */
export interface Emitted {
  readonly row: number;
  readonly interaction: number;
  readonly key: string;
  readonly multiplicity: number;
}

/** Row-local evaluation of one table, on its (mutable) main trace. */
export class TableProbe {
  readonly air: CompiledAir;
  readonly main: Uint32Array;
  readonly height: number;
  private readonly prep: Uint32Array | null;
  private readonly pub: Uint32Array;
  private readonly cOut: Uint32Array;
  private readonly iOut: Uint32Array;

  constructor(t: CheckTable) {
    this.air = t.air;
    this.main = t.main.values;
    this.height = t.main.height;
    this.prep = t.preprocessed?.values ?? null;
    this.pub = t.publicValues ?? new Uint32Array(t.air.numPublicValues);
    this.cOut = new Uint32Array(Math.max(1, t.air.numAirConstraints));
    this.iOut = new Uint32Array(Math.max(1, t.air.rows.interactionWords));
  }

  /** The rows whose constraint window (r, r + 1) contains one of `rows`. */
  windows(rows: readonly number[]): number[] {
    const h = this.height;
    return [...new Set(rows.flatMap((r) => [(r - 1 + h) % h, r]))];
  }

  /** The name of the first AIR constraint failing at window `r`, or null. */
  failing(r: number): string | null {
    const h = this.height;
    this.air.rows.constraints(this.main, this.prep, this.pub, r, (r + 1) % h, h, this.cOut);
    for (let j = 0; j < this.air.numAirConstraints; j++)
      if (this.cOut[j] !== 0) return this.air.constraints[j].name;
    return null;
  }

  /** The first constraint failing in any of `windows`, as "name at row r", or null. */
  firstFailure(windows: readonly number[]): string | null {
    for (const r of windows) {
      const f = this.failing(r);
      if (f !== null) return `"${f}" at row ${r}`;
    }
    return null;
  }

  /** Every message the windows emit (multiplicity 0 omitted). */
  emitted(windows: readonly number[]): Emitted[] {
    const h = this.height;
    const out: Emitted[] = [];
    const { interactionOffsets } = this.air.rows;
    for (const r of windows) {
      this.air.rows.interactions(this.main, this.prep, this.pub, r, (r + 1) % h, h, this.iOut);
      this.air.interactions.forEach((it, i) => {
        const off = interactionOffsets[i];
        const width = it.values.length;
        const m = this.iOut[off + width];
        if (m === 0) return;
        const values = Array.from(this.iOut.subarray(off, off + width));
        out.push({
          row: r,
          interaction: i,
          key: `${it.bus.id}:${values.join(",")}`,
          multiplicity: it.kind === "send" ? m : (P - m) % P,
        });
      });
    }
    return out;
  }
}

/** Net multiplicity per message key (mod p), zero entries removed. */
export function netOf(emitted: readonly Emitted[]): NetMessages {
  const net: NetMessages = new Map();
  for (const e of emitted) net.set(e.key, ((net.get(e.key) ?? 0) + e.multiplicity) % P);
  for (const [k, v] of net) if (v === 0) net.delete(k);
  return net;
}

/** Whether two nets are equal (the edit left every bus as balanced as it was). */
export function sameNet(a: NetMessages, b: NetMessages): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * The interaction instances whose message differs between `before` and `after` (the same
 * windows, before and after an edit), as "row:interaction" identifiers.
 */
export function changedInstances(
  before: readonly Emitted[],
  after: readonly Emitted[],
): Set<string> {
  const id = (e: Emitted) => `${e.row}:${e.interaction}`;
  const b = new Map(before.map((e) => [id(e), `${e.key}/${e.multiplicity}`]));
  const a = new Map(after.map((e) => [id(e), `${e.key}/${e.multiplicity}`]));
  const changed = new Set<string>();
  for (const [k, v] of b) if (a.get(k) !== v) changed.add(k);
  for (const [k, v] of a) if (b.get(k) !== v) changed.add(k);
  return changed;
}
