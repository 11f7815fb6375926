/**
 * Lowering an expression DAG into a vector program (vector-program.ts): base nodes to one value,
 * extension nodes to their four coefficients, degree-0 subtrees to per-call scalars.
 *
 * Sums are lowered whole: a sum node takes in every addition, subtraction, negation and product
 * below it that nothing else reads, and its products become one lazy sum per coefficient
 * (`Lowering.dot`: unreduced 64-bit terms, one reduction) instead of one full reduction each.
 * The LogUp constraints are mostly such sums — a fingerprint is Σ v_k·beta^k, a group's
 * right-hand side Σ m_i·Π d_j — and so are the AIRs' linear combinations of columns by
 * constants. The values are the same field elements; only the number of reductions changes.
 */
import { W } from "../field/extension.js";
import { type Expr, topoOrder } from "./expr.js";
import { type Lowering, Op, type Val, ZERO } from "./vector-program.js";

/** A signed product term of one coefficient's sum. */
type Product = [sign: 1 | -1, x: Val, y: Val];
/** A signed addend of one coefficient's sum (a value lowered on its own). */
type Addend = [sign: 1 | -1, v: Val];

/**
 * Lowers every node reachable from `roots` (base nodes to one value, extension nodes to four);
 * returns the lowering of a node as four coefficients. Nodes taken into a sum (see above) have
 * no lowering of their own: only roots and nodes read by something else may be asked for.
 */
export function lowerDag(L: Lowering, roots: readonly Expr[]): (e: Expr) => Val[] {
  const order = topoOrder(roots);
  const inlined = inlinedTerms(order, roots);
  const base = new Map<Expr, Val>();
  const ext = new Map<Expr, Val[]>();
  const extOf = (e: Expr): Val[] => ext.get(e) ?? [base.get(e)!, ZERO, ZERO, ZERO];
  for (const e of order) {
    if (inlined.has(e)) continue;
    if (e.op === "add" || e.op === "sub" || (e.op === "neg" && inlined.has(e.a!))) {
      const v = lowerSum(L, e, inlined, extOf);
      if (e.ext) ext.set(e, v);
      else base.set(e, v[0]);
    } else if (e.ext) ext.set(e, lowerExt(L, e, extOf));
    else
      base.set(
        e,
        lowerBase(L, e, (x) => base.get(x)!),
      );
  }
  return extOf;
}

/**
 * The nodes a sum takes in: additions, subtractions, negations and products read exactly once,
 * by an addition, subtraction or negation (a root is read by its caller, so never).
 */
function inlinedTerms(order: readonly Expr[], roots: readonly Expr[]): Set<Expr> {
  const uses = new Map<Expr, number>();
  const parentOp = new Map<Expr, string>();
  const use = (x: Expr, op: string) => {
    uses.set(x, (uses.get(x) ?? 0) + 1);
    parentOp.set(x, op);
  };
  for (const e of order) {
    if (e.a !== null) use(e.a, e.op);
    if (e.b !== null) use(e.b, e.op);
  }
  for (const r of roots) use(r, "root");
  const sumOps = new Set(["add", "sub", "neg"]);
  const out = new Set<Expr>();
  for (const e of order) {
    if (uses.get(e) !== 1 || !sumOps.has(parentOp.get(e)!)) continue;
    if (sumOps.has(e.op) || e.op === "mul") out.add(e);
  }
  return out;
}

/** A sum node and everything it takes in, per coefficient: lazy products, then addends. */
function lowerSum(L: Lowering, root: Expr, inlined: Set<Expr>, of: (x: Expr) => Val[]): Val[] {
  const products: Product[][] = [[], [], [], []];
  const addends: Addend[][] = [[], [], [], []];
  const stack: [Expr, 1 | -1][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, s] = stack.pop()!;
    const open = e === root || inlined.has(e);
    if (open && e.op === "add") stack.push([e.b!, s], [e.a!, s]);
    else if (open && e.op === "sub") stack.push([e.b!, s === 1 ? -1 : 1], [e.a!, s]);
    else if (open && e.op === "neg") stack.push([e.a!, s === 1 ? -1 : 1]);
    else if (open && e.op === "mul") {
      if (!e.ext) products[0].push([s, of(e.a!)[0], of(e.b!)[0]]);
      else
        extMulTerms(L, of(e.a!), of(e.b!)).forEach((ts, k) => {
          for (const [x, y] of ts) products[k].push([s, x, y]);
        });
    } else {
      of(e).forEach((v, k) => {
        if (v.k !== "zero") addends[k].push([s, v]);
      });
    }
  }
  const negated = new Map<number, Val>();
  return [0, 1, 2, 3].map((k) => emitSum(L, products[k], addends[k], negated));
}

