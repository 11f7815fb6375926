/**
 * Generated evaluators over trace rows, for the debugger (`checkConstraints`) and the LogUp aux
 * trace: given a row index and its next row, they write every AIR constraint's value, or every
 * interaction's message and multiplicity, into an output array. Selectors are 0/1 here (the
 * trace domain itself), so a nonzero output is a violated constraint at that row.
 */
import { Emitter, PRELUDE } from "./codegen.js";
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

function rowFunction(
  name: string,
  mainWidth: number,
  prepWidth: number,
  outputs: (em: Emitter) => string[],
): RowFn {
  const em = new Emitter({
    base(e: Expr): string {
      switch (e.op) {
        case "main":
          return `M[${e.next ? "mn" : "mo"} + ${e.index}]`;
        case "prep":
          return `Q[${e.next ? "qn" : "qo"} + ${e.index}]`;
        case "public":
          return `PUB[${e.index}]`;
        case "sel":
          return e.tag === "first" ? "sf" : e.tag === "last" ? "sl" : "st";
        default:
          throw new Error(`row evaluator: unexpected leaf ${e.op}`);
      }
    },
    ext(e: Expr): never {
      throw new Error(`row evaluator: extension leaf ${e.op} in a base-field expression`);
    },
  });
  const stores = outputs(em);
  const source = `${PRELUDE}
return function ${name}(M, Q, PUB, r, rn, h, OUT) {
  const mo = r * ${mainWidth}, mn = rn * ${mainWidth}, qo = r * ${prepWidth}, qn = rn * ${prepWidth};
  const sf = r === 0 ? 1 : 0, sl = r === h - 1 ? 1 : 0, st = 1 - sl;
  ${em.lines.join("\n  ")}
  ${stores.join("\n  ")}
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
  const constraintFn = rowFunction("constraintsAtRow", mainWidth, prepWidth, (em) => {
    em.emit(constraints.map((c) => c.expr));
    return constraints.map((c, j) => `OUT[${j}] = ${em.baseOf(c.expr)};`);
  });
  const offsets: number[] = [];
  let words = 0;
  for (const it of interactions) {
    offsets.push(words);
    words += it.values.length + 1;
  }
  const interactionFn = rowFunction("interactionsAtRow", mainWidth, prepWidth, (em) => {
    const stores: string[] = [];
    interactions.forEach((it, i) => {
      const exprs = [...it.values, it.multiplicity];
      em.emit(exprs);
      exprs.forEach((e, k) => stores.push(`OUT[${offsets[i] + k}] = ${em.baseOf(e)};`));
    });
    return stores;
  });
  return {
    constraints: constraintFn,
    interactions: interactionFn,
    interactionOffsets: offsets,
    interactionWords: words,
  };
}
