/**
 * Vector programs (vector-program.ts) compiled to WebAssembly: the same instructions, four points
 * per iteration in the four i32 lanes of a v128, every slot a v128: a cell of the call's scratch
 * block in the quotient kernel (`quotientScratchWords`), a local in the rows kernel. One module
 * per program, compiled once per process (cached by its bytes) and shared with the worker
 * threads, which instantiate it over the one heap memory, so both cores run it with no further
 * compile.
 *
 * Why: generated JavaScript has to be compiled by V8 per process and per thread, ~1 s per hot
 * chunk on a loaded machine (seconds for a CPU table), and the vector interpreter pays a call
 * and a trip through memory per instruction and block. A WebAssembly module compiles in
 * milliseconds (Liftoff; V8 tiers the hot function up in the background) and keeps an
 * instruction's values in registers.
 *
 * Arithmetic on canonical values in [0, p):
 * - a ± b: one i32x4 add/sub and a conditional correction `min_u(x, x ∓ p)` (the wrapped one is
 *   larger), as in core/field/bb_vector.wat;
 * - a·b: t = H·2^32 + L (H < 2^30), t ≡ H·(2^32 mod p) + L, the first term a Shoup product by a
 *   constant (bb_vector.wat's "mul": four extmuls per four products);
 * - a·s for a per-call scalar s: one Shoup product with s' = ⌊s·2^32/p⌋ computed once per call;
 * - folding alpha^j·C_j: the full products s·C (< p² < 2^61.8) summed in i64 lanes, and every
 *   FOLD_TERMS terms the sum S = H·2^32 + L folded to H·(2^32 mod p) + L < 2^60.01 (one
 *   extmul, no reduction mod p), which leaves room for FOLD_TERMS more below 2^64; reduced mod p
 *   once per point. The emitter counts the terms (the program is straight-line code), so the
 *   kernel tests nothing at run time. Lazy sums of products (Op.Dot) use the same lanes and
 *   folds, so one sum takes any number of terms and is reduced once.
 *
 * Two kernels: `quotient` (points in storage order, next row through the bit-reversal table,
 * folded sum out) and `rows` (trace rows, next row r + 1 mod n, `Store` targets out: the LogUp
 * denominators and multiplicities).
 */
import { P } from "../field/babybear.js";
import { Bytes, encodeModule, type FunctionDef, I32, Opc, Simd, V128 } from "../wasm/encoder.js";
import { Op, type VectorProgram } from "./vector-program.js";

/** Matrix widths the program reads (base columns; aux counts 4 per extension column). */
export interface ProgramShape {
  mainWidth: number;
  prepWidth: number;
  auxWidth: number;
}

/** Parameters of `quotient` (all i32; pointers are byte offsets into the heap). */
export const QUOTIENT_PARAMS = [
  "k0",
  "k1",
  "main",
  "prep",
  "aux",
  "rev",
  "mask",
  "step",
  "sf",
  "sl",
  "st",
  "scal",
  "out",
  "scr",
] as const;

/** Parameters of `rows`. */
export const ROWS_PARAMS = [
  "from",
  "to",
  "n",
  "main",
  "prep",
  "sf",
  "sl",
  "st",
  "scal",
  "store0",
  "store1",
] as const;

/**
 * Fold terms (each < (p − 1)²) an accumulator takes between two FOLDs: from below 2^60.01,
 * 2^60.01 + 4·(p − 1)² < 2^63.92.
 */
const FOLD_TERMS = 4;

const HI = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31]; // high u32 of each u64
const LO = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27]; // low u32 of each u64

/** Builds one function's body with named locals. */
class FnWriter {
  readonly b = new Bytes();
  private readonly names = new Map<string, number>();
  private readonly groups: [number, number][] = [];
  private next: number;

  constructor(params: readonly string[]) {
    params.forEach((p, i) => this.name(p, i));
    this.next = params.length;
  }

