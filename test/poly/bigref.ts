/**
 * Independent BigInt references for the polynomial tests: the subgroup generators come from
 * p − 1 = 2^27 · 15 and the generator 31 directly, not from the code under test.
 */
export const p = 2013265921n;
export const P = Number(p);

export function powBig(b: bigint, e: bigint): bigint {
  let r = 1n;
  b %= p;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % p;
    b = (b * b) % p;
  }
  return r;
}

/** The generator of the subgroup of order 2^logN: 31^((p − 1) / 2^logN). */
export function rootOfUnity(logN: number): bigint {
  return powBig(31n, (p - 1n) >> BigInt(logN));
}

export function revBits(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) r = (r << 1) | ((i >> b) & 1);
  return r;
}

/** Σ_j c[j]·x^j (Horner). */
export function evalPoly(c: bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let j = c.length - 1; j >= 0; j--) acc = (acc * x + c[j]) % p;
  return acc;
}

/** Column j of a row-major matrix as bigints. */
export function columnBig(values: Uint32Array, width: number, j: number): bigint[] {
  const out: bigint[] = [];
  for (let i = j; i < values.length; i += width) out.push(BigInt(values[i]));
  return out;
}

/** Evaluations on the order-n subgroup (natural order) → coefficients, O(n²). */
export function interpolate(evals: bigint[]): bigint[] {
  const n = evals.length;
  const logN = Math.log2(n);
  const wInv = powBig(rootOfUnity(logN), p - 2n);
  const nInv = powBig(BigInt(n), p - 2n);
  const out: bigint[] = [];
  for (let k = 0; k < n; k++) {
    const x = powBig(wInv, BigInt(k));
    out.push((evalPoly(evals, x) * nInv) % p);
  }
  return out;
}

let seed = 987654321;
/** Deterministic pseudo-random canonical values. */
export function randomValues(n: number): Uint32Array {
  const v = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    v[i] = (seed >>> 0) % P;
  }
  return v;
}
