/**
 * Straight-line JavaScript from expression DAGs: the evaluators of the prover and of the
 * debugger are generated source, compiled once with `new Function`, not interpreters walking
 * objects per row.
 *
 * The emitter walks a DAG in topological order and gives each node a `const` (four for an
 * extension node, one per coefficient). Structurally equal nodes share one variable (common
 * subexpressions, commutative operands sorted), leaves are loaded once, and zero coefficients
 * of base values promoted to the extension are dropped at generation time, so extension
 * arithmetic appears only where aux columns and challenges enter. Base multiplication `ml` is
 * `mul` of `core/field/babybear.ts` (float quotient estimate, exact remainder mod 2^32 with
 * Math.imul; about 3× the throughput of the two-reduce product, measured), written as small
 * helpers V8 inlines.
 */
import { type Expr, topoOrder } from "./expr.js";

/**
 * Constants and helpers every generated source starts with (BabyBear, x^4 = 11). The hot code
 * does not call the helpers: it inlines the same arithmetic as statements (see `Emitter`),
 * because a call V8 does not inline returns its result boxed as a heap number (values ≥ 2^30 are
 * not small integers), and V8 stops inlining after ~1 KB of bytecode per function (measured:
 * 5 µs/row with helper calls on a 50-constraint AIR, a fraction of that inlined).
 */
export const PRELUDE = `
const P = 2013265921, IP = 1 / P, EPS = 1.9073486328125e-6;
function rd(x) { const r = x - Math.floor(x * IP) * P; return r < 0 ? r + P : r >= P ? r - P : r; }
function ml(a, b) { const r = (Math.imul(a, b) - Math.imul(Math.floor(a * b * IP - EPS), P)) >>> 0; return r >= P ? r - P : r; }
`;

/** `let n = a + b mod p` (canonical inputs), branch-free. */
export function addStmt(n: string, a: string, b: string): string {
  return `let ${n} = (${a} - P + ${b}) | 0; ${n} += (${n} >> 31) & P;`;
}
/** `let n = a − b mod p`. */
export function subStmt(n: string, a: string, b: string): string {
  return `let ${n} = (${a} - ${b}) | 0; ${n} += (${n} >> 31) & P;`;
}
/** `let n = −a mod p`. */
export function negStmt(n: string, a: string): string {
  return `let ${n} = (0 - ${a}) | 0; ${n} += (${n} >> 31) & P;`;
}
/**
 * `let n = a·b mod p` for canonical a, b: q = ⌊a·b/p⌋ or one less from a float estimate biased
 * down by 2^-19 (the float error is below 2^-20), so r = a·b − q·p lies in [0, 2p); r − p fits an
 * int32 and is exact modulo 2^32 through Math.imul.
 */
export function mulStmt(n: string, a: string, b: string): string {
  return `let ${n} = (Math.imul(${a}, ${b}) - Math.imul(Math.floor(${a} * ${b} * IP - EPS), P) - P) | 0; ${n} += (${n} >> 31) & P;`;
}
/**
 * `let n = sum mod p` for a sum of canonical terms below 2^50: the biased float quotient leaves
 * a remainder in [0, 2p), exact in a double.
 */
export function reduceStmt(n: string, sum: string): string {
  return `let ${n} = ${sum}; ${n} = (${n} - Math.floor(${n} * IP - EPS) * P - P) | 0; ${n} += (${n} >> 31) & P;`;
}
/**
 * Statements computing out = a·b in F_p[x]/(x^4 − 11) from coefficient expressions (identifiers),
 * with temporaries named `${tmp}0..15`.
 */
export function extMulStmts(
  out: readonly string[],
  a: readonly string[],
  b: readonly string[],
  tmp: string,
): string[] {
  const lines: string[] = [];
  const prod = (i: number, j: number): string => {
    const n = `${tmp}${4 * i + j}`;
    lines.push(mulStmt(n, a[i], b[j]));
    return n;
  };
  const p = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => prod(i, j)));
  lines.push(reduceStmt(out[0], `${p[0][0]} + 11 * (${p[1][3]} + ${p[2][2]} + ${p[3][1]})`));
  lines.push(reduceStmt(out[1], `${p[0][1]} + ${p[1][0]} + 11 * (${p[2][3]} + ${p[3][2]})`));
  lines.push(reduceStmt(out[2], `${p[0][2]} + ${p[1][1]} + ${p[2][0]} + 11 * ${p[3][3]}`));
  lines.push(reduceStmt(out[3], `${p[0][3]} + ${p[1][2]} + ${p[2][1]} + ${p[3][0]}`));
  return lines;
}

