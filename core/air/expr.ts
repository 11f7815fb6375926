/**
 * Symbolic expressions over one row pair of a table: the language AIR constraints and bus
 * messages are written in.
 *
 * An `Expr` is an immutable node of a DAG. `eval` runs once, under the symbolic builder, and
 * builds these nodes; every evaluator (debug rows, prover quotient, verifier point) is derived
 * from the DAG afterwards, so an AIR can never behave differently under different builders.
 * Each node carries its degree (columns and selectors count 1, constants, public values and
 * challenges 0) and whether it lives in the extension field (only LogUp's auxiliary columns and
 * challenges do). Nodes get increasing ids at creation, so sorting by id is a topological order:
 * evaluators walk DAGs without recursion, however deep a sum chain is.
 */
import {
  P,
  add as addBase,
  fromInt,
  mul as mulBase,
  neg as negBase,
  sub as subBase,
} from "../field/babybear.js";

export type Op =
  "const" | "main" | "prep" | "public" | "sel" | "aux" | "chal" | "add" | "sub" | "mul" | "neg";

/** Row selectors: first row, last row, every row but the last. */
export type Selector = "first" | "last" | "transition";
/** Extension-field values that enter only LogUp constraints. `beta` carries its power. */
export type ChallengeName = "z" | "beta" | "finalSum";

let nextId = 0;

/** A symbolic expression. Build with the methods or the free functions below. */
export class Expr {
  /** Creation order; children always have smaller ids than their parents. */
  readonly id: number = nextId++;
  readonly degree: number;
  /** True if the value lies in the extension field (aux columns, challenges). */
  readonly ext: boolean;

  /** @internal Use the builder's accessors and the arithmetic below instead. */
  constructor(
    readonly op: Op,
    /** First operand (add/sub/mul/neg). */
    readonly a: Expr | null,
    /** Second operand (add/sub/mul). */
    readonly b: Expr | null,
    /** Constant value, column index, public-value index or power of beta. */
    readonly index: number,
    /** For columns: the next row instead of the current one. */
    readonly next: boolean,
    /** Selector or challenge name. */
    readonly tag: string,
  ) {
    switch (op) {
      case "const":
      case "public":
        this.degree = 0;
        this.ext = false;
        break;
      case "chal":
        this.degree = 0;
        this.ext = true;
        break;
      case "main":
      case "prep":
      case "sel":
        this.degree = 1;
        this.ext = false;
        break;
      case "aux":
        this.degree = 1;
        this.ext = true;
        break;
      case "neg":
        this.degree = a!.degree;
        this.ext = a!.ext;
        break;
      case "mul":
        this.degree = a!.degree + b!.degree;
        this.ext = a!.ext || b!.ext;
        break;
      default:
        this.degree = Math.max(a!.degree, b!.degree);
        this.ext = a!.ext || b!.ext;
    }
  }

  add(x: ExprLike): Expr {
    return add(this, x);
  }
  sub(x: ExprLike): Expr {
    return sub(this, x);
  }
  mul(x: ExprLike): Expr {
    return mul(this, x);
  }
  neg(): Expr {
    return neg(this);
  }
  square(): Expr {
    return mul(this, this);
  }
}

/** Anything accepted where an expression is expected: an `Expr` or an integer (taken mod p). */
export type ExprLike = Expr | number;

const constCache = new Map<number, Expr>();

/** The constant `n mod p`; `n` must be an integer with |n| < 2^53. */
export function constant(n: number): Expr {
  if (!Number.isSafeInteger(n)) {
    throw new TypeError(`AIR expression: constant ${n} is not an integer in (−2^53, 2^53)`);
  }
  const v = fromInt(n);
  let e = constCache.get(v);
  if (e === undefined) {
    e = new Expr("const", null, null, v, false, "");
    constCache.set(v, e);
  }
  return e;
}

export const ZERO = constant(0);
export const ONE = constant(1);

/** Converts a number to a constant; passes an `Expr` through. */
export function toExpr(x: ExprLike): Expr {
  if (x instanceof Expr) return x;
  if (typeof x === "number") return constant(x);
  throw new TypeError(`AIR expression: expected an Expr or an integer, got ${describe(x)}`);
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `an array (a layout group? index it, e.g. cols.bits[0])`;
  return x === null ? "null" : typeof x;
}

function isConst(e: Expr, v?: number): boolean {
  return e.op === "const" && (v === undefined || e.index === v);
}

/** Sum of any number of terms (0 for none). Constants fold. */
export function add(...xs: ExprLike[]): Expr {
  let acc = ZERO;
  for (const x of xs) acc = add2(acc, toExpr(x));
  return acc;
}

function add2(a: Expr, b: Expr): Expr {
  if (isConst(a) && isConst(b)) return constant(addBase(a.index, b.index));
  if (isConst(a, 0)) return b;
  if (isConst(b, 0)) return a;
  return new Expr("add", a, b, 0, false, "");
}

