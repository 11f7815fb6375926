/**
 * 1/(x − z) for many base-field points x and one extension point z, with base-field inversions.
 *
 * The minimal polynomial m(X) = Π_k (X − φ^k(z)) of z (φ the Frobenius) has base coefficients,
 * so m(x) is a base value for base x, and m(X) = (X − z)·q(X) with q = m/(X − z) gives
 *     1/(x − z) = q(x) / m(x).
 * That turns an extension batch inversion (3 extension products per element) into a base one
 * (SIMD kernel) plus two short Horner evaluations.
 */
import { GENERATOR, add, inv, mul, pow, twoAdicGenerator } from "../field/babybear.js";
import { type Ext, ZERO, add4, frobenius, mul4, neg4 } from "../field/extension.js";
import { isHeapView } from "../field/matrix.js";
import { batchInverseVec } from "../field/vector.js";
import { heap } from "../wasm/heap.js";
import { extScaleBase, invDiffFinish, minPolyEval } from "./pcs-kernels.js";

/** 2^32 mod p (Montgomery form factor). */
const R = 268435454;

interface MinPoly {
  /** m(X) = X^4 + m3 X^3 + m2 X^2 + m1 X + m0, base coefficients [m0, m1, m2, m3]. */
  m: number[];
  /** q(X) = X^3 + q2 X^2 + q1 X + q0, extension coefficients [q0, q1, q2]. */
  q: Ext[];
}

function minimalPolynomial(z: Ext): MinPoly {
  // Expand Π (X − z_k) with extension coefficients (lowest degree first).
  let poly: Ext[] = [[1, 0, 0, 0]];
  const roots = [z, frobenius(z, 1), frobenius(z, 2), frobenius(z, 3)];
  for (const r of roots) {
    const next: Ext[] = new Array(poly.length + 1).fill(ZERO);
    poly.forEach((c, i) => {
      next[i + 1] = add4(next[i + 1], c);
      next[i] = add4(next[i], mul4(neg4(r), c));
    });
    poly = next;
  }
  if (poly.slice(0, 4).some((c) => c[1] | c[2] | c[3])) {
    // The product is Frobenius-invariant, so this cannot happen.
    throw new Error("denominators: internal error, minimal polynomial not over the base field");
  }
  const m = poly.slice(0, 4).map((c) => c[0]);
  // Synthetic division by (X − z): q3 = 1, q_{k−1} = m_k + z·q_k.
  const q2 = add4([m[3], 0, 0, 0], z);
  const q1 = add4([m[2], 0, 0, 0], mul4(z, q2));
  const q0 = add4([m[1], 0, 0, 0], mul4(z, q1));
  return { m, q: [q0, q1, q2] };
}

/**
 * For the points xs (base, any order): out[i] = scale_i/(xs[i] − z), interleaved ext, optionally
 * in Montgomery form (for the PCS kernels). `scale` (base, per point) defaults to 1. Runs on the
 * WebAssembly kernels on both cores; `inverseDifferencesRef` is the TypeScript reference.
 */
export function inverseDifferences(
  xs: Uint32Array,
  z: Ext,
  opts: { montgomery?: boolean; scale?: Uint32Array } = {},
): Uint32Array {
  const out = inverseDifferencesOnHeap(xs, z, opts);
  try {
    return Uint32Array.from(out);
  } finally {
    heap().free(out);
  }
}

/**
 * `inverseDifferences` into a new heap block, which the caller frees: for callers that pass it
 * on to kernels (no copy out and back in).
 */