/** Where leaves come from: a source expression per base leaf, four per extension leaf. */
export interface LeafSources {
  base(e: Expr): string;
  ext(e: Expr): readonly [string, string, string, string];
}

export type Ext4 = [string, string, string, string];

const IDENT = /^([A-Za-z_$][\w$]*|\d+)$/;

/** Emits `const` lines for DAG nodes; read the result with `baseOf` / `extOf`. */
export class Emitter {
  readonly lines: string[] = [];
  private readonly baseVars = new Map<Expr, string>();
  private readonly extVars = new Map<Expr, Ext4>();
  private readonly byKey = new Map<string, string>();
  private count = 0;

  constructor(
    private readonly leaves: LeafSources,
    private readonly prefix = "t",
  ) {}

  /** Characters of source emitted so far (a proxy for bytecode size; see quotient.ts). */
  get size(): number {
    let n = 0;
    for (const l of this.lines) n += l.length + 1;
    return n;
  }

  /** Emits every node reachable from `roots` that has not been emitted yet. */
  emit(roots: readonly Expr[]): void {
    for (const e of topoOrder(roots)) {
      if (this.baseVars.has(e) || this.extVars.has(e)) continue;
      if (e.ext) this.extVars.set(e, this.extNode(e));
      else this.baseVars.set(e, this.baseNode(e));
    }
  }

  /** The variable (or literal) holding base node `e`. */
  baseOf(e: Expr): string {
    const v = this.baseVars.get(e);
    if (v === undefined) throw new Error(`codegen: node ${e.id} (${e.op}) not emitted as base`);
    return v;
  }

  /** The four coefficients of node `e` (a base node reads as [v, 0, 0, 0]). */
  extOf(e: Expr): Ext4 {
    const x = this.extVars.get(e);
    if (x !== undefined) return x;
    return [this.baseOf(e), "0", "0", "0"];
  }

  /** Declares `src` as a variable unless it is already an identifier or literal; shares equal sources. */
  define(src: string): string {
    if (IDENT.test(src)) return src;
    return this.statement(src, (name) => `const ${name} = ${src};`);
  }

