/**
 * Which folding arity each FRI commit round uses.
 *
 * A round commits its codeword with blocks of 2^s consecutive rows as Merkle leaves, draws one
 * β and folds s times (with β, β², β⁴, …: together the arity-2^s fold by powers of β). One
 * leaf then answers all s folds of a query, so the tree is s − 1 levels shorter than s separate
 * arity-2 rounds would need, and there are s − 1 fewer trees.
 *
 * Inputs of smaller heights are rolled in only at round boundaries: a round never folds past
 * the next input's height (nor past the final height), so the step there is shortened. This
 * way a roll-in needs the input's value at the query's own position only, never at the other
 * positions of a block. The roll-in factor is β^(2^s), a power of β that no fold of the round
 * uses, so every batched function keeps its own coefficient.
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
