/**
 * Vector programs: an expression DAG lowered once into base-field vector instructions, run over
 * blocks of points with no generated code (so with no compile time).
 *
 * Extension nodes (LogUp's aux columns and challenges) are lowered to their four coefficients,
 * degree-0 subtrees (constants, public values, challenges, alpha powers) to per-call scalars;
 * slots are reused after a value's last read, so a block's working set stays in cache. Add,
 * sub, mul and scalar products run on the WebAssembly SIMD kernels, the rest in small int32
 * loops V8 optimizes once for every AIR. The quotient (vector-quotient.ts) and the LogUp
 * fingerprints (core/lookup/vector-fingerprints.ts) are two such programs.
 */
import { add, mul, neg, P as MODULUS, sub } from "../field/babybear.js";
import { mulInto as mulExtInto } from "../field/extension.js";
import { vectorKernel } from "../field/vector.js";
import { heap } from "../wasm/heap.js";
import { type Expr, topoOrder } from "./expr.js";
import type { LogUpChallenges } from "./types.js";

/** Points per block: slots × BLOCK words stay in cache. */
export const BLOCK = 256;

/** A lowered value: zero, a per-call scalar, or a vector slot. */
export type Val = { k: "zero" } | { k: "scalar"; i: number } | { k: "vec"; slot: number };
export const ZERO: Val = { k: "zero" };

/** Vector instructions (dst and operand slots; `s` a scalar index). */
export const enum Op {
  Main, // dst, col, next
  Prep, // dst, col, next
  Aux, // dst, base column (4c + coefficient), next
  Sel, // dst, which (0 first, 1 last, 2 transition)
  Add, // dst, a, b
  Sub, // dst, a, b
  Mul, // dst, a, b
  Neg, // dst, a
  AddS, // dst, a, s
  SubS, // dst, a, s   (a − s)
  RSubS, // dst, a, s  (s − a)
  MulS, // dst, a, s
  Fold, // acc k, a, s  (acc_k += s·a)
  Store, // target t, a, offset  (out_t[stride_t·row + offset] = a)
  StoreS, // target t, s, offset (the same for a scalar)
  // A lazy sum of products (`Lowering.dot`): terms accumulate unreduced, then one reduction.
  Dot, // first (1: starts the sum), a, b  (sum += a·b)
  DotS, // first, a, s  (sum += a·s)
  DotEnd, // dst  (dst = sum mod p)
}

/** Scalar instructions, evaluated once per call: each defines the next scalar index. */
export type ScalarOp =
  | { op: "const"; v: number }
  | { op: "public"; i: number }
  | { op: "chal"; name: "z" | "finalSum" | "beta"; power: number; coef: number }
  | { op: "alpha"; j: number; coef: number; times: number }
  | { op: "add" | "sub" | "mul"; a: number; b: number }
  | { op: "neg"; a: number };

/** The lowered program of one AIR. */
export interface VectorProgram {
  code: Int32Array;
  scalars: ScalarOp[];
  slots: number;
  /** Per-call constant part of the folded sum (constraints whose value is a scalar). */
  constFolds: { coef: number; s: number }[];
}

export class Lowering {
  readonly code: number[] = [];
  readonly scalars: ScalarOp[] = [];
  readonly constFolds: { coef: number; s: number }[] = [];
  private readonly scalarKey = new Map<string, number>();
  private nextSlot = 0;
  /** Each emitted instruction: [op, dst, a, b]; slot fields are virtual until allocation. */
  readonly insns: [Op, number, number, number][] = [];

  scalar(s: ScalarOp): Val {
    const key = scalarKey(s);
    let i = this.scalarKey.get(key);
    if (i === undefined) {
      i = this.scalars.length;
      this.scalars.push(s);
      this.scalarKey.set(key, i);
    }
    return { k: "scalar", i };
  }

  /** A new virtual slot defined by instruction (op, a, b). */
  vec(op: Op, a: number, b: number): Val {
    const slot = this.nextSlot++;
    this.insns.push([op, slot, a, b]);
    return { k: "vec", slot };
  }

