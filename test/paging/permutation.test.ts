/**
 * The permutation table (`rv.perm`) on its own: the trace holds one row per distinct input with
 * its request count and the reference permutation's output; a small table proves and verifies
 * through the STARK with PERM_BUS balanced by the verifier's external sends; a corrupted output
 * cell, a corrupted round cell, a wrong multiplicity and a padding row with a multiplicity are
 * each rejected, and no cell of a real row is free.
 */
import { describe, expect, it } from "vitest";
import { checkConstraints } from "../../core/air/check.js";
import { P } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { permute } from "../../core/poseidon2/reference.js";
import { prove } from "../../core/stark/prover.js";
import { setup } from "../../core/stark/setup.js";
import { verify } from "../../core/stark/verifier.js";
import { PERM_BUS } from "../../glue/paging/buses.js";
import {
  permutationChip,
  permutationCols,
  permutationTrace,
} from "../../glue/paging/permutation/index.js";
import { TEST_PARAMS } from "../air/fixtures.js";
import { freeCellsOfRow, rng } from "../coprocessors/helpers.js";

const C = permutationCols.index;
const W = permutationCols.width;

/** `n` random inputs (the first holds 0, 1, p − 1), then some of them requested again. */
function requests(n: number, seed: number): Uint32Array[] {
  const r = rng(seed);
  const distinct = Array.from({ length: n }, () =>
    Uint32Array.from({ length: 16 }, () => Math.floor(r() * P)),
  );
  distinct[0].set([0, 1, P - 1]);
  const repeats = Array.from({ length: n }, () => distinct[Math.floor(r() * n)].slice());
  return [...distinct, ...repeats];
}

/** The senders' side: each distinct (in, out) once, with its number of requests. */
function sends(inputs: readonly Uint32Array[]): BusMessage[] {
  const byKey = new Map<string, BusMessage>();
  for (const input of inputs) {
    const key = input.join(",");
    const m = byKey.get(key);
    if (m) m.multiplicity++;
    else
      byKey.set(key, {
        bus: PERM_BUS,
        values: [...input, ...permute(input)],
        multiplicity: 1,
      });
  }
  return [...byKey.values()];
}

const at = (m: Matrix, row: number, col: number) => m.values[row * W + col];

describe("permutation table", () => {
  const air = permutationChip();

  it("has 300 columns, degree 3 and one interaction", () => {
    expect(air.mainWidth).toBe(300);
    expect(air.maxDegree).toBe(3);
    expect(air.interactions.length).toBe(1);
    expect(PERM_BUS.width).toBe(32);
  });

  it("one row per distinct input, mult = its requests, out = permute(in), zero padding", () => {
    const inputs = requests(5, 1);
    const m = permutationTrace(inputs);
    expect(m.height).toBe(8);
    const msgs = sends(inputs);
    expect(msgs.length).toBe(5);
    msgs.forEach((msg, row) => {
      expect(at(m, row, C.isReal)).toBe(1);
      expect(at(m, row, C.mult)).toBe(msg.multiplicity);
      for (let k = 0; k < 32; k++) expect(at(m, row, C.in + k)).toBe(msg.values[k]);
    });
    expect(m.values.subarray(5 * W).every((x) => x === 0)).toBe(true);
    expect(checkConstraints([{ air, main: m }], msgs).toString()).toBe(
      "all constraints hold and every bus balances",
    );
    const big = permutationTrace(requests(9, 2));
    expect(big.height).toBe(16);
  });

  it("an empty table is all zero and satisfies everything", () => {
    const m = permutationTrace([]);
    expect(m.height).toBe(8);
    expect(m.values.every((x) => x === 0)).toBe(true);
    expect(checkConstraints([{ air, main: m }]).ok).toBe(true);
  });

  it("refuses an input of the wrong length or with a word ≥ p", () => {
    expect(() => permutationTrace([new Uint32Array(15)])).toThrow(RangeError);
    const bad = new Uint32Array(16);
    bad[3] = P;
    expect(() => permutationTrace([bad])).toThrow(RangeError);
  });

  it("proves and verifies with PERM_BUS balanced by the verifier's sends", () => {
    const inputs = requests(6, 3);
    const m = permutationTrace(inputs);
    const ext = sends(inputs);
    const key = setup([air], [], TEST_PARAMS);
    const proof = prove(key, [{ main: m }], { external: ext });
    verify(key.vk, proof, [new Uint32Array(0)], ext);
    // A send of a false output is received by no row.
    const wrong = ext.map((x, i) => {
      if (i !== 1) return x;
      const v = Array.from(x.values);
      v[20] = (v[20] + 1) % P;
      return { ...x, values: v };
    });
    expect(() => verify(key.vk, proof, [new Uint32Array(0)], wrong)).toThrow(/proof rejected/);
    // A forged table claiming that false output: the prover refuses, a forced proof fails.
    const forged = { ...m, values: m.values.slice() };
    forged.values[1 * W + C.out + 4] = wrong[1].values[20];
    expect(() => prove(key, [{ main: forged }], { external: wrong })).toThrow();
    const forced = prove(key, [{ main: forged }], { external: wrong, unsafeSkipChecks: true });
    expect(() => verify(key.vk, forced, [new Uint32Array(0)], wrong)).toThrow(/proof rejected/);
  });

  describe("soundness (checkConstraints)", () => {
    const inputs = requests(4, 5);
    const ext = sends(inputs);
    const check = (edit: (v: Uint32Array) => void, msgs = ext) => {
      const m = permutationTrace(inputs);
      edit(m.values);
      return checkConstraints([{ air, main: m }], msgs);
    };

    it("a corrupted output cell (the messages changed to match)", () => {
      const msgs = ext.map((x, i) => {
        if (i !== 2) return x;
        const v = Array.from(x.values);
        v[16 + 7] = (v[16 + 7] + 1) % P;
        return { ...x, values: v };
      });
      const report = check((v) => (v[2 * W + C.out + 7] = msgs[2].values[16 + 7]), msgs);
      expect(report.ok).toBe(false);
      expect(report.failures[0].constraint).toMatch(/round 7 sbox \d+: \(M\^-1 out\)/);
    });

    it("a corrupted round cell", () => {
      for (const col of [C.x3 + 37, C.y + 100, C.px3 + 6, C.py + 12]) {
        const report = check((v) => (v[W + col] = (v[W + col] + 1) % P));
        expect(report.ok, permutationCols[col]).toBe(false);
        expect(report.failures.length).toBeGreaterThan(0);
      }
    });

    it("a wrong multiplicity", () => {
      const report = check((v) => (v[C.mult] += 1));
      expect(report.ok).toBe(false);
      expect(report.failures).toEqual([]); // the constraints hold; the bus does not balance
      expect(report.unmatched.length).toBe(1);
    });

    it("a padding row with a multiplicity", () => {
      const report = check((v) => (v[6 * W + C.mult] = 1));
      expect(report.ok).toBe(false);
      expect(report.failures[0].constraint).toBe("mult only on real rows");
      // Nor can a padding row claim a tuple of the constant-free rounds: isReal = 0 there.
      const half = check((v) => (v[6 * W + C.isReal] = 1));
      expect(half.ok).toBe(false);
    });

    it("no cell of a real row is free", () => {
      const m = permutationTrace(inputs);
      expect(freeCellsOfRow(air, m, 1, permutationCols, 9)).toEqual([]);
    });
  });
});