  /** Declares `count` locals of `type` named `${prefix}${i}`; returns the first index. */
  declare(prefix: string, count: number, type: number): number {
    const first = this.next;
    for (let i = 0; i < count; i++) this.name(`${prefix}${i}`, this.next++);
    if (count > 0) this.groups.push([count, type]);
    return first;
  }

  private name(name: string, index: number): void {
    if (this.names.has(name)) throw new Error(`wasm-program: local ${name} declared twice`);
    this.names.set(name, index);
  }

  /** Declares one local named `name`. */
  local(name: string, type: number): number {
    const i = this.next++;
    this.name(name, i);
    this.groups.push([1, type]);
    return i;
  }

  idx(name: string): number {
    const i = this.names.get(name);
    if (i === undefined) throw new Error(`wasm-program: no local ${name}`);
    return i;
  }

  get(n: string | number): this {
    this.b.byte(Opc.LocalGet).u32(typeof n === "number" ? n : this.idx(n));
    return this;
  }
  set(n: string | number): this {
    this.b.byte(Opc.LocalSet).u32(typeof n === "number" ? n : this.idx(n));
    return this;
  }
  tee(n: string | number): this {
    this.b.byte(Opc.LocalTee).u32(typeof n === "number" ? n : this.idx(n));
    return this;
  }
  op(o: number): this {
    this.b.byte(o);
    return this;
  }
  i32(v: number): this {
    this.b.byte(Opc.I32Const).s32(v);
    return this;
  }
  simd(o: number): this {
    this.b.byte(0xfd).u32(o);
    return this;
  }
  /** A SIMD memory op with its memarg (log2 alignment, static offset). */
  mem(o: number, align: number, offset: number, lane?: number): this {
    this.simd(o).b.u32(align).u32(offset);
    if (lane !== undefined) this.b.byte(lane);
    return this;
  }
  i32load(offset: number): this {
    this.b.byte(Opc.I32Load).u32(2).u32(offset);
    return this;
  }
  i32store(offset: number): this {
    this.b.byte(Opc.I32Store).u32(2).u32(offset);
    return this;
  }
  shuffleHi(): this {
    this.simd(Simd.Shuffle).b.bytes(HI);
    return this;
  }
  shuffleLo(): this {
    this.simd(Simd.Shuffle).b.bytes(LO);
    return this;
  }
  /** A v128 constant of four i32 lanes. */
  constLanes(lanes: readonly number[]): this {
    this.simd(Simd.Const);
    for (const v of lanes)
      this.b
        .byte(v & 255)
        .byte((v >>> 8) & 255)
        .byte((v >>> 16) & 255)
        .byte(v >>> 24);
    return this;
  }
  splatConst(v: number): this {
    return this.constLanes([v, v, v, v]);
  }

  def(name: string, params: number): FunctionDef {
    return { name, params, locals: this.groups, body: this.b.result() };
  }
}

/** 2^32 mod p and its Shoup companion ⌊(2^32 mod p)·2^32/p⌋ (bb_vector.wat). */
const C32 = 268435454;
const C32S = 572662301;

/**
 * The Shoup companion ⌊s·2^32/p⌋ of a canonical s, exactly, in doubles: two long-division steps
 * by 2^16 (every intermediate below 2^47).
 */
export function shoupCompanion(s: number): number {
  const x1 = s * 65536;
  let q1 = Math.floor(x1 / P);
  while (q1 * P > x1) q1--;
  while ((q1 + 1) * P <= x1) q1++;
  const x2 = (x1 - q1 * P) * 65536;
  let q2 = Math.floor(x2 / P);
  while (q2 * P > x2) q2--;
  while ((q2 + 1) * P <= x2) q2++;
  return q1 * 65536 + q2;
}

/**
 * Slots of the quotient kernel live in a scratch block of the call (`scr`, 16 bytes per slot),
 * not in v128 locals. Why: TurboFan schedules a straight-line function's pure operations
 * freely, so the locals of a thousand-instruction program lived across most of it and the
 * register allocator spilled nearly every value (the CPU table's kernel was half stack moves).
 * A slot is read by a load and written by a store, which TurboFan keeps in program order, so
 * each instruction's arithmetic stays between its operands' loads and its result's store, in
 * registers (measured, one thread, the CPU table: 1548 → 936 ns per point; every built-in
 * table's quotient as fast or faster). The fold accumulators and the lazy sum stay locals. The
 * fingerprint (`rows`) kernel keeps its slots in locals: measured faster there (its programs
 * are stores of short sums).
 */
