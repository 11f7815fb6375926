/**
 * The AIR interface authors implement, the builder vocabulary `eval` is written in, and the
 * compiled form the prover, verifier and debugger consume.
 *
 * One `eval(builder)` per AIR. It runs once, under the symbolic builder of `compileAir`, which
 * records every constraint and bus interaction as an expression DAG; the debug, prover and
 * verifier evaluators are generated from that record (see README.md for the vocabulary, the
 * LogUp layout and the constraint order).
 */
import type { Bus } from "./bus.js";
import type { Expr, ExprLike } from "./expr.js";
import type { Columns } from "./layout.js";
import type { Ext } from "../field/extension.js";

/** Row-major matrix of canonical field elements (`core/field/matrix.ts`). */
export type { Matrix } from "../field/matrix.js";
import type { Matrix } from "../field/matrix.js";
import type { AuxTrace, AuxTraceOptions } from "../lookup/aux-trace.js";

/** Row accessors of a table without a typed layout: one expression per column name. */
export type PlainRow = { readonly [name: string]: Expr };

/**
 * An AIR. `R` and `Q` are the main and preprocessed row types, inferred from `layout(...)`.
 *
 * @example
 * const cols = layout(["a", "b"] as const);
 * const fib = defineAir({
 *   name: "fibonacci",
 *   mainColumns: cols,
 *   numPublicValues: 1,
 *   eval(b) {
 *     b.whenFirstRow().assertEq("a starts at 0", b.local.a, 0);
 *     b.whenTransition().assertEq("a' = b", b.next.a, b.local.b);
 *     b.whenTransition().assertEq("b' = a + b", b.next.b, b.local.a.add(b.local.b));
 *     b.whenLastRow().assertEq("result", b.local.b, b.public(0));
 *   },
 * });
 */
export interface Air<R = PlainRow, Q = PlainRow> {
  name: string;
  mainColumns: Columns<R>;
  /** Fixed columns, part of the verifying key. */
  preprocessedColumns?: Columns<Q>;
  numPublicValues?: number;
  eval(b: AirBuilder<R, Q>): void;
}

/** Any AIR, whatever its row types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAir = Air<any, any>;

/**
 * What `eval` writes constraints with. Assertions made through a scoped builder
 * (`whenFirstRow()` …) are multiplied by the selector; so are the multiplicities of its bus
 * interactions.
 */
export interface AirBuilder<R = PlainRow, Q = PlainRow> {
  /** The AIR's name (for messages). */
  readonly air: string;
  /** Current main row. */
  readonly local: R;
  /** Next main row (row 0 after the last). */
  readonly next: R;
  /** Current preprocessed row. */
  readonly prepLocal: Q;
  /** Next preprocessed row. */
  readonly prepNext: Q;
  /** Public value i (degree 0). */
  public(i: number): Expr;
  /**
   * Selector expressions (degree 1). isFirstRow and isLastRow are 1 on the first / last row and
   * 0 elsewhere. isTransition is 0 on the last row only and NOT 1 on the others (the prover uses
   * x − h, nonzero off the last row; the constraint checker uses 1): use it only as a factor of a
   * constraint that must vanish (a scope), never as a value — not in a sum, a bus message or a
   * multiplicity, where prover and checker would disagree.
   */
  readonly isFirstRow: Expr;
  readonly isLastRow: Expr;
  readonly isTransition: Expr;
  /** e = 0 on every row (in scope). Names are unique per AIR. */
  assertZero(name: string, e: ExprLike): void;
  /** a = b. */
  assertEq(name: string, a: ExprLike, b: ExprLike): void;
  /** e ∈ {0, 1}: e·(e − 1) = 0. */
  assertBool(name: string, e: ExprLike): void;
  /** A builder whose assertions and multiplicities are multiplied by `condition`. */
  when(condition: ExprLike): AirBuilder<R, Q>;
  whenFirstRow(): AirBuilder<R, Q>;
  whenLastRow(): AirBuilder<R, Q>;
  whenTransition(): AirBuilder<R, Q>;
  /** Sends `values` on `bus` with `multiplicity` (on every row in scope). */
  send(bus: Bus, values: readonly ExprLike[], multiplicity: ExprLike, name?: string): void;
  /** Receives: the same as a send with the negated multiplicity. */
  receive(bus: Bus, values: readonly ExprLike[], multiplicity: ExprLike, name?: string): void;
}

/** A recorded constraint: `expr` = 0 must hold on every row. */
export interface Constraint {
  readonly name: string;
  readonly degree: number;
  readonly expr: Expr;
}

/** A recorded bus interaction. */
export interface Interaction {
  /** Given name or `"send <bus> #i"` / `"receive <bus> #i"`. */
  readonly name: string;
  readonly bus: Bus;
  readonly kind: "send" | "receive";
  readonly values: readonly Expr[];
  /** Unsigned multiplicity (selector scope included); a receive counts it negatively. */
  readonly multiplicity: Expr;
  /** Index of the LogUp auxiliary column that holds this interaction's fractions. */
  readonly group: number;
}

/** LogUp challenges, drawn from the extension after all main traces are committed. */
export interface LogUpChallenges {
  z: Ext;
  beta: Ext;
}

