/**
 * Which folding arity each FRI commit round uses.
 *
 * A round commits its codeword with blocks of 2^s consecutive rows as Merkle leaves, draws s
 * independent challenges β_0 … β_(s−1) and folds s times by arity 2, one challenge each. One
 * leaf then answers all s folds of a query, so the tree is s − 1 levels shorter than s separate
 * rounds would need, and there are s − 1 fewer trees. This is arity-2 FRI in which the
 * intermediate codewords are not committed: the verifier recomputes their values from the
 * committed block, so the prover has less freedom, not more, and each fold keeps its own
 * challenge (no powers of one β, whose batching error would grow with the arity).
 *
 * Inputs of smaller heights are rolled in only at round boundaries: a round never folds past
 * the next input's height (nor past the final height), so the step there is shortened. This
 * way a roll-in needs the input's value at the query's own position only, never at the other
 * positions of a block. The roll-in factor is β_(s−1)², exactly as after an arity-2 fold.
 */

/** The largest log arity (arity 8): measured to give the smallest proofs at 100 queries. */
export const MAX_LOG_ARITY = 3;

/**
 * Log arities of the commit rounds, tallest first, for inputs of log heights `logHeights`
 * (any order, distinct) folded down to `logFinal`. Both prover and verifier compute it from
 * public data only.
 */
export function foldSchedule(logHeights: readonly number[], logFinal: number): number[] {
  const stops = [...logHeights].sort((a, b) => b - a);
  const steps: number[] = [];
  let logN = stops[0];
  let next = 1;
  while (logN > logFinal) {
    const target = next < stops.length && stops[next] > logFinal ? stops[next] : logFinal;
    const s = Math.min(MAX_LOG_ARITY, logN - target);
    steps.push(s);
    logN -= s;
    if (next < stops.length && logN === stops[next]) next++;
  }
  return steps;
}
