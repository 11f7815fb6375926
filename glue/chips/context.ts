/**
 * The trace-generation context one run shares across chips: every chip's row builder and the
 * lookup counters of the byte/range table. A chip's `emit…` function appends its row, counts
 * the lookups the row makes, and (for ALU chips) returns the result it proved, which the caller
 * compares with the executor's value — so trace generation doubles as a check of the chips.
 */
import { TableBuilder, Lookups } from "./table.js";

/** Builders by chip name, plus the lookup counters. */
export class TraceContext {
  private readonly tables = new Map<string, TableBuilder>();

  /**
   * `lookups` may be shared: the segments of a run count into one byte/range table. A table
   * starts with room for `rowsHint` rows (a segment's cycles): room never written is never
   * touched (fresh pages cost only once written), and a table that grows by doubling instead
   * copies itself and faults in twice its size (the growth was ~90 ms of a 2^20-cycle trace in a
   * profile). `TableBuilder.finish` copies a short table out of such room.
   */
  constructor(
    readonly lookups: Lookups = new Lookups(),
    private readonly rowsHint = 1024,
  ) {}

  /** The builder of chip `name` (created on first use with `width` columns). */
  table(name: string, width: number): TableBuilder {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = new TableBuilder(width, this.rowsHint);
      this.tables.set(name, t);
    }
    return t;
  }

  /** The builder of chip `name`, or an empty one. */
  get(name: string, width: number): TableBuilder {
    return this.tables.get(name) ?? new TableBuilder(width, 2);
  }
}

/** An ALU operation request: c = op(a, b) on 32-bit words; returns c. */
export type AluEmitter = (ctx: TraceContext, op: number, a: number, b: number) => number;