  fold(acc: number, v: Val, s: Val): void {
    if (v.k === "zero" || s.k === "zero") return;
    if (s.k !== "scalar") throw new Error("vector quotient: fold coefficient must be a scalar");
    if (v.k === "scalar") {
      this.constFolds.push({ coef: acc, s: (this.mulV(v, s) as { i: number }).i });
      return;
    }
    this.insns.push([Op.Fold, acc, v.slot, s.i]);
  }

  /** Writes `v` to output `target` at offset `offset` of every point (see `VectorRun.stores`). */
  store(target: number, v: Val, offset: number): void {
    if (v.k === "vec") this.insns.push([Op.Store, target, v.slot, offset]);
    else {
      const s = v.k === "zero" ? this.scalar({ op: "const", v: 0 }) : v;
      this.insns.push([Op.StoreS, target, (s as { i: number }).i, offset]);
    }
  }

  addV(a: Val, b: Val): Val {
    if (a.k === "zero") return b;
    if (b.k === "zero") return a;
    if (a.k === "scalar" && b.k === "scalar") return this.scalar({ op: "add", a: a.i, b: b.i });
    if (a.k === "scalar") return this.vec(Op.AddS, (b as VecVal).slot, a.i);
    if (b.k === "scalar") return this.vec(Op.AddS, a.slot, b.i);
    return this.vec(Op.Add, a.slot, (b as VecVal).slot);
  }

  subV(a: Val, b: Val): Val {
    if (b.k === "zero") return a;
    if (a.k === "zero") return this.negV(b);
    if (a.k === "scalar" && b.k === "scalar") return this.scalar({ op: "sub", a: a.i, b: b.i });
    if (a.k === "scalar") return this.vec(Op.RSubS, (b as VecVal).slot, a.i);
    if (b.k === "scalar") return this.vec(Op.SubS, (a as VecVal).slot, b.i);
    return this.vec(Op.Sub, (a as VecVal).slot, (b as VecVal).slot);
  }

  mulV(a: Val, b: Val): Val {
    if (a.k === "zero" || b.k === "zero") return ZERO;
    if (a.k === "scalar" && b.k === "scalar") return this.scalar({ op: "mul", a: a.i, b: b.i });
    if (a.k === "scalar") return this.vec(Op.MulS, (b as VecVal).slot, a.i);
    if (b.k === "scalar") return this.vec(Op.MulS, a.slot, b.i);
    return this.vec(Op.Mul, a.slot, (b as VecVal).slot);
  }

  /**
   * Σ x·y over `terms`: products of two vectors or a vector and a scalar are summed without
   * reducing each (Dot/DotS: the WebAssembly kernels fold the 64-bit sum every few terms, see
   * wasm-program.ts, and reduce it once at DotEnd), products of scalars go to a per-call scalar.
   * An eager product costs a full reduction (the WebAssembly kernel's Mul is ~20 instructions
   * per four points, a lazy term ~5 and the shared reduction ~15), so sums of two or more
   * vector products take this path.
   */
  dot(terms: readonly (readonly [Val, Val])[]): Val {
    let constant: Val = ZERO;
    const lazy: [VecVal, Val][] = [];
    for (const [x, y] of terms) {
      if (x.k === "zero" || y.k === "zero") continue;
      if (x.k === "scalar" && y.k === "scalar") constant = this.addV(constant, this.mulV(x, y));
      else if (x.k === "vec") lazy.push([x, y]);
      else lazy.push([y as VecVal, x]);
    }
    if (lazy.length === 0) return constant;
    if (lazy.length === 1) return this.addV(this.mulV(lazy[0][0], lazy[0][1]), constant);
    lazy.forEach(([x, y], t) => {
      const first = t === 0 ? 1 : 0;
      if (y.k === "vec") this.insns.push([Op.Dot, first, x.slot, y.slot]);
      else this.insns.push([Op.DotS, first, x.slot, (y as { i: number }).i]);
    });
    return this.addV(this.vec(Op.DotEnd, 0, 0), constant);
  }

  negV(a: Val): Val {
    if (a.k === "zero") return ZERO;
    if (a.k === "scalar") return this.scalar({ op: "neg", a: a.i });
    return this.vec(Op.Neg, a.slot, 0);
  }

