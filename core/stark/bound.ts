/** The LogUp count bound (core/lookup/bound.ts) applied to a proof's tables. */
import type { CompiledAir } from "../air/types.js";
import { lookupCountBound } from "../lookup/bound.js";

/**
 * Σ over tables of (interactions × height), plus the verifier's own messages, must stay below
 * p, so that no multiplicity total can wrap around the field; throws otherwise.
 */
export function checkLookupBound(
  airs: readonly CompiledAir[],
  logHeights: number[],
  external: number,
): void {
  const { ok, total } = lookupCountBound(
    airs.map((air, i) => ({ air, height: 2 ** logHeights[i] })),
    external,
  );
  if (!ok) throw new RangeError(`lookup bound: Σ interactions × height = ${total} is not below p`);
}