/** a − b. */
export function sub(a: ExprLike, b: ExprLike): Expr {
  const x = toExpr(a);
  const y = toExpr(b);
  if (isConst(x) && isConst(y)) return constant(subBase(x.index, y.index));
  if (isConst(y, 0)) return x;
  if (isConst(x, 0)) return neg(y);
  return new Expr("sub", x, y, 0, false, "");
}

/** Product of any number of factors (1 for none). Constants fold; a zero factor gives 0. */
export function mul(...xs: ExprLike[]): Expr {
  let acc = ONE;
  for (const x of xs) acc = mul2(acc, toExpr(x));
  return acc;
}

function mul2(a: Expr, b: Expr): Expr {
  if (isConst(a) && isConst(b)) return constant(mulBase(a.index, b.index));
  if (isConst(a, 0) || isConst(b, 0)) return ZERO;
  if (isConst(a, 1)) return b;
  if (isConst(b, 1)) return a;
  return new Expr("mul", a, b, 0, false, "");
}

/** −a. */
export function neg(a: ExprLike): Expr {
  const x = toExpr(a);
  if (isConst(x)) return constant(negBase(x.index));
  if (x.op === "neg") return x.a!;
  return new Expr("neg", x, null, 0, false, "");
}

/** Σ xs. */
export function sum(xs: readonly ExprLike[]): Expr {
  return add(...xs);
}

/** Π xs. */
export function product(xs: readonly ExprLike[]): Expr {
  return mul(...xs);
}

// ---- leaves, created by builders and by LogUp (not by AIR authors directly) ----

/** @internal A main-trace cell of the current (`next` false) or next row. */
export function mainCell(col: number, next: boolean): Expr {
  return new Expr("main", null, null, col, next, "");
}

/** @internal A preprocessed-trace cell. */
export function prepCell(col: number, next: boolean): Expr {
  return new Expr("prep", null, null, col, next, "");
}

/** @internal An extension auxiliary (LogUp) column. */
export function auxCell(col: number, next: boolean): Expr {
  return new Expr("aux", null, null, col, next, "");
}

/** @internal Public value i. */
export function publicValue(i: number): Expr {
  return new Expr("public", null, null, i, false, "");
}

/** @internal A row selector. */
export function selector(which: Selector): Expr {
  return new Expr("sel", null, null, 0, false, which);
}

/** @internal A LogUp challenge: z, beta^power, or the table's final sum. */
export function challenge(name: ChallengeName, power = 0): Expr {
  return new Expr("chal", null, null, power, false, name);
}

/**
 * Every node reachable from `roots`, children before parents (sorted by id). Iterative, so a
 * chain of ten thousand additions does not overflow the stack.
 */
export function topoOrder(roots: readonly Expr[]): Expr[] {
  const seen = new Set<Expr>();
  const stack: Expr[] = [...roots];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    if (e.a !== null) stack.push(e.a);
    if (e.b !== null) stack.push(e.b);
  }
  // Sorted by id through a Float64Array of id·2^21 + position (exact while ids stay below 2^32
  // and the DAG below 2^21 nodes): a native numeric sort, several times faster than sorting the
  // objects with a comparator, which showed in a fresh process's first proof.
  const nodes = [...seen];
  if (nodes.length >= 1 << 21 || nextId >= 2 ** 32) return nodes.sort((x, y) => x.id - y.id);
  const keys = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) keys[i] = nodes[i].id * 2097152 + i;
  keys.sort();
  const out = new Array<Expr>(nodes.length);
  for (let i = 0; i < keys.length; i++) out[i] = nodes[keys[i] % 2097152];
  return out;
}

/** Ids up to this many are numbered in a typed array by `NodeNumbers`; past it, a Map. */
const DENSE_IDS = 1 << 22;

/**
 * A number per node for one traversal (0 until set). In a fresh process this is an Int32Array
 * indexed by node id (a Map per node was most of a cold traversal's time); ids only grow, so a
 * process that compiles AIRs again and again (a server building a machine per request) would
 * make that array as large as every node it ever created: past `denseIds` ids, a Map.
 */
export class NodeNumbers {
  private byId: Int32Array | null;
  private readonly byNode: Map<Expr, number> | null;

  constructor(denseIds = DENSE_IDS) {
    const dense = nextId <= denseIds;
    this.byId = dense ? new Int32Array(nextId) : null;
    this.byNode = dense ? null : new Map();
  }

  get(e: Expr): number {
    if (this.byNode) return this.byNode.get(e) ?? 0;
    return e.id < this.byId!.length ? this.byId![e.id] : 0;
  }

  set(e: Expr, v: number): void {
    if (this.byNode) {
      this.byNode.set(e, v);
      return;
    }
    if (e.id >= this.byId!.length) {
      // A node created after this numbering started (an encoder fed more roots later).
      const grown = new Int32Array(Math.max(2 * this.byId!.length, e.id + 1));
      grown.set(this.byId!);
      this.byId = grown;
    }
    this.byId![e.id] = v;
  }
}

/** The modulus, re-exported for code generators. */
export { P };