/** Input of the prover's quotient evaluator (see README.md, "Prover evaluator"). */
export interface QuotientContext {
  /**
   * Storage rows [start, end) to evaluate. Rows are visited in storage order (sequential memory:
   * three times faster than visiting them in domain order, measured at 2^20 rows × 100 columns),
   * and selectors and output are indexed by storage row too.
   */
  start: number;
  end: number;
  /** Size of the (coset) evaluation domain; a power of two. */
  N: number;
  /** The point of natural index k has its next-row point at natural index (k + nextStep) mod N. */
  nextStep: number;
  /**
   * The permutation between storage rows and natural indices; an involution (bit reversal, or
   * the identity): storage row i holds the point of natural index rev[i], and vice versa.
   */
  rev: Uint32Array;
  main: Matrix;
  preprocessed?: Matrix;
  /** Aux LDE: ext column c at base columns 4c..4c+3. */
  aux?: Matrix;
  /** Selector values at each storage row (base field). */
  isFirst: Uint32Array;
  isLast: Uint32Array;
  isTransition: Uint32Array;
  publicValues: Uint32Array;
  challenges?: LogUpChallenges;
  finalSum?: Ext;
  /** alpha^j for constraint j, interleaved ext (4 words per constraint). */
  alphaPowers: Uint32Array;
  /** Interleaved ext; the value for storage row i goes to [4(i − outOffset), 4(i − outOffset) + 4). */
  out: Uint32Array;
  outOffset?: number;
}

/** The prover's compiled evaluator. */
export interface QuotientEvaluator {
  /** Source of a self-contained function expression `(function (ctx) {...})`, for workers. */
  readonly source: string;
  /** Validates `ctx` and writes Σ_j alpha^j·C_j(x_k) for k in [start, end). */
  evaluate(ctx: QuotientContext): void;
}

/** Input of the verifier's evaluator: opened values at one extension point. */
export interface PointContext {
  mainLocal: readonly Ext[];
  mainNext: readonly Ext[];
  prepLocal?: readonly Ext[];
  prepNext?: readonly Ext[];
  /** One Ext per aux extension column (already recombined from its 4 base columns). */
  auxLocal?: readonly Ext[];
  auxNext?: readonly Ext[];
  isFirst: Ext;
  isLast: Ext;
  isTransition: Ext;
  publicValues: ArrayLike<number>;
  challenges?: LogUpChallenges;
  finalSum?: Ext;
  alphaPowers: Uint32Array;
}

/** An AIR after `compileAir`: constraints, interactions, degrees and its evaluators. */
export interface CompiledAir {
  readonly name: string;
  readonly air: AnyAir;
  readonly mainWidth: number;
  readonly preprocessedWidth: number;
  readonly numPublicValues: number;
  readonly mainColumns: readonly string[];
  readonly preprocessedColumns: readonly string[];
  /** Every constraint in alpha-folding order: the AIR's own, then LogUp's (README.md). */
  readonly constraints: readonly Constraint[];
  /** How many of `constraints` are the AIR's own (the rest are LogUp's). */
  readonly numAirConstraints: number;
  readonly interactions: readonly Interaction[];
  /** Largest constraint degree, at most 3. */
  readonly maxDegree: number;
  /** Extension aux columns: one per interaction group plus the accumulator; 0 without interactions. */
  readonly auxWidth: number;
  /**
   * Builds the LogUp aux trace (width 4·auxWidth base columns) and the table's final sum. With
   * `{ onHeap: true }` the trace stays on the WebAssembly heap, and `release` must be called once
   * it is no longer read (core/lookup/aux-trace.ts).
   */
  buildAuxTrace(
    main: Matrix,
    preprocessed: Matrix | undefined,
    publicValues: Uint32Array,
    challenges: LogUpChallenges,
    options?: AuxTraceOptions,
  ): AuxTrace;
  /** The prover's evaluator (generated once, cached). */
  quotientEvaluator(): QuotientEvaluator;
  /**
   * The same sum by the vector interpreter (vector-quotient.ts): no generated code, so no
   * compile time; used where the domain is too small to earn the compile back.
   */
  evaluateQuotientVector(ctx: QuotientContext): void;
  /**
   * The same sum by the vector program compiled to WebAssembly (wasm-program.ts), on every core;
   * what the prover uses. Ranges that are not multiples of 4 points go to the interpreter.
   */
  evaluateQuotientWasm(ctx: QuotientContext): void;
  /**
   * The same sum by the DAG evaluator (dag-quotient.ts): encoded node for node in one pass, run
   * by one fixed WebAssembly kernel; what small tables use, since nothing is lowered or compiled.
   */
  evaluateQuotientDag(ctx: QuotientContext): void;
  /** Instructions of the vector program per point (its cost model). */
  vectorInstructions(): number;
  /** The verifier's evaluator: Σ_j alpha^j·C_j at one point. */
  evaluateAtPoint(ctx: PointContext): Ext;
  /** @internal Debug evaluators over trace rows (checkConstraints, aux trace). */
  readonly rows: RowEvaluators;
}

/** Generated per-row evaluators on base-field trace rows (selectors 0/1). */
export interface RowEvaluators {
  /** Writes the value of each AIR constraint at row `r` (next row `rn`) into `out`. */
  constraints(
    main: Uint32Array,
    prep: Uint32Array | null,
    pub: Uint32Array,
    r: number,
    rn: number,
    height: number,
    out: Uint32Array,
  ): void;
  /** Writes, per interaction, its values then its unsigned multiplicity into `out`. */
  interactions(
    main: Uint32Array,
    prep: Uint32Array | null,
    pub: Uint32Array,
    r: number,
    rn: number,
    height: number,
    out: Uint32Array,
  ): void;
  /** Offset of interaction i's values in the `interactions` output; its multiplicity follows. */
  readonly interactionOffsets: readonly number[];
  /** Total words the `interactions` output needs per row. */
  readonly interactionWords: number;
}
