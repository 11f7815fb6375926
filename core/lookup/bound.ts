/**
 * The LogUp counting bound. The verifier accepts Σ of all fractions = 0 in the field; that
 * implies the multiset equality over the integers only if no message's total multiplicity can
 * reach p. With multiplicities of at most one per interaction and row, the number of fraction
 * terms bounds every total, so the verifier requires Σ over tables (interactions × height), plus
 * its own messages, to stay below p.
 */
import { P } from "../field/babybear.js";

/** One table as the verifier sees it: interaction count and height. */
export interface BoundTable {
  air: { readonly name: string; readonly interactions: readonly unknown[] };
  height: number;
}

/** The total count and whether it is below p. */
export interface LookupCountBound {
  total: number;
  ok: boolean;
}

/**
 * Σ over `tables` of interactions × height, plus `extraMessages`, and whether it is < p.
 *
 * @example
 * const { ok, total } = lookupCountBound(tables.map((t) => ({ air: t.air, height: t.height })));
 * if (!ok) throw new Error(`too many lookups: ${total} ≥ p`);
 */
export function lookupCountBound(
  tables: readonly BoundTable[],
  extraMessages = 0,
): LookupCountBound {
  if (!Number.isSafeInteger(extraMessages) || extraMessages < 0) {
    throw new RangeError(
      `lookupCountBound: extraMessages must be a non-negative integer, got ${extraMessages}`,
    );
  }
  let total = extraMessages;
  tables.forEach((t, i) => {
    if (!Number.isSafeInteger(t.height) || t.height < 1) {
      throw new RangeError(`lookupCountBound: table ${i} ("${t.air.name}") has height ${t.height}`);
    }
    total += t.air.interactions.length * t.height;
  });
  return { total, ok: total < P };
}
