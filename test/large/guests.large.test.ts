/**
 * Every example guest proves and verifies through a (zero-knowledge) receipt, the long ones
 * included: fibonacci (0.5M cycles, one segment), modmul (3.0M, six segments of 2^19 cycles, the
 * ZK default) and bubble_sort (5.5M, eleven segments). Each journal must equal the executor's; each receipt is serialized, parsed and
 * verified against the program id recomputed from the ELF.
 *
 * These proofs take minutes, so they run only with ZKGLUE_LARGE_TESTS=1 (vitest.config.ts):
 * `npm test` — and so CI — sets it; a bare `npx vitest run` leaves them out.
 */
import { describe, expect, it } from "vitest";
import { proveExample } from "../machine/helpers.js";

describe("the long example guests prove and verify", () => {
  it.each([
    ["fibonacci", 1],
    ["modmul", 6],
    ["bubble_sort", 11],
  ])(
    "%s proves in %i segment(s) and verifies; the journal is the executor's",
    (name, segments) => {
      const p = proveExample(name);
      expect(p.segments).toBe(segments);
      expect(Buffer.from(p.verified)).toEqual(Buffer.from(p.executed));
      expect(p.verified.length).toBeGreaterThan(0);
    },
    1_800_000,
  );
});
