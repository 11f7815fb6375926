/**
 * Straight-line JavaScript from expression DAGs: the evaluators of the prover and of the
 * debugger are generated source, compiled once with `new Function`, not interpreters walking
 * objects per row.
 *
 * The emitter walks a DAG in topological order and gives each node a `const` (four for an
 * extension node, one per coefficient). Structurally equal nodes share one variable (common
 * subexpressions, commutative operands sorted), leaves are loaded once, and zero coefficients
 * of base values promoted to the extension are dropped at generation time, so extension
 * arithmetic appears only where aux columns and challenges enter. Base multiplication is the
 * split-into-16-bit-halves product with a float Barrett reduce of `core/field/babybear.ts`,
 * written as small helpers V8 inlines.
 */
import { type Expr, topoOrder } from "./expr.js";

/** Helper functions every generated source starts with (BabyBear, x^4 = 11). */
export const PRELUDE = `
const P = 2013265921, IP = 1 / P;
function rd(x) { const r = x - Math.floor(x * IP) * P; return r < 0 ? r + P : r >= P ? r - P : r; }
function ml(a, b) { return rd(rd(a * (b >>> 16)) * 65536 + a * (b & 65535)); }
function ad(a, b) { const s = a + b; return s >= P ? s - P : s; }
function sb(a, b) { const d = a - b; return d < 0 ? d + P : d; }
function ng(a) { return a === 0 ? 0 : P - a; }
`;

/** Where leaves come from: a source expression per base leaf, four per extension leaf. */
export interface LeafSources {
  base(e: Expr): string;
  ext(e: Expr): readonly [string, string, string, string];
}

type Ext4 = [string, string, string, string];

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
  private define(src: string): string {
    if (IDENT.test(src)) return src;
    const known = this.byKey.get(src);
    if (known !== undefined) return known;
    const name = `${this.prefix}${this.count++}`;
    this.lines.push(`const ${name} = ${src};`);
    this.byKey.set(src, name);
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

  private add(x: string, y: string): string {
    if (x === "0") return y;
    if (y === "0") return x;
    return this.define(x < y ? `ad(${x}, ${y})` : `ad(${y}, ${x})`);
  }
  private sub(x: string, y: string): string {
    if (y === "0") return x;
    if (x === "0") return this.neg(y);
    return this.define(`sb(${x}, ${y})`);
  }
  private neg(x: string): string {
    return x === "0" ? "0" : this.define(`ng(${x})`);
  }
  private mul(x: string, y: string): string {
    if (x === "0" || y === "0") return "0";
    if (x === "1") return y;
    if (y === "1") return x;
    return this.define(x < y ? `ml(${x}, ${y})` : `ml(${y}, ${x})`);
  }

  /** Schoolbook product in F_p[x]/(x^4 − 11); each coefficient one reduce of ≤ 4 products. */
  private mulExt(a: Ext4, b: Ext4): Ext4 {
    const prod = (i: number, j: number): string | null =>
      a[i] === "0" || b[j] === "0" ? null : `ml(${a[i]}, ${b[j]})`;
    const out: string[] = [];
    for (let k = 0; k < 4; k++) {
      const direct: string[] = [];
      const wrapped: string[] = [];
      for (let i = 0; i < 4; i++) {
        const j = k - i;
        const t = j >= 0 ? prod(i, j) : prod(i, j + 4);
        if (t !== null) (j >= 0 ? direct : wrapped).push(t);
      }
      if (wrapped.length > 0) direct.push(`11 * (${wrapped.join(" + ")})`);
      out.push(direct.length === 0 ? "0" : this.define(`rd(${direct.join(" + ")})`));
    }
    return out as Ext4;
  }
}