export function quotientScratchWords(prog: VectorProgram): number {
  // Rounded to 64 bytes: blocks are packed back to back and run on different threads.
  return Math.ceil((4 * prog.slots) / 16) * 16;
}

/** The emitter of one program's straight-line body (shared by both kernels). */
class Body {
  /** Terms each fold accumulator took since its last FOLD (see FOLD_TERMS). */
  private readonly folded = [0, 0, 0, 0];
  /** Terms the lazy sum (da, db) took since it started or was last folded. */
  private dotTerms = 0;

  /**
   * @param slotLocal0 the slots: v128 locals from this index on, or (undefined) the scratch
   * block at local `scr` (see `quotientScratchWords`)
   */
  constructor(
    readonly w: FnWriter,
    readonly prog: VectorProgram,
    readonly nS: number,
    readonly slotLocal0: number | undefined,
  ) {}

  /** Pushes slot `s`. */
  load(s: number): this {
    if (this.slotLocal0 !== undefined) this.w.get(this.slotLocal0 + s);
    else this.w.get("scr").mem(Simd.Load, 4, 16 * s);
    return this;
  }

  /** Pops the v128 on the stack into slot `s`. */
  store(s: number): void {
    if (this.slotLocal0 !== undefined) this.w.set(this.slotLocal0 + s);
    else
      this.w
        .set("tV")
        .get("scr")
        .get("tV")
        .mem(Simd.Store, 4, 16 * s);
  }

  /**
   * Accumulator c's sums S = H·2^32 + L (i64 lanes fa_c: points 0, 1; fb_c: 2, 3) replaced by
   * H·(2^32 mod p) + L < 2^60.01, which is congruent mod p.
   */
  foldAccumulator(c: number): void {
    this.foldSum(`fa${c}`, `fb${c}`);
    this.folded[c] = 0;
  }

  /** The i64-lane sums in locals `a` (points 0, 1) and `b` (2, 3) replaced as above. */
  private foldSum(a: string, b: string): void {
    const w = this.w;
    w.get(a).get(b).shuffleHi().set("tH");
    for (const [ext, acc] of [
      [Simd.I64x2ExtmulLowU, a],
      [Simd.I64x2ExtmulHighU, b],
    ] as const) {
      w.get("tH").get("vc").simd(ext);
      w.get(acc).get("vlo").simd(Simd.V128And).simd(Simd.I64x2Add).set(acc);
    }
  }

  /** Pushes splat(scalar table `t` entry i): t = 0 value, 1 Shoup companion. */
  scalar(i: number, t: number): void {
    this.w.get("scal").mem(Simd.Load32Splat, 2, 4 * (t * this.nS + i));
  }

  /** Conditional subtraction of p from the v128 on the stack (via local `tmp`). */
  reduceOnce(tmp: string): void {
    const w = this.w;
    w.tee(tmp).get(tmp).get("vp").simd(Simd.I32x4Sub).simd(Simd.I32x4MinU);
  }

  /** Four gathered values of column `col` at the rows whose byte offsets are in `${base}0..3`. */
  gather(base: string, col: number): void {
    const w = this.w;
    w.get(`${base}3`).get(`${base}2`).get(`${base}1`).get(`${base}0`);
    w.mem(Simd.Load32Zero, 2, 4 * col);
    w.mem(Simd.Load32Lane, 2, 4 * col, 1);
    w.mem(Simd.Load32Lane, 2, 4 * col, 2);
    w.mem(Simd.Load32Lane, 2, 4 * col, 3);
  }