  /**
   * Assigns physical slots: a virtual slot's storage is reused after its last read. Typed arrays
   * and no per-instruction allocation: this runs once per AIR in every fresh process, where it
   * was ~170 ms of the first proof of the sha256 guest with Maps and arrays (measured).
   */
  allocate(): { code: Int32Array; slots: number } {
    const insns = this.insns;
    const n = insns.length;
    // Virtual slots read by an instruction: 0, 1 (its a) or 2 (its a and b).
    const readCount = (op: Op): number => {
      if (op === Op.Main || op === Op.Prep || op === Op.Aux || op === Op.Sel) return 0;
      if (op === Op.StoreS || op === Op.DotEnd) return 0;
      if (op === Op.Add || op === Op.Sub || op === Op.Mul || op === Op.Dot) return 2;
      return 1;
    };
    const last = new Int32Array(this.nextSlot).fill(-1);
    for (let t = 0; t < n; t++) {
      const [op, , a, b] = insns[t];
      const r = readCount(op);
      if (r > 0) last[a] = t;
      if (r > 1) last[b] = t;
    }
    const phys = new Int32Array(this.nextSlot);
    const free: number[] = [];
    let slots = 0;
    const code = new Int32Array(4 * n);
    let len = 0;
    for (let t = 0; t < n; t++) {
      const [op, dst, a, b] = insns[t];
      const r = readCount(op);
      const pa = r > 0 ? phys[a] : a;
      const pb = r > 1 ? phys[b] : b;
      // Operands that die here give their storage back first: elementwise ops may write in place.
      if (r > 0 && last[a] === t) free.push(phys[a]);
      if (r > 1 && b !== a && last[b] === t) free.push(phys[b]);
      if (
        op === Op.Fold ||
        op === Op.Store ||
        op === Op.StoreS ||
        op === Op.Dot ||
        op === Op.DotS
      ) {
        // dst is an accumulator, an output or a flag, not a slot. (A lazy sum's terms only
        // read slots: its DotEnd may reuse their storage, the sum being held apart.)
        code[len] = op;
        code[len + 1] = dst;
        code[len + 2] = pa;
        code[len + 3] = pb;
        len += 4;
        continue;
      }
      // Never read: nothing to compute (a node whose only use was folded as zero).
      if (last[dst] < 0) continue;
      const p = free.length > 0 ? free.pop()! : slots++;
      phys[dst] = p;
      code[len] = op;
      code[len + 1] = p;
      code[len + 2] = pa;
      code[len + 3] = pb;
      len += 4;
    }
    return { code: code.slice(0, len), slots: Math.max(1, slots) };
  }
}

type VecVal = { k: "vec"; slot: number };

/** A scalar's identity (JSON.stringify, used before, was a third of the lowering's time). */
function scalarKey(s: ScalarOp): string {
  switch (s.op) {
    case "const":
      return `c${s.v}`;
    case "public":
      return `p${s.i}`;
    case "chal":
      return `h${s.name}:${s.power}:${s.coef}`;
    case "alpha":
      return `a${s.j}:${s.coef}:${s.times}`;
    case "neg":
      return `n${s.a}`;
    default:
      return `${s.op}${s.a}:${s.b}`;
  }
}

/**
 * beta^0 … beta^maxPower, four words each: computed once per call (per scalar, a wide bus's
 * fingerprint scalars cost O(w²) extension products in a fresh process).
 */
function betaPowers(ctx: ScalarInputs, maxPower: number): Uint32Array {
  const out = new Uint32Array(4 * (maxPower + 1));
  out[0] = 1;
  if (maxPower > 0) {
    const beta = Uint32Array.from(ctx.challenges!.beta);
    for (let k = 1; k <= maxPower; k++) mulExtInto(out, 4 * k, out, 4 * (k - 1), beta, 0);
  }
  return out;
}

/** What a program's per-call scalars are made of. */
export interface ScalarInputs {
  publicValues: ArrayLike<number>;
  challenges?: LogUpChallenges;
  finalSum?: ArrayLike<number>;
  alphaPowers?: Uint32Array;
}

