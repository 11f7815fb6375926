/**
 * The symbolic builder: runs an AIR's `eval` once and records its constraints and bus
 * interactions as expressions, refusing at definition time what cannot be proven: a constraint
 * above degree 3, a duplicate constraint name, a message whose length is not the bus width, a
 * public value or column out of range.
 */
import type { Bus } from "./bus.js";
import {
  Expr,
  type ExprLike,
  ONE,
  mainCell,
  mul,
  prepCell,
  publicValue,
  selector,
  sub,
  toExpr,
  topoOrder,
} from "./expr.js";
import { buildRow } from "./layout.js";
import type { AirBuilder, AnyAir, Constraint, PlainRow } from "./types.js";

/** Maximum constraint degree of the proof system. */
export const MAX_DEGREE = 3;

/** A bus interaction before LogUp assigns it a group. */
export interface RecordedInteraction {
  name: string;
  bus: Bus;
  kind: "send" | "receive";
  values: Expr[];
  multiplicity: Expr;
}

/** What running `eval` symbolically yields. */
export interface SymbolicRecord {
  constraints: Constraint[];
  interactions: RecordedInteraction[];
}

const FIRST = selector("first");
const LAST = selector("last");
const TRANSITION = selector("transition");

class Recorder {
  readonly constraints: Constraint[] = [];
  readonly interactions: RecordedInteraction[] = [];
  private readonly names = new Set<string>();
  readonly local: PlainRow;
  readonly next: PlainRow;
  readonly prepLocal: PlainRow;
  readonly prepNext: PlainRow;

  constructor(readonly air: AnyAir) {
    const main = air.mainColumns;
    const prep = air.preprocessedColumns ?? [];
    this.local = buildRow(main, (c) => mainCell(c, false)) as PlainRow;
    this.next = buildRow(main, (c) => mainCell(c, true)) as PlainRow;
    this.prepLocal = buildRow(prep, (c) => prepCell(c, false)) as PlainRow;
    this.prepNext = buildRow(prep, (c) => prepCell(c, true)) as PlainRow;
  }

  where(): string {
    return `AIR "${this.air.name}"`;
  }

  addConstraint(name: string, e: Expr): void {
    if (typeof name !== "string" || name.length === 0) {
      throw new TypeError(`${this.where()}: every constraint needs a non-empty name`);
    }
    if (this.names.has(name)) {
      throw new Error(
        `${this.where()}: constraint name "${name}" is used twice; names must be unique`,
      );
    }
    if (e.degree > MAX_DEGREE) {
      throw new Error(
        `${this.where()}: constraint "${name}" has degree ${e.degree} (selectors count 1); the maximum is ${MAX_DEGREE}`,
      );
    }
    this.names.add(name);
    this.constraints.push({ name, degree: e.degree, expr: e });
  }

  addInteraction(
    kind: "send" | "receive",
    bus: Bus,
    values: readonly ExprLike[],
    multiplicity: Expr,
    name: string | undefined,
  ): void {
    const label = name ?? `${kind} ${bus?.name} #${this.interactions.length}`;
    if (bus === null || typeof bus !== "object" || !Number.isInteger(bus.width)) {
      throw new TypeError(`${this.where()}: interaction "${label}" needs a bus from defineBus`);
    }
    if (!Array.isArray(values) || values.length !== bus.width) {
      throw new Error(
        `${this.where()}: interaction "${label}" ${kind}s ${Array.isArray(values) ? values.length : "no"} values on bus "${bus.name}" of width ${bus.width}`,
      );
    }
    if (this.interactions.some((i) => i.name === label)) {
      throw new Error(`${this.where()}: interaction name "${label}" is used twice`);
    }
    const exprs = values.map(toExpr);
    // isTransition is x − h on the trace domain, not 1: in a message or a multiplicity the
    // prover's running sum (which counts it as 1) and the constraint would disagree.
    if (topoOrder([multiplicity, ...exprs]).some((e) => e.op === "sel" && e.tag === "transition")) {
      throw new Error(
        `${this.where()}: interaction "${label}" uses isTransition (whenTransition), which is a scope for constraints only; use (1 − isLastRow) in a message or multiplicity`,
      );
    }
    this.interactions.push({ name: label, bus, kind, values: exprs, multiplicity });
  }
}

class ScopedBuilder implements AirBuilder {
  constructor(
    private readonly rec: Recorder,
    private readonly scope: Expr,
  ) {}

  get air(): string {
    return this.rec.air.name;
  }
  get local(): PlainRow {
    return this.rec.local;
  }
  get next(): PlainRow {
    return this.rec.next;
  }
  get prepLocal(): PlainRow {
    return this.rec.prepLocal;
  }
  get prepNext(): PlainRow {
    return this.rec.prepNext;
  }
  get isFirstRow(): Expr {
    return FIRST;
  }
  get isLastRow(): Expr {
    return LAST;
  }
  get isTransition(): Expr {
    return TRANSITION;
  }

  public(i: number): Expr {
    const n = this.rec.air.numPublicValues ?? 0;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new RangeError(
        `${this.rec.where()}: public value ${i} does not exist (numPublicValues = ${n})`,
      );
    }
    return publicValue(i);
  }

  assertZero(name: string, e: ExprLike): void {
    this.rec.addConstraint(name, mul(this.scope, toExpr(e)));
  }
  assertEq(name: string, a: ExprLike, b: ExprLike): void {
    this.assertZero(name, sub(a, b));
  }
  assertBool(name: string, e: ExprLike): void {
    const x = toExpr(e);
    this.assertZero(name, x.mul(x.sub(1)));
  }

  when(condition: ExprLike): AirBuilder {
    return new ScopedBuilder(this.rec, mul(this.scope, toExpr(condition)));
  }
  whenFirstRow(): AirBuilder {
    return this.when(FIRST);
  }
  whenLastRow(): AirBuilder {
    return this.when(LAST);
  }
  whenTransition(): AirBuilder {
    return this.when(TRANSITION);
  }

  send(bus: Bus, values: readonly ExprLike[], multiplicity: ExprLike, name?: string): void {
    this.rec.addInteraction("send", bus, values, mul(this.scope, toExpr(multiplicity)), name);
  }
  receive(bus: Bus, values: readonly ExprLike[], multiplicity: ExprLike, name?: string): void {
    this.rec.addInteraction("receive", bus, values, mul(this.scope, toExpr(multiplicity)), name);
  }
}

/** Runs `air.eval` under the symbolic builder and returns what it recorded. */
export function recordAir(air: AnyAir): SymbolicRecord {
  const rec = new Recorder(air);
  air.eval(new ScopedBuilder(rec, ONE));
  return { constraints: rec.constraints, interactions: rec.interactions };
}
