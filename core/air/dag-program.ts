/**
 * DAG programs: an expression DAG encoded node for node (one instruction each, in topological
 * order) and run over blocks of points by one fixed WebAssembly kernel (dag_eval.wat).
 *
 * This is the small tables' evaluator. Encoding is a single pass with no optimization and no
 * code generated per AIR, so a fresh process pays almost nothing before the first point: the
 * tuned paths (vector programs, generated kernels) cost ~4 µs per instruction to lower in a
 * fresh process — 35–60 ms for each coprocessor's AIR, most of whose tables are a few rows of
 * padding — and win only over thousands of points. Every node gets its own slot (an extension
 * node four), so a block's arena is slots × block words; the block shrinks to keep it bounded.
 */
import { mul as mulBase } from "../field/babybear.js";
import { isHeapView } from "../field/matrix.js";
import { heap } from "../wasm/heap.js";
import { registerKernel } from "../wasm/pool.js";
import { wasmBase64 } from "../wasm/generated/dag_eval.js";
import { type Expr, NodeNumbers } from "./expr.js";
import { type ScalarInputs, type ScalarOp, scalarValues } from "./vector-program.js";

/** Instructions of dag_eval.wat: [op | A_EXT | B_EXT, d, a, b]. */
export const enum DagOp {
  Load, // d, column, matrix (0 main, 1 preprocessed, 2 aux) | next << 2
  Sel, // d, which (0 first, 1 last, 2 transition)
  Scalar, // d, scalar index
  Add, // d, a, b
  Sub, // d, a, b
  Mul, // d, a, b
  Neg, // d, a
  Fold, // scratch (8 slots), a, scalar index of the weight's coefficient 0 (acc = slots 0..3)
  Store, // output, a, word offset in the output's row
}
const A_EXT = 0x100;
const B_EXT = 0x200;

/** An encoded DAG and the per-call scalars its Scalar and Fold instructions read. */
export interface DagProgram {
  code: Uint32Array;
  slots: number;
  scalars: ScalarOp[];
}

/** A value's place: its first slot, and whether it is an extension value (four slots). */
export interface DagVal {
  slot: number;
  ext: boolean;
}

/** Builds a DAG program: nodes are encoded on first use, children first. */
export class DagEncoder {
  private code = new Uint32Array(1024);
  private length = 0;
  private readonly scalars: ScalarOp[] = [];
  private readonly constants = new Map<number, number>();
  /** Slot + 1 of each node encoded so far (0: not yet). */
  private readonly slotOf: NodeNumbers;
  private nextSlot: number;

  /**
   * `reserved` slots come first (the quotient's accumulator and fold scratch); `numbers` is the
   * node numbering's scratch (a parameter for tests of both its kinds).
   */
  constructor(reserved = 0, numbers = new NodeNumbers()) {
    this.nextSlot = reserved;
    this.slotOf = numbers;
  }

  /** Encodes every node reachable from `roots` (once); returns where each root is. */
  nodes(roots: readonly Expr[]): DagVal[] {
    // Post-order by an explicit stack (a chain of thousands of additions must not overflow
    // the call stack); a node is encoded once both operands are.
    const stack: Expr[] = [];
    for (const root of roots) {
      stack.push(root);
      while (stack.length > 0) {
        const e = stack[stack.length - 1];
        if (this.slotOf.get(e) !== 0) {
          stack.pop();
          continue;
        }
        const a = e.a !== null && this.slotOf.get(e.a) === 0 ? e.a : null;
        const b = e.b !== null && this.slotOf.get(e.b) === 0 ? e.b : null;
        if (a !== null) stack.push(a);
        if (b !== null) stack.push(b);
        if (a === null && b === null) {
          stack.pop();
          this.slotOf.set(e, this.node(e).slot + 1);
        }
      }
    }
    return roots.map((r) => this.at(r));
  }

  /** Where an encoded node is. */
  private at(e: Expr): DagVal {
    return { slot: this.slotOf.get(e) - 1, ext: e.ext };
  }

  /** A new slot (four for an extension value). */
  alloc(ext: boolean): DagVal {
    const v = { slot: this.nextSlot, ext };
    this.nextSlot += ext ? 4 : 1;
    return v;
  }

  /** Index of a per-call scalar (constants shared). */
  scalar(s: ScalarOp): number {
    if (s.op === "const") {
      const known = this.constants.get(s.v);
      if (known !== undefined) return known;
      this.constants.set(s.v, this.scalars.length);
    }
    this.scalars.push(s);
    return this.scalars.length - 1;
  }

  /** A per-call scalar broadcast into a fresh slot (four scalars for an extension value). */
  scalarVal(parts: ScalarOp[]): DagVal {
    const v = this.alloc(parts.length === 4);
    for (let c = 0; c < parts.length; c++)
      this.emit(DagOp.Scalar, v.slot + c, this.scalar(parts[c]), 0);
    return v;
  }

  /** `op` on a and b (b ignored by Neg) into a fresh slot. */
  binary(op: DagOp.Add | DagOp.Sub | DagOp.Mul | DagOp.Neg, a: DagVal, b: DagVal = a): DagVal {
    const v = this.alloc(a.ext || (op !== DagOp.Neg && b.ext));
    const flags = (a.ext ? A_EXT : 0) | (b.ext && op !== DagOp.Neg ? B_EXT : 0);
    this.emit(op | flags, v.slot, a.slot, b.slot);
    return v;
  }