  /** Pushes x·y for slots x, y (bb_vector.wat's "mul"). */
  mulVV(x: number, y: number): void {
    const w = this.w;
    this.load(x).w.set("tX");
    this.load(y).w.set("tY");
    w.get("tX").get("tY").simd(Simd.I64x2ExtmulLowU);
    w.get("tX").get("tY").simd(Simd.I64x2ExtmulHighU).shuffleHi().set("tH");
    this.reduceWide(() => w.get("tX").get("tY").simd(Simd.I32x4Mul));
  }

  /**
   * Pushes (H·2^32 + L) mod p per lane, H (any u32) in local tH and `low` pushing L (any u32):
   * 2^32 ≡ C32, H·C32 a Shoup product in [0, 2p), then L and the sum brought below p.
   */
  reduceWide(low: () => void): void {
    const w = this.w;
    w.get("tH").get("vcs").simd(Simd.I64x2ExtmulLowU);
    w.get("tH").get("vcs").simd(Simd.I64x2ExtmulHighU).shuffleHi().set("tQ");
    w.get("tH").get("vc").simd(Simd.I32x4Mul).get("tQ").get("vp").simd(Simd.I32x4Mul);
    w.simd(Simd.I32x4Sub);
    this.reduceOnce("tR");
    low();
    this.reduceOnce("tL");
    w.simd(Simd.I32x4Add);
    this.reduceOnce("tR");
    this.reduceOnce("tR");
  }

  /**
   * A lazy sum's term (Dot, DotS): the 64-bit products of lanes 0–1 and 2–3 of x (local tX)
   * and the v128 `y` pushes into (or, for the first term, as) the sum's halves `da` and `db`.
   * Every FOLD_TERMS terms the sum is folded below 2^60.01 as the fold accumulators are, so a
   * sum takes any number of terms.
   */
  dotTerm(first: boolean, y: () => void): void {
    const w = this.w;
    if (first) this.dotTerms = 0;
    else if (this.dotTerms === FOLD_TERMS) {
      this.foldSum("da", "db");
      this.dotTerms = 0;
    }
    for (const [ext, acc] of [
      [Simd.I64x2ExtmulLowU, "da"],
      [Simd.I64x2ExtmulHighU, "db"],
    ] as const) {
      if (!first) w.get(acc);
      w.get("tX");
      y();
      w.simd(ext);
      if (!first) w.simd(Simd.I64x2Add);
      w.set(acc);
    }
    this.dotTerms++;
  }

  /** Pushes x·s for slot x (Shoup product by scalar s). */
  mulVS(x: number, s: number): void {
    const w = this.w;
    this.load(x).w.set("tX");
    this.scalar(s, 1);
    w.set("tS");
    w.get("tX").get("tS").simd(Simd.I64x2ExtmulLowU);
    w.get("tX").get("tS").simd(Simd.I64x2ExtmulHighU).shuffleHi().set("tQ");
    w.get("tX");
    this.scalar(s, 0);
    w.simd(Simd.I32x4Mul).get("tQ").get("vp").simd(Simd.I32x4Mul).simd(Simd.I32x4Sub);
    this.reduceOnce("tR");
  }

