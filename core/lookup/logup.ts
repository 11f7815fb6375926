/**
 * LogUp constraints: how a table's bus interactions become auxiliary extension columns and
 * constraints of degree at most 3.
 *
 * Each interaction i contributes the fraction m_i/(z − fp_i) per row (−m_i for a receive), with
 * fp_i = v_0 + beta·v_1 + … + beta^(w−1)·v_(w−1) + beta^w·busId. Interactions are packed greedily,
 * in declaration order, into groups; group g has a column h_g holding the sum of its fractions,
 * enforced by
 *   C_g:      h_g · Π_i (z − fp_i) − Σ_i m_i · Π_(j≠i) (z − fp_j) = 0
 * whose degree is max(1 + Σ deg fp_i, max_i (deg m_i + Σ_(j≠i) deg fp_j)); a group closes when the
 * next interaction would push it above 3. One accumulator column acc follows the groups:
 *   first row:   acc − Σ_g h_g = 0                 (pinned: the prover does not choose acc[0])
 *   transition:  acc' − acc − Σ_g h_g' = 0
 *   last row:    acc − finalSum = 0                (finalSum goes into the proof and transcript)
 * so acc on the last row is the table's whole sum. Aux column order: h_0 … h_(G−1), acc.
 */
import { Expr, auxCell, challenge, mul, neg, selector, sub, sum } from "../air/expr.js";
import { MAX_DEGREE, type RecordedInteraction } from "../air/symbolic.js";
import type { Constraint } from "../air/types.js";

/** The LogUp part of a compiled AIR. */
export interface LogUpLayout {
  /** Interaction indices of each group, in order. */
  readonly groups: readonly (readonly number[])[];
  /** Group (aux column) of each interaction. */
  readonly groupOf: readonly number[];
  /** Extension aux columns: groups + accumulator (0 without interactions). */
  readonly auxWidth: number;
  /** Constraints in folding order: C_0 … C_(G−1), first row, transition, last row. */
  readonly constraints: readonly Constraint[];
}

/** Degree of z − fp for an interaction: the largest degree among its values. */
function fingerprintDegree(it: RecordedInteraction): number {
  return Math.max(0, ...it.values.map((v) => v.degree));
}

/** Degree of C_g for a group of interactions. */
export function groupDegree(members: readonly RecordedInteraction[]): number {
  const fp = members.map(fingerprintDegree);
  const total = fp.reduce((s, d) => s + d, 0);
  let deg = 1 + total;
  members.forEach((it, i) => {
    deg = Math.max(deg, it.multiplicity.degree + total - fp[i]);
  });
  return deg;
}

/** The symbolic fingerprint fp = Σ_k v_k·beta^k + beta^w·busId. */
export function fingerprintExpr(it: RecordedInteraction): Expr {
  const w = it.values.length;
  const terms = it.values.map((v, k) => (k === 0 ? v : mul(v, challenge("beta", k))));
  terms.push(mul(challenge("beta", w), it.bus.id));
  return sum(terms);
}

/** Groups the interactions and builds the LogUp constraints. Throws naming an interaction that
 * alone exceeds degree 3. */
export function buildLogUp(
  airName: string,
  interactions: readonly RecordedInteraction[],
): LogUpLayout {
  if (interactions.length === 0) return { groups: [], groupOf: [], auxWidth: 0, constraints: [] };
  const groups: number[][] = [];
  const groupOf: number[] = [];
  let current: number[] = [];
  interactions.forEach((it, i) => {
    const alone = groupDegree([it]);
    if (alone > MAX_DEGREE) {
      throw new Error(
        `AIR "${airName}": interaction "${it.name}" on bus "${it.bus.name}" needs degree ${alone} in LogUp ` +
          `(values of degree ${fingerprintDegree(it)}, multiplicity of degree ${it.multiplicity.degree}); the maximum is ${MAX_DEGREE}`,
      );
    }
    const trial = [...current, i];
    if (current.length > 0 && groupDegree(trial.map((j) => interactions[j])) > MAX_DEGREE) {
      groups.push(current);
      current = [i];
    } else {
      current = trial;
    }
    groupOf.push(groups.length);
  });
  groups.push(current);

  const G = groups.length;
  const z = challenge("z");
  const constraints: Constraint[] = [];
  groups.forEach((members, g) => {
    const d = members.map((i) => sub(z, fingerprintExpr(interactions[i])));
    const m = members.map((i) => {
      const it = interactions[i];
      return it.kind === "send" ? it.multiplicity : neg(it.multiplicity);
    });
    const lhs = mul(auxCell(g, false), ...d);
    const rhs = sum(m.map((mi, i) => mul(mi, ...d.filter((_, j) => j !== i))));
    const expr = sub(lhs, rhs);
    constraints.push({ name: `logup: group ${g}`, degree: expr.degree, expr });
  });
  const acc = auxCell(G, false);
  const accNext = auxCell(G, true);
  const hSum = sum(groups.map((_, g) => auxCell(g, false)));
  const hSumNext = sum(groups.map((_, g) => auxCell(g, true)));
  const first = mul(selector("first"), sub(acc, hSum));
  const transition = mul(selector("transition"), sub(sub(accNext, acc), hSumNext));
  const last = mul(selector("last"), sub(acc, challenge("finalSum")));
  constraints.push({ name: "logup: accumulator first row", degree: first.degree, expr: first });
  constraints.push({
    name: "logup: accumulator transition",
    degree: transition.degree,
    expr: transition,
  });
  constraints.push({ name: "logup: accumulator last row", degree: last.degree, expr: last });
  return { groups, groupOf, auxWidth: G + 1, constraints };
}