  emit(op: number, d: number, a: number, b: number): void {
    if (this.length + 4 > this.code.length) {
      const grown = new Uint32Array(2 * this.code.length);
      grown.set(this.code);
      this.code = grown;
    }
    const c = this.code;
    c[this.length] = op;
    c[this.length + 1] = d;
    c[this.length + 2] = a;
    c[this.length + 3] = b;
    this.length += 4;
  }

  finish(): DagProgram {
    return { code: this.code.slice(0, this.length), slots: this.nextSlot, scalars: this.scalars };
  }

  private node(e: Expr): DagVal {
    switch (e.op) {
      case "const":
        return this.scalarVal([{ op: "const", v: e.index }]);
      case "public":
        return this.scalarVal([{ op: "public", i: e.index }]);
      case "chal": {
        const name = e.tag as "z" | "finalSum" | "beta";
        return this.scalarVal(
          [0, 1, 2, 3].map((coef) => ({ op: "chal", name, power: e.index, coef })),
        );
      }
      case "main":
      case "prep":
      case "aux": {
        const v = this.alloc(e.op === "aux");
        const matrix = (e.op === "main" ? 0 : e.op === "prep" ? 1 : 2) | (e.next ? 4 : 0);
        const col = e.op === "aux" ? 4 * e.index : e.index;
        for (let c = 0; c < (v.ext ? 4 : 1); c++)
          this.emit(DagOp.Load, v.slot + c, col + c, matrix);
        return v;
      }
      case "sel": {
        const v = this.alloc(false);
        this.emit(DagOp.Sel, v.slot, e.tag === "first" ? 0 : e.tag === "last" ? 1 : 2, 0);
        return v;
      }
      case "add":
        return this.binary(DagOp.Add, this.at(e.a!), this.at(e.b!));
      case "sub":
        return this.binary(DagOp.Sub, this.at(e.a!), this.at(e.b!));
      case "mul":
        return this.binary(DagOp.Mul, this.at(e.a!), this.at(e.b!));
      case "neg":
        return this.binary(DagOp.Neg, this.at(e.a!));
    }
  }
}

/** A matrix read by the kernel: rows of `width` words. */
export interface DagMatrix {
  values: Uint32Array;
  width: number;
}

/** One call's inputs and where its block results go. */
export interface DagRun {
  main: DagMatrix;
  preprocessed?: DagMatrix;
  aux?: DagMatrix;
  scalars: ScalarInputs;
  /** Output widths (words per point) of outputs 0 and 1. */
  outWidths: [number, number];
  /**
   * Fills a block's storage rows, next rows and selectors (plain values, 3 × B: first, last,
   * transition) for points [p0, p0 + k).
   */
  block(p0: number, k: number, rows: Uint32Array, next: Uint32Array, sel: Uint32Array): void;
  /** Takes a block's outputs (k points × outWidths[t] words each). */
  take(p0: number, k: number, out0: Uint32Array, out1: Uint32Array): void;
}

/**
 * Largest block, and the arena's bound in words: the block shrinks below it for wide DAGs, down
 * to 4 points (past 2^21 slots the arena exceeds the bound).
 */
const MAX_BLOCK = 256;
const ARENA_WORDS = 1 << 23;
/** R mod p: a plain value times it is its Montgomery form. */
const R_MOD_P = 268435454;

type DagKernel = { run(code: number, n: number, slots: number, B: number, env: number): void };

/** Runs `prog` over points [start, end). */
export function runDag(prog: DagProgram, run: DagRun, start: number, end: number): void {
  const kernel = registerKernel<DagKernel & WebAssembly.Exports>("dag_eval", wasmBase64);
  let B = MAX_BLOCK;
  while (B > 4 && prog.slots * B > ARENA_WORDS) B >>= 1;
  B = Math.min(B, Math.max(1, end - start));
  const h = heap();
  const blocks: Uint32Array[] = [];
  const block = (words: number): Uint32Array => {
    const b = h.alloc(Math.max(1, words));
    blocks.push(b);
    return b;
  };
  const onHeap = (m: DagMatrix | undefined): DagMatrix | undefined => {
    // isHeapView, not a buffer comparison: a grown memory has a new buffer object.
    if (m === undefined || isHeapView(m.values)) return m;
    const copy = block(m.values.length);
    copy.set(m.values);
    return { values: copy, width: m.width };
  };
  try {
    const S = scalarValues(prog, run.scalars);
    const scalars = block(S.length);
    for (let i = 0; i < S.length; i++) scalars[i] = mulBase(S[i], R_MOD_P);
    const code = block(prog.code.length);
    code.set(prog.code);
    const arena = block(prog.slots * B);
    const rows = block(B);
    const next = block(B);
    const sel = block(3 * B);
    const out = [block(run.outWidths[0] * B), block(run.outWidths[1] * B)];
    const env = block(16);
    const mats = [onHeap(run.main), onHeap(run.preprocessed), onHeap(run.aux)];
    mats.forEach((m, i) => {
      env[2 * i] = m ? m.values.byteOffset : 0;
      env[2 * i + 1] = m ? m.width : 0;
    });
    env.set([rows.byteOffset, next.byteOffset, sel.byteOffset, scalars.byteOffset], 6);
    env.set([out[0].byteOffset, run.outWidths[0], out[1].byteOffset, run.outWidths[1]], 10);
    for (let p0 = start; p0 < end; p0 += B) {
      const k = Math.min(B, end - p0);
      run.block(p0, k, rows, next, sel);
      env[14] = k;
      kernel.run(code.byteOffset, prog.code.length / 4, arena.byteOffset, B, env.byteOffset);
      run.take(p0, k, out[0], out[1]);
    }
  } finally {
    for (const b of blocks) h.free(b);
  }
}