export function inverseDifferencesOnHeap(
  xs: Uint32Array,
  z: Ext,
  opts: { montgomery?: boolean; scale?: Uint32Array } = {},
): Uint32Array {
  const n = xs.length;
  const { m, q } = minimalPolynomial(z);
  const h = heap();
  const copyXs = !isHeapView(xs);
  const x = copyXs ? h.alloc(n) : xs;
  const norms = h.alloc(n);
  const sc = opts.scale ? h.alloc(n) : undefined;
  const consts = h.alloc(16);
  const out = h.alloc(4 * n);
  try {
    if (copyXs) x.set(xs);
    if (sc) sc.set(opts.scale!);
    consts.set(m, 0);
    consts.set([...q[0], ...q[1], ...q[2]], 4);
    minPolyEval(x, norms, consts);
    batchInverseVec(norms, norms);
    // Each Montgomery product divides by R once: F = R^(2 + scaled + montgomery) undoes them.
    const f = pow(R, 2 + (sc ? 1 : 0) + (opts.montgomery ? 1 : 0));
    invDiffFinish(x, norms, sc, consts.subarray(4, 16), f, out);
    return out;
  } catch (err) {
    h.free(out);
    throw err;
  } finally {
    for (const v of [norms, consts]) h.free(v);
    if (copyXs) h.free(x);
    if (sc) h.free(sc);
  }
}

/** The TypeScript reference of `inverseDifferences`. */
export function inverseDifferencesRef(
  xs: Uint32Array,
  z: Ext,
  opts: { montgomery?: boolean; scale?: Uint32Array } = {},
): Uint32Array {
  const n = xs.length;
  const { m, q } = minimalPolynomial(z);
  const norms = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    norms[i] = add(mul(add(mul(add(mul(add(x, m[3]), x), m[2]), x), m[1]), x), m[0]);
  }
  batchInverseVec(norms, norms);
  const out = new Uint32Array(4 * n);
  const [q0, q1, q2] = q;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    let f = opts.montgomery ? mul(norms[i], R) : norms[i];
    if (opts.scale) f = mul(f, opts.scale[i]);
    // q(x) = ((x + q2)·x + q1)·x + q0, coefficient by coefficient (x is base).
    const c0 = add(mul(add(mul(add(x, q2[0]), x), q1[0]), x), q0[0]);
    const c1 = add(mul(add(mul(q2[1], x), q1[1]), x), q0[1]);
    const c2 = add(mul(add(mul(q2[2], x), q1[2]), x), q0[2]);
    const c3 = add(mul(add(mul(q2[3], x), q1[3]), x), q0[3]);
    const o = 4 * i;
    out[o] = mul(c0, f);
    out[o + 1] = mul(c1, f);
    out[o + 2] = mul(c2, f);
    out[o + 3] = mul(c3, f);
  }
  return out;
}

/**
 * The LDE points g·w_N^rev(i) of height 2^logN, in row order. Built by doubling, with
 * sequential writes and no bit reversal: for i < 2^k, rev(2^k + i) = rev(i) + 2^(logN−k−1), so
 * the second 2^k points are the first 2^k times w_N^(2^(logN−k−1)) (a loop over rev(i) with
 * scattered writes took 76–112 ms at 2^21; this one 16–32 ms, measured).
 */
export function ldePoints(logN: number, xs: Uint32Array = new Uint32Array(1 << logN)): Uint32Array {
  if (xs.length !== 1 << logN) throw new RangeError(`ldePoints: ${xs.length} words for 2^${logN}`);
  xs[0] = GENERATOR;
  for (let k = 0; k < logN; k++) {
    const c = twoAdicGenerator(k + 1); // w_N^(2^(logN−k−1))
    const half = 1 << k;
    for (let i = 0; i < half; i++) xs[half + i] = mul(xs[i], c);
  }
  return xs;
}

/**
 * The PCS opening's denominators, each computed once per opening and kept on the heap until
 * `free`: the LDE points (a shorter height's points are the first of the tallest's: the first
 * 2^k points of `ldePoints` do not depend on the height) and 1/(x − z) over them per (height,
 * point z), in Montgomery form. The opened values' barycentric weights are the first D of
 * these times x (the coset g·H_D is an LDE's first D rows), and the reduced codewords divide
 * by them whole: one inversion per (height, point) instead of one for each use.
 */
export class OpeningDenominators {
  private xs: Uint32Array | undefined;
  private readonly inverses = new Map<string, { logN: number; z: Ext; inv: Uint32Array }>();

  constructor(private readonly logMax: number) {}

