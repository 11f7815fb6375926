/**
 * Generated evaluators over trace rows, for the debugger (`checkConstraints`): given a row index
 * and its next row, they write every AIR constraint's value, or every interaction's message and
 * multiplicity, into an output array. Selectors are 0/1 here (the trace domain itself), so a
 * nonzero output is a violated constraint at that row. Outputs are split into chunk functions
 * of bounded size, like the prover's evaluator, so V8 optimizes each even for wide AIRs.
 */
import { Emitter, PRELUDE, baseRowEmitter } from "./codegen.js";
import type { Expr } from "./expr.js";
import type { RecordedInteraction } from "./symbolic.js";
import type { Constraint, RowEvaluators } from "./types.js";

type RowFn = (
  M: Uint32Array,
  Q: Uint32Array | null,
  PUB: Uint32Array,
  r: number,
  rn: number,
  h: number,
  OUT: Uint32Array,
) => void;

const CHUNK_CHARS = 16_000;

function newEmitter(): Emitter {
  return baseRowEmitter("row evaluator", "in a base-field expression");
}

/**
 * One row function writing `outputs[i]` (each a list of expressions) to consecutive OUT slots
 * starting at `offsets[i]`.
 */
function rowFunction(
  name: string,
  mainWidth: number,
  prepWidth: number,
  outputs: readonly (readonly Expr[])[],
  offsets: readonly number[],
): RowFn {
  const chunks: string[] = [];
  let em: Emitter | null = null;
  const flush = (): void => {
    if (em === null) return;
    chunks.push(`function chunk${chunks.length}(M, Q, PUB, r, rn, h, OUT) {
  const mo = r * ${mainWidth}, mn = rn * ${mainWidth}, qo = r * ${prepWidth}, qn = rn * ${prepWidth};
  const sf = r === 0 ? 1 : 0, sl = r === h - 1 ? 1 : 0, st = 1 - sl;
  ${em.lines.join("\n  ")}
}`);
    em = null;
  };
  outputs.forEach((exprs, i) => {
    em ??= newEmitter();
    em.emit(exprs);
    exprs.forEach((e, k) => em!.lines.push(`OUT[${offsets[i] + k}] = ${em!.baseOf(e)};`));
    if (em.size > CHUNK_CHARS) flush();
  });
  flush();
  const source = `${PRELUDE}
${chunks.join("\n")}
return function ${name}(M, Q, PUB, r, rn, h, OUT) {
  ${chunks.map((_, c) => `chunk${c}(M, Q, PUB, r, rn, h, OUT);`).join("\n  ")}
};`;
  return new Function(source)() as RowFn;
}

/** Builds the row evaluators of one AIR. */
export function buildRowEvaluators(
  mainWidth: number,
  prepWidth: number,
  constraints: readonly Constraint[],
  interactions: readonly RecordedInteraction[],
): RowEvaluators {
  const constraintFn = rowFunction(
    "constraintsAtRow",
    mainWidth,
    prepWidth,
    constraints.map((c) => [c.expr]),
    constraints.map((_, j) => j),
  );
  const offsets: number[] = [];
  let words = 0;
  for (const it of interactions) {
    offsets.push(words);
    words += it.values.length + 1;
  }
  const interactionFn = rowFunction(
    "interactionsAtRow",
    mainWidth,
    prepWidth,
    interactions.map((it) => [...it.values, it.multiplicity]),
    offsets,
  );
  return {
    constraints: constraintFn,
    interactions: interactionFn,
    interactionOffsets: offsets,
    interactionWords: words,
  };
}
