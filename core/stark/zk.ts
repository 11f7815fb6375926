/**
 * The zero-knowledge mode's shapes, shared by the prover and the verifier, and the prover's
 * random data.
 *
 * In a ZK proof every committed witness polynomial is a random extension of the trace column
 * (core/poly/lde.ts `cosetLdeRandomized`): f' = f + Z_H·r with r of R = 3·numQueries + 8
 * uniform coefficients, committed at degree bound m = n·2^logExtra (m ≥ 2n, m ≥ 2R). f' equals
 * f on the trace domain H, so the constraints and the LogUp sums are unchanged, and f' takes
 * uniform, independent values at any R points outside H. What the verifier sees of a column:
 *   - f'(ζ) and f'(ζ·ω): two extension values, 8 base-field coordinates;
 *   - f'(x) at each query point x (≤ numQueries distinct rows of each committed matrix);
 *   - the digest of each unopened sibling leaf in the multi-openings (≤ numQueries), which a
 *     brute-force search could turn into a value; counted as revealed;
 *   - nothing else; and the simulator also needs f'(ω·x) for each query point x, to make the
 *     quotient's values at x consistent (≤ numQueries).
 * That is ≤ 8 + 3·numQueries = R coordinates, so they are uniform and independent of the
 * witness (ζ and the query points lie outside H with overwhelming probability, and the
 * powers ζ^0..3 are independent over the base field unless ζ lies in a proper subfield).
 *
 * The quotient Q = Σ α^j C_j(f')/Z_H has degree < d·(n + R − 1) − n + 1 (d the AIR's maximum
 * constraint degree); it is split into k chunks of degree < c = m/2, Q = Σ_j X^(j·c)·Q_j, and
 * each chunk is randomized so that the sum is unchanged:
 *     Q'_j = Q_j + X^c·r_j − r_(j−1)      (r_(−1) = r_(k−1) = 0, r_j of R random ext coefficients)
 * (Σ_j X^(j·c)·(X^c·r_j − r_(j−1)) telescopes to 0).
 * The Q'_j are of degree < c + R ≤ m; their values at ζ and the query points are uniform
 * subject only to Σ_j x^(j·c)·Q'_j(x) = Q(x), which the verifier can compute anyway.
 *
 * The chunks are committed from their coefficients (`pcsCommitCoeffs`), at height m.
 *
 * The batched FRI opening gets a mask: a uniform polynomial of degree < m_max (4 base columns of
 * uniform coefficients, the last matrix of the quotient batch, opened at ζ), whose term
 * α^off·(M(X) − M(ζ))/(X − ζ) makes the tallest reduced codeword uniform among the polynomials
 * of its degree with the values the opened rows fix (m_max > numQueries + 1); every FRI round
 * codeword (shorter reduced codewords are rolled into folds of it) and the final polynomial
 * then follow from a uniform polynomial, so the FRI transcript is simulatable.
 *
 * Not hidden: the statement (heights, public values). Each table's LogUp final sum is blinded by
 * zk-blind.ts.
 */
import type { FriParams } from "../fri/params.js";
import { type Matrix } from "../field/matrix.js";
import { P } from "../field/babybear.js";
import { ZkRandom } from "./zk-random.js";

/** R: random coefficients per committed column (see the module comment). */
export function zkRandomizerCount(params: FriParams): number {
  return 3 * params.numQueries + 8;
}

/** How one table of height 2^logN is committed and its quotient split in a ZK proof. */
export interface ZkTableShape {
  /** log2(m / n): the committed degree bound is m = 2^(logN + logExtra). */
  logExtra: number;
  /** log2 of the chunk size c = m / 2. */
  logChunk: number;
  /** Number of quotient chunks k. */
  chunks: number;
}

/** The largest log height a committed LDE may have (BabyBear's two-adicity). */
const MAX_LOG_LDE = 27;

/**
 * The ZK shape of a table of height 2^logN whose constraints have degree ≤ maxDegree. Throws a
 * RangeError when the committed matrix would not fit the two-adic subgroup.
 */
export function zkTableShape(maxDegree: number, logN: number, params: FriParams): ZkTableShape {
  const n = 2 ** logN;
  const R = zkRandomizerCount(params);
  const d = Math.max(1, maxDegree);
  // Coefficients of Q: deg C_j(f') ≤ d·(n + R − 1) (selectors count as degree < n), minus n.
  const quotientLen = Math.max(1, d * (n + R - 1) - n + 1);
  let logM = logN + 1;
  while (2 ** logM < 2 * R || 2 ** (logM + params.logBlowup) < quotientLen) logM++;
  if (logM + params.logBlowup > MAX_LOG_LDE)
    throw new RangeError(
      `zk: a table of 2^${logN} rows needs an LDE of 2^${logM + params.logBlowup} rows (at most 2^${MAX_LOG_LDE})`,
    );
  const logChunk = logM - 1;
  return { logExtra: logM - logN, logChunk, chunks: Math.ceil(quotientLen / 2 ** logChunk) };
}

/** R random coefficients per column of a width-`width` matrix, from stream `label`. */
export function randomizerMatrix(rng: ZkRandom, label: string, width: number, R: number): Matrix {
  return { values: rng.elements(label, R * width), width, height: R };
}

/**
 * Randomizes quotient chunks given as coefficient blocks (each `chunkCoeffs[j]`: 4 words per
 * coefficient, length 4·m, coefficients ≥ c zero): adds X^c·r_j and subtracts r_(j−1), in place.
 */
export function randomizeChunks(
  chunkCoeffs: Uint32Array[],
  c: number,
  R: number,
  rng: ZkRandom,
  label: string,
): void {
  const k = chunkCoeffs.length;
  for (let j = 0; j + 1 < k; j++) {
    const r = rng.elements(`${label}:${j}`, 4 * R);
    const cur = chunkCoeffs[j];
    const next = chunkCoeffs[j + 1];
    for (let i = 0; i < 4 * R; i++) {
      const at = 4 * c + i;
      const s = cur[at] + r[i];
      cur[at] = s >= P ? s - P : s;
      next[i] = next[i] >= r[i] ? next[i] - r[i] : next[i] + P - r[i];
    }
  }
}