  /** The instruction at `pc` (gathers read the row offsets the kernel computed per lane). */
  emit(pc: number): void {
    const { w, prog } = this;
    const code = prog.code;
    const op = code[pc] as Op;
    const dst = code[pc + 1];
    const a = code[pc + 2];
    const bb = code[pc + 3];
    switch (op) {
      case Op.Main:
        this.gather(bb ? "mn" : "mo", a);
        return this.store(dst);
      case Op.Prep:
        this.gather(bb ? "qn" : "qo", a);
        return this.store(dst);
      case Op.Aux:
        this.gather(bb ? "xn" : "xo", a);
        return this.store(dst);
      case Op.Sel:
        w.get(a === 0 ? "sf" : a === 1 ? "sl" : "st")
          .get("kb")
          .op(Opc.I32Add)
          .mem(Simd.Load, 2, 0);
        return this.store(dst);
      case Op.Add:
        this.load(a).load(bb).w.simd(Simd.I32x4Add);
        this.reduceOnce("tR");
        return this.store(dst);
      case Op.AddS:
        this.load(a).scalar(bb, 0);
        w.simd(Simd.I32x4Add);
        this.reduceOnce("tR");
        return this.store(dst);
      case Op.Sub:
        this.load(a).load(bb).w.simd(Simd.I32x4Sub);
        this.addBack();
        return this.store(dst);
      case Op.SubS:
        this.load(a).scalar(bb, 0);
        w.simd(Simd.I32x4Sub);
        this.addBack();
        return this.store(dst);
      case Op.RSubS:
        this.scalar(bb, 0);
        this.load(a).w.simd(Simd.I32x4Sub);
        this.addBack();
        return this.store(dst);
      case Op.Neg:
        w.splatConst(0);
        this.load(a).w.simd(Simd.I32x4Sub);
        this.addBack();
        return this.store(dst);
      case Op.Mul:
        this.mulVV(a, bb);
        return this.store(dst);
      case Op.MulS:
        this.mulVS(a, bb);
        return this.store(dst);
      case Op.Fold: {
        // acc_dst += s·x in i64 lanes (points 0, 1 in fa; 2, 3 in fb), folded every FOLD_TERMS.
        if (this.folded[dst] === FOLD_TERMS) this.foldAccumulator(dst);
        this.scalar(bb, 0);
        w.set("tS");
        this.load(a).w.set("tX");
        for (const [ext, acc] of [
          [Simd.I64x2ExtmulLowU, `fa${dst}`],
          [Simd.I64x2ExtmulHighU, `fb${dst}`],
        ] as const) {
          w.get(acc).get("tX").get("tS").simd(ext).simd(Simd.I64x2Add).set(acc);
        }
        this.folded[dst]++;
        return;
      }
      case Op.Dot:
        this.load(a).w.set("tX");
        this.load(bb).w.set("tY");
        this.dotTerm(dst === 1, () => w.get("tY"));
        return;
      case Op.DotS:
        this.scalar(bb, 0);
        w.set("tS");
        this.load(a).w.set("tX");
        this.dotTerm(dst === 1, () => w.get("tS"));
        return;
      case Op.DotEnd:
        w.get("da").get("db").shuffleHi().set("tH");
        this.reduceWide(() => w.get("da").get("db").shuffleLo());
        return this.store(dst);
      case Op.Store:
      case Op.StoreS: {
        // out_t[stride_t·row + offset] per lane; `so${t}_${lane}` = out_t + 4·stride_t·row.
        if (op === Op.Store) this.load(a).w.set("tX");
        else {
          this.scalar(a, 0);
          w.set("tX");
        }
        for (let lane = 0; lane < 4; lane++) {
          w.get(`so${dst}_${lane}`).get("tX");
          w.mem(Simd.Store32Lane, 2, 4 * bb, lane);
        }
        return;
      }
    }
  }

  /** Conditional addition of p to the difference on the stack. */
  addBack(): void {
    this.w.tee("tR").get("tR").get("vp").simd(Simd.I32x4Add).simd(Simd.I32x4MinU);
  }
}

interface Usage {
  main: [boolean, boolean];
  prep: [boolean, boolean];
  aux: [boolean, boolean];
  stores: Set<number>;
}

function usage(prog: VectorProgram): Usage {
  const u: Usage = {
    main: [false, false],
    prep: [false, false],
    aux: [false, false],
    stores: new Set(),
  };
  const code = prog.code;
  for (let pc = 0; pc < code.length; pc += 4) {
    const op = code[pc] as Op;
    const next = code[pc + 3] ? 1 : 0;
    if (op === Op.Main) u.main[next] = true;
    else if (op === Op.Prep) u.prep[next] = true;
    else if (op === Op.Aux) u.aux[next] = true;
    else if (op === Op.Store || op === Op.StoreS) u.stores.add(code[pc + 1]);
  }
  return u;
}

