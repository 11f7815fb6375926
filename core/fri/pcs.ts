/**
 * The polynomial commitment scheme: matrices of evaluations are committed as coset LDEs in one
 * mixed-height Merkle tree per batch, and opened at extension points with one FRI proof for all
 * batches together (Plonky3's two-adic FRI PCS, in shape).
 *
 * Opening: the prover sends f(z) for every column and point and absorbs them all into the
 * transcript BEFORE the batching challenge α is drawn (so openings cannot be chosen after α).
 * Then, per LDE height, the reduced codeword
 *     R(x) = Σ_{batch, matrix, point z} α^off · (S(x) − S(z)) / (x − z),   S = Σ_col α^col f_col
 * is low-degree exactly when every claimed f(z) is right; FRI proves it, and each query opens
 * the batches' rows so the verifier recomputes R at the query point itself.
 */
import { GENERATOR, add, inv, mul, pow, sub, twoAdicGenerator } from "../field/babybear.js";
import { type Ext, ONE, ZERO, add4, getAt, inv4, mul4, mulInto, pow4, scale4, sub4 } from "../field/extension.js";
import type { Matrix } from "../field/matrix.js";
import { type MerkleTree, commitMatrices, openBatch, verifyBatch } from "../commit/index.js";
import { cosetLde } from "../poly/index.js";
import { reverseBits } from "./fold.js";
import type { FriParams } from "./params.js";
import type { FriInput, FriProof } from "./proof.js";
import { FriError } from "./proof.js";
import { proveFri } from "./prover.js";
import type { Transcript } from "./transcript.js";
import { verifyFri } from "./verifier.js";
import { batchInverseExtInto, columnDots, powersOf, rowDots } from "./reduce.js";

/** The prover's data for one committed batch. */
export interface CommittedBatch {
  /** Evaluations over the trace subgroup H (natural order), as given. */
  evals: Matrix[];
  /** Their coset LDEs (bit-reversed rows) — the Merkle tree's leaves. */
  ldes: Matrix[];
  tree: MerkleTree;
  root: Uint8Array;
}

/** What the verifier knows of a batch: its root, matrix shapes (trace heights) and points. */
export interface BatchClaim {
  root: Uint8Array;
  dims: { width: number; height: number }[];
  /** Points per matrix. */
  points: Ext[][];
  /** Claimed values [matrix][point][column]. */
  values: Ext[][][];
}

/** Per query: for each batch, the opened rows (one per matrix) and the Merkle path. */
export interface PcsQueryOpening {
  batches: { rows: Uint32Array[]; path: Uint8Array[] }[];
}

export type PcsProof = FriProof<PcsQueryOpening>;

/** Commits matrices of evaluations over subgroups (heights: powers of two). */
export function pcsCommit(evals: Matrix[], params: FriParams): CommittedBatch {
  const ldes = evals.map((m) => cosetLde(m, params.logBlowup, GENERATOR));
  const tree = commitMatrices(ldes);
  return { evals, ldes, tree, root: tree.root };
}

/** f(z) for every column of `m` (evaluations over H, natural order), by the barycentric formula. */
export function evaluateAtPoint(m: Matrix, z: Ext): Ext[] {
  const n = m.height;
  const w = twoAdicGenerator(Math.log2(n));
  // weights λ_i = w^i / (z − w^i)
  const diffs = new Uint32Array(4 * n);
  let wi = 1;
  for (let i = 0; i < n; i++) {
    diffs[4 * i] = sub(z[0], wi);
    diffs[4 * i + 1] = z[1];
    diffs[4 * i + 2] = z[2];
    diffs[4 * i + 3] = z[3];
    wi = mul(wi, w);
  }
  const weights = batchInverseExtInto(diffs);
  wi = 1;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 4; c++) weights[4 * i + c] = mul(weights[4 * i + c], wi);
    wi = mul(wi, w);
  }
  const sums = columnDots(m, weights);
  // (z^n − 1)/n
  let zn: Ext = z;
  for (let k = 0; k < Math.log2(n); k++) zn = mul4(zn, zn);
  const scale = scale4(sub4(zn, ONE), inv(n));
  const out: Ext[] = [];
  for (let c = 0; c < m.width; c++) out.push(mul4(getAt(sums, c), scale));
  return out;
}

function absorbValues(transcript: Transcript, values: Ext[][][][]): void {
  for (const batch of values) for (const mat of batch) for (const pt of mat) transcript.absorbExts("pcs-open", pt);
}

/**
 * Opens every batch's matrices at their points; returns the values (also absorbed into the
 * transcript) and the FRI proof.
 */
export function pcsOpen(
  batches: { batch: CommittedBatch; points: Ext[][] }[],
  params: FriParams,
  transcript: Transcript,
): { values: Ext[][][][]; proof: PcsProof } {
  const values = batches.map(({ batch, points }) =>
    batch.evals.map((m, mi) => points[mi].map((z) => evaluateAtPoint(m, z))),
  );
  absorbValues(transcript, values);
  const alpha = transcript.sampleExt();
  const reduced = new Map<number, Uint32Array>();
  let off = 0;
  const invCache = new Map<string, Uint32Array>();
  batches.forEach(({ batch, points }, bi) => {
    batch.ldes.forEach((lde, mi) => {
      const logN = Math.log2(lde.height);
      let acc = reduced.get(logN);
      if (!acc) reduced.set(logN, (acc = new Uint32Array(4 * lde.height)));
      const s = rowDots(lde, powersOf(alpha, lde.width));
      points[mi].forEach((z, pi) => {
        const key = `${logN}:${z.join(",")}`;
        let invs = invCache.get(key);
        if (!invs) invCache.set(key, (invs = inverseDenominators(logN, z)));
        const sz = combine(values[bi][mi][pi], alpha);
        accumulateQuotient(acc!, s, sz, invs, pow4(alpha, off));
        off += lde.width;
      });
    });
  });
  const inputs: FriInput[] = [...reduced.entries()].map(([logHeight, codeword]) => ({ logHeight, codeword }));
  const logMax = Math.max(...inputs.map((i) => i.logHeight));
  const proof = proveFri(params, inputs, transcript, (index) => ({
    batches: batches.map(({ batch }) => {
      const logTree = Math.log2(Math.max(...batch.ldes.map((m) => m.height)));
      const { rows, path } = openBatch(batch.tree, index >>> (logMax - logTree));
      return { rows, path };
    }),
  }));
  return { values, proof };
}

