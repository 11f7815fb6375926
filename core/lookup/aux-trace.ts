/**
 * The LogUp auxiliary trace of one table: per row, each group's sum of fractions h_g and the
 * running accumulator acc, as extension columns (ext column c at base columns 4c..4c+3).
 *
 * Work per row and interaction: the message from the generated row evaluator, its fingerprint
 * (w base×ext products), z − fp into one big array, then one chunked batch inversion for all of
 * them (Montgomery's trick: three extension products each), then m·inverse into h_g and the
 * prefix sum. All on Uint32Arrays; nothing per row is allocated and no BigInt is used.
 */
import { add, mul } from "../field/babybear.js";
import type { Ext } from "../field/extension.js";
import { isCanonical } from "../field/babybear.js";
import type { Interaction, LogUpChallenges, Matrix, RowEvaluators } from "../air/types.js";
import { batchInverseExtInPlace, mulExtInto, negBase } from "./ext-array.js";

/** What the aux trace builder needs of a compiled AIR. */
export interface AuxShape {
  name: string;
  mainWidth: number;
  prepWidth: number;
  numPublicValues: number;
  auxWidth: number;
  interactions: readonly Interaction[];
  rows: RowEvaluators;
}

function checkExt(x: Ext | undefined, what: string, where: string): void {
  if (x == null || x.length !== 4 || ![0, 1, 2, 3].every((i) => isCanonical(x[i]))) {
    throw new TypeError(
      `${where}: ${what} must be an extension element with canonical coefficients`,
    );
  }
}

/** Validates a trace matrix against the AIR's width (and the main trace's height). */
export function checkTrace(
  m: Matrix | undefined,
  width: number,
  height: number | null,
  what: string,
  where: string,
): void {
  if (width === 0 && m === undefined) return;
  if (m === undefined) throw new Error(`${where}: the ${what} trace is missing (width ${width})`);
  if (m.width !== width)
    throw new Error(`${where}: the ${what} trace has width ${m.width}, the AIR declares ${width}`);
  if (!Number.isInteger(m.height) || m.height < 1)
    throw new Error(`${where}: the ${what} trace has height ${m.height}`);
  if (height !== null && m.height !== height) {
    throw new Error(`${where}: the ${what} trace has height ${m.height}, the main trace ${height}`);
  }
  if (!(m.values instanceof Uint32Array) || m.values.length !== width * m.height) {
    throw new Error(
      `${where}: the ${what} trace holds ${m.values?.length} values, expected ${width}×${m.height}`,
    );
  }
}