/** Common locals: temporaries and the constants p, 2^32 mod p and its companion. */
function declareCommon(w: FnWriter): void {
  w.local("k", I32);
  w.local("kb", I32);
  for (const m of ["mo", "mn", "qo", "qn", "xo", "xn"]) w.declare(m, 4, I32);
  for (const t of [
    "vp",
    "vc",
    "vcs",
    "vlo",
    "tH",
    "tQ",
    "tR",
    "tL",
    "tS",
    "tV",
    "tX",
    "tY",
    "da",
    "db",
  ])
    w.local(t, V128);
}

function initConstants(w: FnWriter): void {
  w.splatConst(P).set("vp");
  w.splatConst(C32).set("vc");
  w.splatConst(C32S).set("vcs");
  w.constLanes([-1, 0, -1, 0]).set("vlo"); // the low 32 bits of each i64 lane
}

/** `${base}i = ptr + row_i·4·width` for the four lanes (rows in locals `${rows}0..3`). */
function rowOffsets(w: FnWriter, base: string, ptr: string, rows: string, width: number): void {
  for (let i = 0; i < 4; i++) {
    w.get(ptr)
      .get(`${rows}${i}`)
      .i32(4 * width)
      .op(Opc.I32Mul)
      .op(Opc.I32Add)
      .set(`${base}${i}`);
  }
}

/** `for (k = from; k < to; k += 4) { body }`, with kb = 4k. */
function loop4(w: FnWriter, from: string, to: string, body: () => void): void {
  w.get(from).set("k");
  w.op(Opc.Block).op(0x40).op(Opc.Loop).op(0x40);
  w.get("k").get(to).op(Opc.I32GeU).op(Opc.BrIf).b.u32(1);
  w.get("k").i32(2).op(0x74 /* i32.shl */).set("kb");
  body();
  w.get("k").i32(4).op(Opc.I32Add).set("k");
  w.op(Opc.Br).b.u32(0);
  w.op(Opc.End).op(Opc.End);
}

/**
 * The `quotient` kernel: for storage indices k in [k0, k1) (a multiple of 4 apart, k0 a
 * multiple of 4), out[16k .. 16k + 16) = Σ_j alpha^j·C_j at point k (interleaved ext), with
 * the scalar block of `quotientScalars` at `scal`.
 */
function quotientFunction(prog: VectorProgram, shape: ProgramShape): FunctionDef {
  const u = usage(prog);
  const w = new FnWriter(QUOTIENT_PARAMS);
  declareCommon(w);
  w.declare("r", 4, I32);
  w.declare("rn", 4, I32);
  w.declare("fa", 4, V128);
  w.declare("fb", 4, V128);
  initConstants(w);
  const nS = prog.scalars.length;
  const body = new Body(w, prog, nS, undefined);
  loop4(w, "k0", "k1", () => {
    for (let i = 0; i < 4; i++) {
      w.get("k").i32(i).op(Opc.I32Add).set(`r${i}`);
      // rn = rev[(rev[r] + step) & mask]
      w.get("rev");
      w.get("rev").get(`r${i}`).i32(2).op(0x74).op(Opc.I32Add).i32load(0);
      w.get("step").op(Opc.I32Add).get("mask").op(Opc.I32And).i32(2).op(0x74).op(Opc.I32Add);
      w.i32load(0).set(`rn${i}`);
    }
    if (u.main[0]) rowOffsets(w, "mo", "main", "r", shape.mainWidth);
    if (u.main[1]) rowOffsets(w, "mn", "main", "rn", shape.mainWidth);
    if (u.prep[0]) rowOffsets(w, "qo", "prep", "r", shape.prepWidth);
    if (u.prep[1]) rowOffsets(w, "qn", "prep", "rn", shape.prepWidth);
    if (u.aux[0]) rowOffsets(w, "xo", "aux", "r", shape.auxWidth);
    if (u.aux[1]) rowOffsets(w, "xn", "aux", "rn", shape.auxWidth);
    for (let c = 0; c < 4; c++) w.splatConst(0).set(`fa${c}`).splatConst(0).set(`fb${c}`);
    for (let pc = 0; pc < prog.code.length; pc += 4) {
      body.emit(pc);
    }
    // out[16k + 4·lane + c] = (S + constant_c) mod p, S folded below 2^60.01 first
    for (let c = 0; c < 4; c++) {
      body.foldAccumulator(c);
      for (let lane = 0; lane < 4; lane++) {
        w.get("out").get("kb").i32(2).op(0x74).op(Opc.I32Add); // address 16k
        w.get(lane < 2 ? `fa${c}` : `fb${c}`)
          .simd(Simd.I64x2ExtractLane)
          .b.byte(lane & 1);
        w.get("scal")
          .i32load(4 * (2 * nS + c))
          .op(Opc.I64ExtendI32U)
          .op(Opc.I64Add);
        w.b.byte(Opc.I64Const).s32(P);
        w.op(Opc.I64RemU).op(Opc.I32WrapI64);
        w.i32store(16 * lane + 4 * c);
      }
    }
  });
  return w.def("quotient", QUOTIENT_PARAMS.length);
}