  /** The LDE points of height 2^logN in row order (a heap view: do not free). */
  points(logN: number): Uint32Array {
    if (logN > this.logMax)
      throw new RangeError(`OpeningDenominators: height 2^${logN} above 2^${this.logMax}`);
    if (!this.xs) this.xs = ldePoints(this.logMax, heap().alloc(1 << this.logMax));
    return this.xs.subarray(0, 1 << logN);
  }

  /** 1/(x − z) over `points(logN)`, interleaved ext in Montgomery form (do not free). */
  inverse(logN: number, z: Ext): Uint32Array {
    const key = `${logN}:${z.join(",")}`;
    let entry = this.inverses.get(key);
    if (!entry) {
      const inv =
        this.shifted(logN, z) ??
        inverseDifferencesOnHeap(this.points(logN), z, { montgomery: true });
      this.inverses.set(key, (entry = { logN, z, inv }));
    }
    return entry.inv;
  }

  /**
   * 1/(x − z) from the cached 1/(x − z0) of a point z = z0·ω, ω = w^(2^b) generating the
   * subgroup of order 2^(logN − b) (the opening's ζ·ω_trace, b = log of the blowup): x·ω⁻¹ is
   * again an LDE point, so 1/(x − z) = ω⁻¹/(x·ω⁻¹ − z0) — z0's inverses moved (`rotateRows`)
   * and scaled, with no inversion. Undefined when no cached point relates so.
   */
  private shifted(logN: number, z: Ext): Uint32Array | undefined {
    for (const e of this.inverses.values()) {
      if (e.logN !== logN) continue;
      for (let b = 1; b <= logN; b++) {
        const omega = twoAdicGenerator(logN - b);
        if (!mul4(e.z, [omega, 0, 0, 0]).every((c, k) => c === z[k])) continue;
        const out = rotateRows(e.inv, logN, b, heap().alloc(e.inv.length));
        const scale = heap().alloc(1);
        scale[0] = mul(inv(omega), R); // Montgomery form: the product keeps out's form
        try {
          return extScaleBase(out, scale, out);
        } catch (err) {
          heap().free(out);
          throw err;
        } finally {
          heap().free(scale);
        }
      }
    }
    return undefined;
  }

  /**
   * x/(x − z) over the coset g·H_D, D = 2^logD, in the LDE's row order (the barycentric
   * weights up to sign), canonical, in a new heap block the caller frees; from the inverses
   * at the LDE height 2^(logD + logBlowup).
   */
  cosetWeights(logD: number, logBlowup: number, z: Ext): Uint32Array {
    const d = 1 << logD;
    const inv = this.inverse(logD + logBlowup, z).subarray(0, 4 * d);
    return extScaleBase(inv, this.points(logD), heap().alloc(4 * d));
  }

  free(): void {
    for (const { inv } of this.inverses.values()) heap().free(inv);
    this.inverses.clear();
    if (this.xs) heap().free(this.xs);
    this.xs = undefined;
  }
}

/**
 * out[j] = v[j'] for the LDE row j' whose point is row j's times ω⁻¹, ω = w^(2^b) (ext rows, 4
 * words each, 2^logN of them). With j = top·M + k (M = 2^(logN − b), top the high b bits, which
 * ω does not touch), x_j = g·w^(rev(k)·2^b + rev(top)), so j' keeps top and has
 * rev(rev(k) − 1): for k in [2^h, 2^(h+1)) that is k + M − 3·2^h (the bits above h flip), and M − 1
 * for k = 0 — contiguous blocks, copied as such.
 */
export function rotateRows(v: Uint32Array, logN: number, b: number, out: Uint32Array): Uint32Array {
  const M = 1 << (logN - b);
  for (let base = 0; base < 1 << logN; base += M) {
    out.set(v.subarray(4 * (base + M - 1), 4 * (base + M)), 4 * base);
    for (let h = 1; h < M; h *= 2) {
      out.set(v.subarray(4 * (base + M - 2 * h), 4 * (base + M - h)), 4 * (base + h));
    }
  }
  return out;
}