  /** Emits the statement(s) `build(name)` that define a new variable, once per `key`. */
  private statement(key: string, build: (name: string) => string): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const name = `${this.prefix}${this.count++}`;
    this.lines.push(build(name));
    this.byKey.set(key, name);
    return name;
  }

  private baseNode(e: Expr): string {
    switch (e.op) {
      case "const":
        return String(e.index);
      case "main":
      case "prep":
      case "public":
      case "sel":
        return this.define(this.leaves.base(e));
      case "neg":
        return this.neg(this.baseOf(e.a!));
      case "add":
        return this.add(this.baseOf(e.a!), this.baseOf(e.b!));
      case "sub":
        return this.sub(this.baseOf(e.a!), this.baseOf(e.b!));
      case "mul":
        return this.mul(this.baseOf(e.a!), this.baseOf(e.b!));
      default:
        throw new Error(`codegen: ${e.op} node ${e.id} is not a base-field node`);
    }
  }

  private extNode(e: Expr): Ext4 {
    switch (e.op) {
      case "aux":
      case "chal":
        return this.leaves.ext(e).map((s) => this.define(s)) as Ext4;
      case "neg":
        return this.extOf(e.a!).map((x) => this.neg(x)) as Ext4;
      case "add": {
        const a = this.extOf(e.a!);
        const b = this.extOf(e.b!);
        return [0, 1, 2, 3].map((k) => this.add(a[k], b[k])) as Ext4;
      }
      case "sub": {
        const a = this.extOf(e.a!);
        const b = this.extOf(e.b!);
        return [0, 1, 2, 3].map((k) => this.sub(a[k], b[k])) as Ext4;
      }
      case "mul": {
        if (!e.a!.ext) return this.extOf(e.b!).map((x) => this.mul(this.baseOf(e.a!), x)) as Ext4;
        if (!e.b!.ext) return this.extOf(e.a!).map((x) => this.mul(x, this.baseOf(e.b!))) as Ext4;
        return this.mulExt(this.extOf(e.a!), this.extOf(e.b!));
      }
      default:
        throw new Error(`codegen: ${e.op} node ${e.id} is not an extension node`);
    }
  }

  // Every operation is branch-free int32 arithmetic once the value is in (−p, p): a rarely
  // taken branch (`if (t >= P) t -= P`) has no type feedback when V8 optimizes, and taking it
  // later deoptimizes the whole chunk (measured: each chunk compiled three times).
  add(x: string, y: string): string {
    if (x === "0") return y;
    if (y === "0") return x;
    const [a, b] = x < y ? [x, y] : [y, x];
    return this.statement(`ad ${a} ${b}`, (n) => addStmt(n, a, b));
  }
  sub(x: string, y: string): string {
    if (y === "0") return x;
    if (x === "0") return this.neg(y);
    return this.statement(`sb ${x} ${y}`, (n) => subStmt(n, x, y));
  }
  neg(x: string): string {
    if (x === "0") return "0";
    return this.statement(`ng ${x}`, (n) => negStmt(n, x));
  }
  /** x·y mod p, shared with equal products. */
  mul(x: string, y: string): string {
    if (x === "0" || y === "0") return "0";
    if (x === "1") return y;
    if (y === "1") return x;
    const [a, b] = x < y ? [x, y] : [y, x];
    return this.statement(`ml ${a} ${b}`, (n) => mulStmt(n, a, b));
  }
  /** Reduces a sum of canonical terms (the caller keeps it below 2^50). */
  reduceSum(sum: string): string {
    return this.statement(`rd ${sum}`, (n) => reduceStmt(n, sum));
  }

  /** Schoolbook product in F_p[x]/(x^4 − 11); each coefficient one reduce of ≤ 4 products. */
  mulExt(a: Ext4, b: Ext4): Ext4 {
    const out: string[] = [];
    for (let k = 0; k < 4; k++) {
      const direct: string[] = [];
      const wrapped: string[] = [];
      for (let i = 0; i < 4; i++) {
        const j = k - i >= 0 ? k - i : k - i + 4;
        const t = this.mul(a[i], b[j]);
        if (t !== "0") (k - i >= 0 ? direct : wrapped).push(t);
      }
      if (wrapped.length > 0) direct.push(`11 * (${wrapped.join(" + ")})`);
      if (direct.length === 0) out.push("0");
      else if (direct.length === 1 && wrapped.length === 0) out.push(direct[0]);
      else out.push(this.reduceSum(direct.join(" + ")));
    }
    return out as Ext4;
  }
}

/**
 * Source of a base-field leaf read from the current row of a generated loop: main and
 * preprocessed cells at the local (mo, qo) or next (mn, qn) row offsets of M and Q; public
 * values and selectors as the caller names them. Shared by every generated kernel.
 */
export function rowLeaf(
  e: Expr,
  publicRef: (index: number) => string,
  selectorRef: (tag: string) => string,
  where: string,
): string {
  switch (e.op) {
    case "main":
      return `M[${e.next ? "mn" : "mo"} + ${e.index}]`;
    case "prep":
      return `Q[${e.next ? "qn" : "qo"} + ${e.index}]`;
    case "public":
      return publicRef(e.index);
    case "sel":
      return selectorRef(e.tag);
    default:
      throw new Error(`${where}: unexpected leaf ${e.op}`);
  }
}

/**
 * An emitter for base-field-only kernels over rows (the row evaluator, bus messages): public
 * values from PUB, selectors from the loop's sf/sl/st; an extension leaf is an error.
 */
export function baseRowEmitter(where: string, extError: string): Emitter {
  return new Emitter({
    base: (e) =>
      rowLeaf(
        e,
        (i) => `PUB[${i}]`,
        (tag) => (tag === "first" ? "sf" : tag === "last" ? "sl" : "st"),
        where,
      ),
    ext(e: Expr): never {
      throw new Error(`${where}: extension leaf ${e.op} ${extError}`);
    },
  });
}
