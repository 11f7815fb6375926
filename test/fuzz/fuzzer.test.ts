/**
 * The underconstraint fuzzer: on a toy coprocessor with one unread column it reports exactly that
 * column (and nothing once the column is pinned or declared free); a declaration narrowed with
 * `where` excuses only the rows it names; every built-in coprocessor passes with its declared
 * free cells; `zkglue fuzz` prints the per-column table and sets its exit status from it.
 */
import { describe, expect, it } from "vitest";
import { halfswap } from "./toy-coprocessor.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { main } from "../../cli/main.js";
import { fuzzCoprocessor } from "../../glue/fuzz/coprocessor.js";
import { fuzzText } from "../../glue/fuzz/report.js";
import { sampleCalls, seededRandom } from "../../glue/fuzz/sample-calls.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

describe("fuzzer on a toy coprocessor", () => {
  it("reports exactly the unread column, on real and padding rows", () => {
    const report = fuzzCoprocessor(halfswap("free"));
    expect(report.ok).toBe(false);
    expect(report.unexplained.map((t) => `${t.column}/${t.rows}`)).toEqual([
      "junk/real",
      "junk/padding",
    ]);
    const junk = report.unexplained[0];
    expect(junk.undetected).toBe(junk.tried);
    expect(junk.escapes.length).toBeGreaterThan(0);
    expect(fuzzText(report)).toContain("FINDING junk (real rows)");
  });

  it("finds, by mirrored edits only, a written value never computed and a read value never used", () => {
    const report = fuzzCoprocessor(halfswap("written"));
    // junk is written but tied to nothing; hi is read but no longer used. On padding rows junk
    // is not declared free either.
    expect(report.unexplained.map((t) => `${t.column}/${t.rows}`)).toEqual([
      "hi/real",
      "junk/real",
      "junk/padding",
    ]);
    for (const t of report.unexplained.filter((x) => x.rows === "real"))
      expect(t.escapes.every((e) => e.kind === "mirrored")).toBe(true);
  });

  it("passes once the column is pinned, or declared free with a reason", () => {
    const pinned = fuzzCoprocessor(halfswap("pinned"));
    expect(pinned.ok).toBe(true);
    expect(pinned.undetected).toBe(pinned.tallies.reduce((s, t) => s + t.excused, 0));
    const declared = fuzzCoprocessor(halfswap("declared"));
    expect(declared.ok).toBe(true);
    expect(fuzzText(declared)).toContain("free (junk): the test says so");
  });

  it("counts every column's mutations on the sampled rows, mirrored edits included", () => {
    const report = fuzzCoprocessor(halfswap("pinned"));
    expect(report.rows.real).toEqual([0, 1, 2, 3]);
    expect(report.rows.padding.length).toBe(3);
    const lo = report.tallies.find((t) => t.column === "lo" && t.rows === "real")!;
    // 4 rows × (6 single-cell kinds and a swap), minus no-ops (zero on a 0 cell); lo reaches two
    // messages (read and written), so it gets no mirrored edit.
    expect(lo.tried).toBeGreaterThanOrEqual(4 * 6);
    expect(lo.undetected).toBe(0);
  });

  it("excuses a declaration narrowed with `where` only on the rows it names", () => {
    const c = halfswap("free");
    const narrowed = {
      ...c,
      free: [
        ...c.free!,
        {
          column: "junk",
          rows: "real" as const,
          where: {
            description: "odd words",
            test: (l: (n: string) => number) => (l("lo") & 1) === 1,
          },
          reason: "only where the word is odd",
        },
      ],
    };
    const report = fuzzCoprocessor(narrowed);
    const real = report.tallies.find((t) => t.column === "junk" && t.rows === "real")!;
    // Samples: 0, 0xffffffff, 0x12345678, random: the odd word's row is excused, the others not.
    expect(real.excused).toBeGreaterThan(0);
    expect(real.undetected).toBeGreaterThan(real.excused);
  });

  it("refuses a sample the coprocessor refuses, and a trace that is not valid", () => {
    const c = halfswap("pinned");
    expect(() => sampleCalls(c, [{ args: [0x1002], memory: [] }], seededRandom(1))).toThrow(
      /sample call 0 was refused: .*0x1002/,
    );
    const broken = {
      ...c,
      execute: c.execute,
      trace: (calls: never, L: never) => {
        const m = c.trace!(calls, L);
        m.values[0] = 5; // isReal = 5
        return m;
      },
    };
    expect(() => fuzzCoprocessor(broken)).toThrow(
      /sample trace is not valid: constraint "isReal bool"/,
    );
  });
});

describe("fuzzer on the built-in coprocessors", () => {
  for (const c of builtinCoprocessors()) {
    it(`${c.name}: no undetected mutation outside its declared free cells`, () => {
      const report = fuzzCoprocessor(c);
      if (!report.ok) console.log(fuzzText(report));
      expect(report.unexplained).toEqual([]);
      expect(report.tried).toBeGreaterThan(1000);
    });
  }
});

describe("zkglue fuzz", () => {
  it("prints the table and exits 0 when nothing is found", async () => {
    const cap = capture();
    expect(await main(["fuzz", "poseidon2", "--rows", "1"], cap.io)).toBe(0);
    expect(cap.out()).toMatch(/cop\.poseidon2: [\d,]+ mutations on 1 real and 3 padding rows/);
    expect(cap.out()).toContain("no undetected mutation outside declared free cells");
  });

  it("refuses an unknown coprocessor and a bad option", async () => {
    const cap = capture();
    expect(await main(["fuzz", "nosuch"], cap.io)).toBe(2);
    expect(cap.err()).toContain('no coprocessor named "nosuch" (built-in: sha256, poseidon2');
    expect(await main(["fuzz", "sha256", "--rows", "0"], cap.io)).toBe(2);
    expect(cap.err()).toContain("--rows must be a positive integer");
  });
});