/**
 * One coefficient's sum. A negative product negates a scalar factor (per call, free) or, for
 * two vectors, one vector once per sum node (`negated`); a sum with a single vector product
 * computes it eagerly, which needs no negation.
 */
function emitSum(
  L: Lowering,
  products: Product[],
  addends: Addend[],
  negated: Map<number, Val>,
): Val {
  const live = products.filter(([, x, y]) => x.k !== "zero" && y.k !== "zero");
  const vectorTerms = live.filter(([, x, y]) => x.k === "vec" || y.k === "vec").length;
  const terms: [Val, Val][] = [];
  const rest: Addend[] = [];
  for (const [s, x, y] of live) {
    if (vectorTerms <= 1 && (x.k === "vec" || y.k === "vec")) rest.push([s, L.mulV(x, y)]);
    else if (s === 1) terms.push([x, y]);
    else if (x.k === "scalar") terms.push([L.negV(x), y]);
    else if (y.k === "scalar") terms.push([x, L.negV(y)]);
    else {
      const slot = (x as { slot: number }).slot;
      let nx = negated.get(slot);
      if (nx === undefined) negated.set(slot, (nx = L.negV(x)));
      terms.push([nx, y]);
    }
  }
  let acc = L.dot(terms);
  for (const [s, v] of [...rest, ...addends]) acc = s === 1 ? L.addV(acc, v) : L.subV(acc, v);
  return acc;
}

function lowerBase(L: Lowering, e: Expr, of: (x: Expr) => Val): Val {
  switch (e.op) {
    case "const":
      return e.index === 0 ? ZERO : L.scalar({ op: "const", v: e.index });
    case "public":
      return L.scalar({ op: "public", i: e.index });
    case "main":
      return L.vec(Op.Main, e.index, e.next ? 1 : 0);
    case "prep":
      return L.vec(Op.Prep, e.index, e.next ? 1 : 0);
    case "sel":
      return L.vec(Op.Sel, e.tag === "first" ? 0 : e.tag === "last" ? 1 : 2, 0);
    case "mul":
      return L.mulV(of(e.a!), of(e.b!));
    case "neg":
      return L.negV(of(e.a!));
    default:
      throw new Error(`vector quotient: unexpected base node ${e.op}`);
  }
}

function lowerExt(L: Lowering, e: Expr, of: (x: Expr) => Val[]): Val[] {
  switch (e.op) {
    case "aux":
      return [0, 1, 2, 3].map((i) => L.vec(Op.Aux, 4 * e.index + i, e.next ? 1 : 0));
    case "chal": {
      const name = e.tag as "z" | "finalSum" | "beta";
      return [0, 1, 2, 3].map((coef) => L.scalar({ op: "chal", name, power: e.index, coef }));
    }
    case "neg":
      return of(e.a!).map((v) => L.negV(v));
    case "mul":
      return extMulTerms(L, of(e.a!), of(e.b!)).map((terms) => L.dot(terms));
    default:
      throw new Error(`vector quotient: unexpected extension node ${e.op}`);
  }
}

/**
 * The terms of a·b in F_p[x]/(x^4 − W): coefficient k is Σ_(i+j=k) a_i·b_j + Σ_(i+j=k+4)
 * a_i·(W·b_j). The W·b_j a wrapped term needs are computed once per product: for a vector a_i,
 * b_j's scaled copy (a vector b_j by one MulS, a scalar one as a scalar); for a scalar a_i, the
 * scalar W·a_i instead.
 */
function extMulTerms(L: Lowering, a: Val[], b: Val[]): [Val, Val][][] {
  const wrap = L.scalar({ op: "const", v: W });
  const scaledB = new Map<number, Val>();
  const wb = (j: number): Val => {
    let v = scaledB.get(j);
    if (v === undefined) scaledB.set(j, (v = L.mulV(b[j], wrap)));
    return v;
  };
  return [0, 1, 2, 3].map((k) => {
    const terms: [Val, Val][] = [];
    for (let i = 0; i < 4; i++) {
      const j = (k - i + 4) % 4;
      if (a[i].k === "zero" || b[j].k === "zero") continue;
      if (k - i >= 0) terms.push([a[i], b[j]]);
      else if (a[i].k === "scalar") terms.push([L.mulV(a[i], wrap), b[j]]);
      else terms.push([a[i], wb(j)]);
    }
    return terms;
  });
}