/** 1/(x_i − z) for x_i = g·w_N^rev(i), the LDE points of height 2^logN, interleaved ext. */
function inverseDenominators(logN: number, z: Ext): Uint32Array {
  const n = 1 << logN;
  const w = twoAdicGenerator(logN);
  const xs = new Uint32Array(n);
  let x = GENERATOR;
  for (let j = 0; j < n; j++) {
    xs[reverseBits(j, logN)] = x;
    x = mul(x, w);
  }
  const d = new Uint32Array(4 * n);
  for (let i = 0; i < n; i++) {
    d[4 * i] = sub(xs[i], z[0]);
    d[4 * i + 1] = sub(0, z[1]);
    d[4 * i + 2] = sub(0, z[2]);
    d[4 * i + 3] = sub(0, z[3]);
  }
  return batchInverseExtInto(d);
}

/** acc_i += k · (s_i − sz) · inv_i over interleaved ext vectors. */
function accumulateQuotient(acc: Uint32Array, s: Uint32Array, sz: Ext, invs: Uint32Array, k: Ext): void {
  const tmp = new Uint32Array(4);
  const kv = Uint32Array.from(k);
  for (let o = 0; o < acc.length; o += 4) {
    for (let c = 0; c < 4; c++) tmp[c] = sub(s[o + c], sz[c]);
    mulInto(tmp, 0, tmp, 0, invs, o);
    mulInto(tmp, 0, tmp, 0, kv, 0);
    for (let c = 0; c < 4; c++) acc[o + c] = add(acc[o + c], tmp[c]);
  }
}

/** Σ_col α^col · v_col. */
function combine(vals: Ext[], alpha: Ext): Ext {
  let acc: Ext = ZERO;
  for (let c = vals.length - 1; c >= 0; c--) acc = add4(mul4(acc, alpha), vals[c]);
  return acc;
}

function validateClaims(claims: BatchClaim[], proof: PcsProof): void {
  for (const [bi, c] of claims.entries()) {
    if (c.points.length !== c.dims.length || c.values.length !== c.dims.length) {
      throw new FriError(`batch ${bi}: ${c.values.length} opened matrices, expected ${c.dims.length}`);
    }
    c.values.forEach((mat, mi) => {
      if (mat.length !== c.points[mi].length) throw new FriError(`batch ${bi} matrix ${mi}: wrong number of points`);
      for (const pt of mat) if (pt.length !== c.dims[mi].width) throw new FriError(`batch ${bi} matrix ${mi}: wrong number of columns`);
    });
  }
  for (const q of proof.queries) {
    if (!q.input || !Array.isArray(q.input.batches) || q.input.batches.length !== claims.length) {
      throw new FriError("a query opens the wrong number of batches");
    }
  }
}

/** Verifies the openings `claims` (values at points) against `proof`; throws `FriError`. */
export function pcsVerify(claims: BatchClaim[], proof: PcsProof, params: FriParams, transcript: Transcript): void {
  validateClaims(claims, proof);
  absorbValues(transcript, claims.map((c) => c.values));
  const alpha = transcript.sampleExt();
  const ldeDims = claims.map((c) => c.dims.map((d) => ({ width: d.width, height: d.height << params.logBlowup })));
  const logMax = Math.max(...ldeDims.flat().map((d) => Math.log2(d.height)));
  const alphaPowers = claims.map((c) => c.dims.map((d) => powersOf(alpha, d.width)));
  const combined = claims.map((c) => c.values.map((mat) => mat.map((pt) => combine(pt, alpha))));
  verifyFri(params, logMax, proof, transcript, (index, input) => {
    const reduced = new Map<number, Ext>();
    let off = 0;
    claims.forEach((claim, bi) => {
      const dims = ldeDims[bi];
      const logTree = Math.log2(Math.max(...dims.map((d) => d.height)));
      const { rows, path } = input.batches[bi];
      try {
        verifyBatch(claim.root, dims, index >>> (logMax - logTree), rows, path);
      } catch (err) {
        throw new FriError(`batch ${bi}: ${(err as Error).message}`);
      }
      dims.forEach((d, mi) => {
        const logN = Math.log2(d.height);
        const i = index >>> (logMax - logN);
        const x = mul(GENERATOR, pow(twoAdicGenerator(logN), reverseBits(i, logN)));
        let s: Ext = ZERO;
        const ap = alphaPowers[bi][mi];
        for (let c = 0; c < d.width; c++) s = add4(s, scale4(getAt(ap, c), rows[mi][c]));
        claim.points[mi].forEach((z, pi) => {
          const num = sub4(s, combined[bi][mi][pi]);
          const den = sub4([x, 0, 0, 0], z);
          const term = mul4(pow4(alpha, off), mul4(num, inv4(den)));
          reduced.set(logN, add4(reduced.get(logN) ?? ZERO, term));
          off += d.width;
        });
      });
    });
    return reduced;
  });
}
