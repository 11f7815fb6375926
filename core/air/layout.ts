/**
 * Column layouts: an AIR's columns declared once, from which its width, the column index of
 * every name (for trace generation) and the typed row accessors of `eval` are all derived.
 *
 * A layout is the flat array of column names (so it *is* the `mainColumns` an `Air` declares)
 * carrying, besides, `width`, `index` and a phantom row type. Entries are a name (one column) or
 * `[name, count]` (a group of `count` columns, read as an array: `b.local.bits[3]`; its flat
 * names are `bits[0]`, …).
 */
import type { Expr } from "./expr.js";

/** One entry of a layout: a single column or a named group of columns. */
export type ColumnSpec = string | readonly [name: string, count: number];

type NameOf<E> = E extends readonly [infer N extends string, number]
  ? N
  : E extends string
    ? E
    : never;

/** The row type `eval` sees for a layout: one `Expr` per column, an array per group. */
export type RowOf<S extends readonly ColumnSpec[]> = {
  readonly [E in S[number] as NameOf<E>]: E extends string ? Expr : readonly Expr[];
};

/** Column index of every name (first column of a group). */
export type IndexOf<S extends readonly ColumnSpec[]> = {
  readonly [E in S[number] as NameOf<E>]: number;
};

declare const rowShape: unique symbol;

/** A list of column names, optionally typed with the row shape it yields in `eval`. */
export type Columns<R = unknown> = readonly string[] & { readonly [rowShape]?: R };

/** What `layout` returns: the flat column names plus width, indices and the group structure. */
export type Layout<S extends readonly ColumnSpec[]> = Columns<RowOf<S>> & {
  /** Number of columns; never maintained by hand. */
  readonly width: number;
  /** Column index of each entry (first column of a group). */
  readonly index: IndexOf<S>;
  /** The entries as declared. */
  readonly spec: S;
};

/**
 * Declares a column layout.
 *
 * @example
 * const cols = layout(["a", "b", ["bits", 8]] as const);
 * cols.width;        // 10
 * cols.index.bits;   // 2
 * // in eval: b.local.a, b.next.b, b.local.bits[7]
 */
export function layout<const S extends readonly ColumnSpec[]>(spec: S): Layout<S> {
  const names: string[] = [];
  const index: Record<string, number> = {};
  for (const entry of spec) {
    const [name, count] = typeof entry === "string" ? [entry, 0] : entry;
    if (typeof name !== "string" || name.length === 0) {
      throw new TypeError(`layout: column names must be non-empty strings`);
    }
    if (name in index) throw new Error(`layout: column "${name}" is declared twice`);
    index[name] = names.length;
    if (typeof entry === "string") {
      names.push(name);
    } else {
      if (!Number.isInteger(count) || count < 1) {
        throw new RangeError(
          `layout: group "${name}" needs a positive integer count, got ${count}`,
        );
      }
      for (let i = 0; i < count; i++) names.push(`${name}[${i}]`);
    }
  }
  return Object.freeze(
    Object.assign(names, { width: names.length, index: Object.freeze(index), spec }),
  ) as unknown as Layout<S>;
}

/**
 * Builds the row object `eval` sees for a list of columns: groups of a layout become arrays,
 * every other name a single expression. `cell(i)` makes the expression of column i.
 */
export function buildRow(
  columns: readonly string[],
  cell: (col: number) => Expr,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const spec = (columns as { spec?: readonly ColumnSpec[] }).spec;
  if (spec === undefined) {
    columns.forEach((name, i) => {
      row[name] = cell(i);
    });
  } else {
    let col = 0;
    for (const entry of spec) {
      if (typeof entry === "string") {
        row[entry] = cell(col++);
      } else {
        const group: Expr[] = [];
        for (let i = 0; i < entry[1]; i++) group.push(cell(col++));
        row[entry[0]] = Object.freeze(group);
      }
    }
  }
  return Object.freeze(row);
}
