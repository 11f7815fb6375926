/**
 * Row selectors of a trace domain H = <w_n>, on the quotient domain and at a point.
 *
 *   Z_H(x) = x^n − 1
 *   isFirst(x) = L_1(x) = Z_H(x) / (n·(x − 1))
 *   isLast(x)  = L_h(x) = h·Z_H(x) / (n·(x − h)),   h = w_n^(−1), the last row
 *   isTransition(x) = x − h   (zero on the last row only)
 * Each counts as degree 1 in a constraint's degree budget.
 */
import {
  GENERATOR,
  batchInverse,
  inv,
  mul,
  pow,
  sub,
  twoAdicGenerator,
} from "../field/babybear.js";
import { type Ext, ONE, inv4, mul4, scale4, sub4 } from "../field/extension.js";
import { batchInverseVec, scaleVec, subVec, vectorKernel } from "../field/vector.js";
import { isHeapView } from "../field/matrix.js";
import { heap } from "../wasm/heap.js";
import { reverseBits } from "../poly/reference.js";
import { ldePoints } from "../fri/denominators.js";

export interface DomainSelectors {
  isFirst: Uint32Array;
  isLast: Uint32Array;
  isTransition: Uint32Array;
  /** 1 / Z_H(x). */
  invZ: Uint32Array;
}

/**
 * Selectors for a trace of height 2^logN on the coset GENERATOR·<w_N>, N = 2^(logN + logBlowup),
 * in the LDE's storage order: entry i belongs to the point x = GENERATOR·w_N^rev(i), like row i
 * of a bit-reversed LDE matrix.
 */
export function selectorsOnCoset(logN: number, logBlowup: number): DomainSelectors {
  return cached(
    cache,
    `${logN}:${logBlowup}`,
    8,
    () => computeSelectors(logN, logBlowup),
    (old) => Object.values(old).forEach((v) => heap().free(v)),
  );
}

/** `map.get(key)`, computed by `make` if absent; beyond `max` entries the oldest is disposed. */
function cached<T>(
  map: Map<string, T>,
  key: string,
  max: number,
  make: () => T,
  dispose: (v: T) => void,
): T {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= max) {
      const [oldest, old] = map.entries().next().value!;
      map.delete(oldest);
      dispose(old);
    }
    map.set(key, (v = make()));
  }
  return v;
}

// Tables of one height share their selectors; a few heights are kept.
const cache = new Map<string, DomainSelectors>();

/**
 * In storage order throughout: row i of the LDE is x = g·w_N^rev(i) (`ldePoints`, sequential
 * writes), and x^n there depends only on rev(i) mod 2^logBlowup, the reversed block index
 * i >> logN. (In natural order with a bit reversal per point, a first proof's 2^21 points took
 * 400 ms; 210 ms now, measured.)
 */
function computeSelectors(logN: number, logBlowup: number): DomainSelectors {
  const n = 1 << logN;
  const bigN = n << logBlowup;
  const wN = twoAdicGenerator(logN + logBlowup);
  const h = inv(twoAdicGenerator(logN));
  const xs = ldePoints(logN + logBlowup);
  // Z_H(x) = x^n − 1 at x = g·w_N^j for each residue j = rev(i) mod 2^logBlowup.
  const zs = new Uint32Array(1 << logBlowup);
  for (let j = 0; j < zs.length; j++) zs[j] = sub(pow(mul(GENERATOR, pow(wN, j)), n), 1);
  const invZs = batchInverse(zs);
  // On the SIMD kernels: as JavaScript loops, these passes were ~50 ms of a fresh process.
  const constant = new Uint32Array(bigN).fill(1);
  const xMinus1 = subVec(new Uint32Array(bigN), xs, constant);
  const xMinusH = subVec(new Uint32Array(bigN), xs, constant.fill(h));
  const inv1 = batchInverseVec(new Uint32Array(bigN), xMinus1);
  const invH = batchInverseVec(new Uint32Array(bigN), xMinusH);
  const nInv = inv(n);
  // On the shared heap: the quotient evaluation reads them from worker threads.
  const sel: DomainSelectors = {
    isFirst: heap().alloc(bigN),
    isLast: heap().alloc(bigN),
    isTransition: heap().alloc(bigN),
    invZ: heap().alloc(bigN),
  };
  sel.isTransition.set(xMinusH);
  const hOverN = mul(h, nInv);
  for (let block = 0; block < zs.length; block++) {
    const j = reverseBits(block, logBlowup);
    const first = mul(zs[j], nInv);
    const last = mul(zs[j], hOverN);
    const [lo, hi] = [block * n, (block + 1) * n];
    sel.invZ.fill(invZs[j], lo, hi);
    scaleVec(sel.isFirst.subarray(lo, hi), inv1.subarray(lo, hi), first);
    scaleVec(sel.isLast.subarray(lo, hi), invH.subarray(lo, hi), last);
  }
  return sel;
}

export interface PointSelectors {
  isFirst: Ext;
  isLast: Ext;
  isTransition: Ext;
  zH: Ext;
}

/** The same selectors at one extension point ζ (not in H), for the verifier. */
export function selectorsAtPoint(logN: number, zeta: Ext): PointSelectors {
  const n = 1 << logN;
  const h = inv(twoAdicGenerator(logN));
  let zn: Ext = zeta;
  for (let i = 0; i < logN; i++) zn = mul4(zn, zn);
  const zH = sub4(zn, ONE);
  const nInv = inv(n);
  return {
    isFirst: mul4(scale4(zH, nInv), inv4(sub4(zeta, ONE))),
    isLast: mul4(scale4(zH, mul(h, nInv)), inv4(sub4(zeta, [h, 0, 0, 0]))),
    isTransition: sub4(zeta, [h, 0, 0, 0]),
    zH,
  };
}

/**
 * Divides an interleaved extension vector of the coset (one value per LDE point, in storage
 * order, on the heap) by Z_H in place. Z_H is constant on each block of 2^logN storage rows (see
 * `computeSelectors`), so it is one scalar product per block: a vector of 1/Z_H per point,
 * rebuilt whenever the cache of heights missed, was ~100 ms of every 2^20-cycle proof.
 */
export function divideByZH(v: Uint32Array, logN: number, logBlowup: number): void {
  const n = 1 << logN;
  if (v.length !== 4 * (n << logBlowup) || !isHeapView(v))
    throw new RangeError(`divideByZH: expected a heap view of ${4 * (n << logBlowup)} words`);
  const invZ = selectorsOnCoset(logN, logBlowup).invZ;
  const K = vectorKernel();
  for (let block = 0; block < 1 << logBlowup; block++) {
    const at = v.byteOffset + 16 * block * n;
    K.scale(at, at, invZ[block * n], 4 * n);
  }
}