/**
 * The `rows` kernel: for rows r in [r0, r1) (r0 a multiple of 4, r1 − r0 too) of an n-row
 * trace (the next row of n − 1 is 0), runs the program's stores into `store0` / `store1`
 * (strides `strides[t]` words per row).
 */
function rowsFunction(prog: VectorProgram, shape: ProgramShape, strides: number[]): FunctionDef {
  const u = usage(prog);
  const w = new FnWriter(ROWS_PARAMS);
  declareCommon(w);
  w.declare("r", 4, I32);
  w.declare("rn", 4, I32);
  for (const t of u.stores) w.declare(`so${t}_`, 4, I32);
  initConstants(w);
  const slots = w.declare("slot", prog.slots, V128);
  const body = new Body(w, prog, prog.scalars.length, slots);
  loop4(w, "from", "to", () => {
    for (let i = 0; i < 4; i++) {
      w.get("k").i32(i).op(Opc.I32Add).tee(`r${i}`).i32(1).op(Opc.I32Add).set(`rn${i}`);
      // rn = r + 1 == n ? 0 : r + 1 (select(a, b, c) is c ? a : b)
      w.i32(0).get(`rn${i}`).get(`rn${i}`).get("n").op(Opc.I32Eq).op(Opc.Select).set(`rn${i}`);
    }
    if (u.main[0]) rowOffsets(w, "mo", "main", "r", shape.mainWidth);
    if (u.main[1]) rowOffsets(w, "mn", "main", "rn", shape.mainWidth);
    if (u.prep[0]) rowOffsets(w, "qo", "prep", "r", shape.prepWidth);
    if (u.prep[1]) rowOffsets(w, "qn", "prep", "rn", shape.prepWidth);
    for (const t of u.stores) rowOffsets(w, `so${t}_`, `store${t}`, "r", strides[t]);
    for (let pc = 0; pc < prog.code.length; pc += 4) body.emit(pc);
  });
  return w.def("rows", ROWS_PARAMS.length);
}

/** The module of a quotient program (exports `quotient`). */
export function quotientModuleBytes(prog: VectorProgram, shape: ProgramShape): Uint8Array {
  return encodeModule([quotientFunction(prog, shape)]);
}

/** The module of a fingerprint program (exports `rows`). */
export function rowsModuleBytes(
  prog: VectorProgram,
  shape: ProgramShape,
  strides: number[],
): Uint8Array {
  return encodeModule([rowsFunction(prog, shape, strides)]);
}

/**
 * The scalar block a kernel reads at `scal`: values and their Shoup companions (nS words
 * each), then the four constant fold coefficients.
 */
export function scalarBlock(
  values: Uint32Array,
  constFolds: readonly number[],
  out: Uint32Array,
): void {
  const nS = values.length;
  for (let i = 0; i < nS; i++) {
    out[i] = values[i];
    out[nS + i] = shoupCompanion(values[i]);
  }
  for (let c = 0; c < 4; c++) out[2 * nS + c] = constFolds[c] ?? 0;
}

/** Words of the scalar block of a program with `nS` scalars. */
export function scalarBlockWords(nS: number): number {
  return 2 * nS + 4;
}