/** The per-call scalars of a program. */
export function scalarValues(prog: Pick<VectorProgram, "scalars">, ctx: ScalarInputs): Uint32Array {
  const v = new Uint32Array(prog.scalars.length);
  let maxPower = 0;
  for (const s of prog.scalars)
    if (s.op === "chal" && s.name === "beta") maxPower = Math.max(maxPower, s.power);
  let beta: Uint32Array | undefined;
  prog.scalars.forEach((s, i) => {
    switch (s.op) {
      case "const":
        v[i] = s.v;
        break;
      case "public":
        v[i] = ctx.publicValues[s.i];
        break;
      case "chal":
        if (s.name === "z") v[i] = ctx.challenges!.z[s.coef];
        else if (s.name === "finalSum") v[i] = ctx.finalSum![s.coef];
        else v[i] = (beta ??= betaPowers(ctx, maxPower))[4 * s.power + s.coef];
        break;
      case "alpha":
        v[i] = mul(ctx.alphaPowers![4 * s.j + s.coef], s.times);
        break;
      case "add":
        v[i] = add(v[s.a], v[s.b]);
        break;
      case "sub":
        v[i] = sub(v[s.a], v[s.b]);
        break;
      case "mul":
        v[i] = mul(v[s.a], v[s.b]);
        break;
      case "neg":
        v[i] = neg(v[s.a]);
        break;
    }
  });
  return v;
}

/** Where a block's leaves come from and its results go. */
export interface VectorRun {
  code: Int32Array;
  /** The slots, on the WebAssembly heap (BLOCK words each). */
  mem: Uint32Array;
  S: Uint32Array;
  main: { values: Uint32Array; width: number };
  preprocessed?: { values: Uint32Array; width: number };
  aux?: { values: Uint32Array; width: number };
  /** Selector values, indexed like the points. */
  isFirst: Uint32Array;
  isLast: Uint32Array;
  isTransition: Uint32Array;
  /** Fold accumulators (BLOCK words each). */
  acc: Uint32Array[];
  /** Store targets and their strides per point. */
  stores: Uint32Array[];
  strides: number[];
  /** Word offset in `mem` of two scratch slots for lazy sums (see `interpreterSlots`). */
  dot: number;
}

/**
 * Slots `runBlock` needs for a program: its own, then two for lazy sums (the sum and a product),
 * which the interpreter reduces term by term (the result is the same; only the WebAssembly
 * kernels save the reductions).
 */
export function interpreterSlots(prog: VectorProgram): number {
  return prog.slots + 2;
}

/**
 * One block of n points from b0 through the program: `rows` and `nextRows` are the trace rows of
 * each point and of its next row.
 */