/** Builds the aux trace and the final sum (acc on the last row). */
export function buildAuxTrace(
  shape: AuxShape,
  main: Matrix,
  preprocessed: Matrix | undefined,
  publicValues: Uint32Array,
  challenges: LogUpChallenges,
): { aux: Matrix; finalSum: Ext } {
  const where = `buildAuxTrace of AIR "${shape.name}"`;
  checkTrace(main, shape.mainWidth, null, "main", where);
  const n = main.height;
  checkTrace(preprocessed, shape.prepWidth, n, "preprocessed", where);
  if (publicValues.length !== shape.numPublicValues) {
    throw new Error(
      `${where}: ${publicValues.length} public values, expected ${shape.numPublicValues}`,
    );
  }
  const I = shape.interactions.length;
  if (I === 0)
    return { aux: { values: new Uint32Array(0), width: 0, height: n }, finalSum: [0, 0, 0, 0] };
  checkExt(challenges?.z, "challenges.z", where);
  checkExt(challenges?.beta, "challenges.beta", where);

  const maxW = Math.max(...shape.interactions.map((it) => it.bus.width));
  const bp = new Uint32Array(4 * (maxW + 1));
  bp[0] = 1;
  const beta = new Uint32Array(challenges.beta);
  for (let k = 1; k <= maxW; k++) mulExtInto(bp, 4 * k, bp, 4 * (k - 1), beta, 0);
  const [z0, z1, z2, z3] = challenges.z;

  // Denominators z − fp, row-major by (row, interaction); signed multiplicities alongside.
  const den = new Uint32Array(4 * n * I);
  const mult = new Uint32Array(n * I);
  const msg = new Uint32Array(shape.rows.interactionWords);
  const offsets = shape.rows.interactionOffsets;
  const widths = shape.interactions.map((it) => it.bus.width);
  const ids = shape.interactions.map((it) => it.bus.id);
  const receives = shape.interactions.map((it) => it.kind === "receive");
  const mainV = main.values;
  const prepV = preprocessed?.values ?? null;
  for (let r = 0; r < n; r++) {
    shape.rows.interactions(mainV, prepV, publicValues, r, r + 1 === n ? 0 : r + 1, n, msg);
    for (let i = 0; i < I; i++) {
      const off = offsets[i];
      const w = widths[i];
      // fp = beta^w·id + Σ_k v_k·beta^k; coefficient-wise sums of < w + 1 reduced terms.
      const bw = 4 * w;
      let f0 = mul(bp[bw], ids[i]);
      let f1 = mul(bp[bw + 1], ids[i]);
      let f2 = mul(bp[bw + 2], ids[i]);
      let f3 = mul(bp[bw + 3], ids[i]);
      f0 = add(f0, msg[off]);
      for (let k = 1; k < w; k++) {
        const v = msg[off + k];
        const b = 4 * k;
        f0 = add(f0, mul(bp[b], v));
        f1 = add(f1, mul(bp[b + 1], v));
        f2 = add(f2, mul(bp[b + 2], v));
        f3 = add(f3, mul(bp[b + 3], v));
      }
      const o = 4 * (r * I + i);
      den[o] = z0 >= f0 ? z0 - f0 : z0 + 2013265921 - f0;
      den[o + 1] = z1 >= f1 ? z1 - f1 : z1 + 2013265921 - f1;
      den[o + 2] = z2 >= f2 ? z2 - f2 : z2 + 2013265921 - f2;
      den[o + 3] = z3 >= f3 ? z3 - f3 : z3 + 2013265921 - f3;
      const m = msg[off + w];
      mult[r * I + i] = receives[i] ? negBase(m) : m;
    }
  }
  batchInverseExtInPlace(den, (j) => {
    throw new Error(
      `${where}: z equals the fingerprint of interaction "${shape.interactions[j % I].name}" at row ${Math.floor(j / I)}`,
    );
  });

  const G = shape.auxWidth - 1;
  const width = 4 * shape.auxWidth;
  const aux = new Uint32Array(n * width);
  const groupOf = shape.interactions.map((it) => it.group);
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0;
  for (let r = 0; r < n; r++) {
    const row = r * width;
    for (let i = 0; i < I; i++) {
      const m = mult[r * I + i];
      if (m === 0) continue;
      const o = 4 * (r * I + i);
      const h = row + 4 * groupOf[i];
      aux[h] = add(aux[h], mul(m, den[o]));
      aux[h + 1] = add(aux[h + 1], mul(m, den[o + 1]));
      aux[h + 2] = add(aux[h + 2], mul(m, den[o + 2]));
      aux[h + 3] = add(aux[h + 3], mul(m, den[o + 3]));
    }
    for (let g = 0; g < G; g++) {
      const h = row + 4 * g;
      a0 = add(a0, aux[h]);
      a1 = add(a1, aux[h + 1]);
      a2 = add(a2, aux[h + 2]);
      a3 = add(a3, aux[h + 3]);
    }
    const acc = row + 4 * G;
    aux[acc] = a0;
    aux[acc + 1] = a1;
    aux[acc + 2] = a2;
    aux[acc + 3] = a3;
  }
  return { aux: { values: aux, width, height: n }, finalSum: [a0, a1, a2, a3] };
}
