/**
 * The example guests through the machine: read_input (private input, journal) and sha256 (94k
 * cycles) are proven and verified through receipts. The longer guests (fibonacci 0.5M, modmul
 * 3M, bubble_sort 5.5M cycles) are proven in test/large (run by `npm test`).
 */
import { describe, expect, it } from "vitest";
import { proveExample } from "./helpers.js";

describe("example guests", () => {
  it("read_input proves and verifies; the journal is the executor's", () => {
    const p = proveExample("read_input", new TextEncoder().encode("private words"));
    expect(Buffer.from(p.verified)).toEqual(Buffer.from(p.executed));
    expect(p.verified.length).toBeGreaterThan(0);
  }, 300_000);

  it("sha256 (94k cycles) proves and verifies; the journal is its digest", () => {
    const p = proveExample("sha256");
    expect(Buffer.from(p.verified)).toEqual(Buffer.from(p.executed));
    expect(p.verified.length).toBe(64);
  }, 600_000);
});