export function runBlock(
  run: VectorRun,
  rows: Uint32Array,
  nextRows: Uint32Array,
  n: number,
  b0: number,
): void {
  const { code, mem, S, acc } = run;
  const ctx = run;
  const K = vectorKernel();
  const base = mem.byteOffset;
  for (let pc = 0; pc < code.length; pc += 4) {
    const op = code[pc];
    const d = code[pc + 1] * BLOCK;
    const a = code[pc + 2];
    const b = code[pc + 3];
    switch (op) {
      case Op.Main:
        gather(mem, d, ctx.main.values, ctx.main.width, a, b ? nextRows : rows, n);
        break;
      case Op.Prep:
        gather(
          mem,
          d,
          ctx.preprocessed!.values,
          ctx.preprocessed!.width,
          a,
          b ? nextRows : rows,
          n,
        );
        break;
      case Op.Aux:
        gather(mem, d, ctx.aux!.values, ctx.aux!.width, a, b ? nextRows : rows, n);
        break;
      case Op.Sel:
        mem.set(
          (a === 0 ? ctx.isFirst : a === 1 ? ctx.isLast : ctx.isTransition).subarray(b0, b0 + n),
          d,
        );
        break;
      // The bulk of a program: the SIMD kernels (core/field/bb_vector.wat) on the slots' heap
      // offsets, about 3x the JavaScript loops below (measured).
      case Op.Add:
        K.add(base + 4 * d, base + 4 * a * BLOCK, base + 4 * b * BLOCK, n);
        break;
      case Op.Sub:
        K.sub(base + 4 * d, base + 4 * a * BLOCK, base + 4 * b * BLOCK, n);
        break;
      case Op.Mul:
        K.mul(base + 4 * d, base + 4 * a * BLOCK, base + 4 * b * BLOCK, n);
        break;
      case Op.Neg:
        rsubScalarLoop(mem, d, a * BLOCK, 0, n);
        break;
      case Op.AddS:
        addScalarLoop(mem, d, a * BLOCK, S[b], n);
        break;
      case Op.SubS:
        addScalarLoop(mem, d, a * BLOCK, S[b] === 0 ? 0 : P - S[b], n);
        break;
      case Op.RSubS:
        rsubScalarLoop(mem, d, a * BLOCK, S[b], n);
        break;
      case Op.MulS:
        K.scale(base + 4 * d, base + 4 * a * BLOCK, S[b], n);
        break;
      case Op.Fold:
        foldLoop(acc[code[pc + 1]], mem, a * BLOCK, S[b], n);
        break;
      case Op.Store: {
        const t = code[pc + 1];
        storeLoop(run.stores[t], run.strides[t], b0, b, mem, a * BLOCK, n);
        break;
      }
      case Op.StoreS: {
        const t = code[pc + 1];
        const out = run.stores[t];
        const stride = run.strides[t];
        for (let i = 0, o = stride * b0 + b; i < n; i++, o += stride) out[o] = S[a];
        break;
      }
      case Op.Dot:
      case Op.DotS: {
        const sum = base + 4 * run.dot;
        const into = code[pc + 1] ? sum : sum + 4 * BLOCK;
        if (op === Op.Dot) K.mul(into, base + 4 * a * BLOCK, base + 4 * b * BLOCK, n);
        else K.scale(into, base + 4 * a * BLOCK, S[b], n);
        if (into !== sum) K.add(sum, sum, into, n);
        break;
      }
      case Op.DotEnd:
        mem.copyWithin(d, run.dot, run.dot + n);
        break;
    }
  }
}

// The loops below use branch-free int32 arithmetic on canonical values (see core/air/codegen.ts):
// a sum compared with p as a double and stored back converts through the slow double-to-uint32
// path (measured 10 ns per element against 1.5 ns).
// A module-local constant: an imported binding is a getter call per use when the module is
// loaded through a CommonJS-style transform (tsx), which made these loops 10x slower (measured).
const P = MODULUS;
const IP = 1 / P;
const EPS = 1.9073486328125e-6;

function gather(
  mem: Uint32Array,
  d: number,
  values: Uint32Array,
  width: number,
  col: number,
  rows: Uint32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) mem[d + i] = values[rows[i] * width + col];
}

function addScalarLoop(m: Uint32Array, d: number, a: number, s: number, n: number): void {
  for (let i = 0; i < n; i++) {
    let x = (m[a + i] - P + s) | 0;
    x += (x >> 31) & P;
    m[d + i] = x;
  }
}

function rsubScalarLoop(m: Uint32Array, d: number, a: number, s: number, n: number): void {
  for (let i = 0; i < n; i++) {
    let x = (s - m[a + i]) | 0;
    x += (x >> 31) & P;
    m[d + i] = x;
  }
}

/** t += s·m[a..a+n). */
function foldLoop(t: Uint32Array, m: Uint32Array, a: number, s: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = m[a + i];
    let r = (Math.imul(x, s) - Math.imul(Math.floor(x * s * IP - EPS), P) - P) | 0;
    r += (r >> 31) & P;
    let y = (t[i] - P + r) | 0;
    y += (y >> 31) & P;
    t[i] = y;
  }
}

/** out[stride·(b0 + i) + offset] = m[a + i]. */
function storeLoop(
  out: Uint32Array,
  stride: number,
  b0: number,
  offset: number,
  m: Uint32Array,
  a: number,
  n: number,
): void {
  for (let i = 0, o = stride * b0 + offset; i < n; i++, o += stride) out[o] = m[a + i];
}
