import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import type { Ext } from "../../core/field/extension.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { FriParams } from "../../core/fri/params.js";
import {
  type BatchClaim,
  openingOffsets,
  type PcsProof,
  pcsCommit,
  pcsOpen,
  pcsVerify,
} from "../../core/fri/pcs.js";
import { FriError } from "../../core/fri/proof.js";
import { Transcript } from "../../core/fri/transcript.js";

// Rate 1/4, 30 queries (the test FRI parameters): heights 2^6…2^9 after the blowup.
const PARAMS: FriParams = { logBlowup: 2, numQueries: 30, powBits: 4, logFinalPolyLen: 1 };

let seed = 99;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % P;
const matrix = (width: number, height: number): Matrix => ({
  values: Uint32Array.from({ length: width * height }, rand),
  width,
  height,
});
const z1: Ext = [rand(), rand(), rand(), rand()];
const z2: Ext = [rand(), rand(), rand(), rand()];

describe("PCS: two batches of mixed heights opened at two points", () => {
  const a = [matrix(3, 128), matrix(2, 16)];
  const b = [matrix(5, 32)];
  const batchA = pcsCommit(a, PARAMS);
  const batchB = pcsCommit(b, PARAMS);
  const points = { a: [[z1, z2], [z1]], b: [[z2]] };
  const { values, proof } = pcsOpen(
    [
      { batch: batchA, points: points.a },
      { batch: batchB, points: points.b },
    ],
    PARAMS,
    new Transcript("pcs-test"),
  );
  const claims = (): BatchClaim[] => [
    {
      root: batchA.root,
      dims: a.map((m) => ({ width: m.width, height: m.height })),
      points: points.a,
      values: values[0],
    },
    {
      root: batchB.root,
      dims: b.map((m) => ({ width: m.width, height: m.height })),
      points: points.b,
      values: values[1],
    },
  ];
  const verify = (p: PcsProof, c = claims()) => pcsVerify(c, p, PARAMS, new Transcript("pcs-test"));

  it("verifies", () => {
    verify(proof);
    // heights 2^9, 2^6, 2^7 (after blowup): arity 4 to 2^7, 2 to 2^6, then 8 to the final 2^3
    expect(proof.rounds.map((r) => r.rows[0][0].length / 4)).toEqual([4, 2, 8]);
  });

  it("rejects a wrong claimed value", () => {
    const c = claims();
    c[0].values[1][0][1] = [1, 2, 3, 4];
    expect(() => verify(proof, c)).toThrow(FriError);
  });

  it("rejects tampering with the batch multi-openings", () => {
    const tamper: [string, (p: PcsProof) => void][] = [
      ["flipped node", (p) => (p.input.batches[0].nodes[4][9] ^= 2)],
      ["dropped node", (p) => p.input.batches[1].nodes.shift()],
      ["duplicated node", (p) => p.input.batches[0].nodes.push(p.input.batches[0].nodes.at(-1)!)],
      [
        "changed row of the short matrix",
        (p) => (p.input.batches[0].rows[1][0][1] = (p.input.batches[0].rows[1][0][1] + 1) % P),
      ],
      ["dropped row", (p) => p.input.batches[1].rows[0].pop()],
      ["duplicated row", (p) => p.input.batches[0].rows[0].unshift(p.input.batches[0].rows[0][0])],
      ["batches swapped", (p) => p.input.batches.reverse()],
      ["batch dropped", (p) => p.input.batches.pop()],
      ["no input", (p) => ((p as { input: unknown }).input = undefined)],
    ];
    for (const [what, f] of tamper) {
      const p = structuredClone(proof);
      f(p);
      expect(() => verify(p), what).toThrow(FriError);
    }
  });
});

// One LDE height, matrices opened at several points: the prover sums the shared matrices once
// when every point opens all of them at one point index (main, aux and quotient chunks of a
// table), and falls back to one sum per matrix otherwise; the verifier knows neither path.
const z3: Ext = [rand(), rand(), rand(), rand()];
const SAME_HEIGHT: [string, Ext[][], number[]][] = [
  ["shared sum with single-point matrices", [[z1, z2], [z1, z2], [z1]], [32, 32, 32]],
  ["a matrix alone at a point", [[z1, z2], [z1, z3], [z1]], [32, 32, 32]],
  [
    "one point at different indices",
    [
      [z2, z1],
      [z1, z2],
    ],
    [32, 32],
  ],
  // The first group met at height 32 is z2's, index 1 of the shared matrix: U must take
  // α^pos alone, not the term's whole scale (found by review: no case above tells them apart).
  ["shared sum whose first group is not index 0", [[z2], [z1, z2], [z2, z1]], [32, 32, 16]],
];
describe.each(SAME_HEIGHT)("PCS: one height, %s", (_, points, heights) => {
  const mats = points.map((_, i) => matrix(2 + i, heights[i]));
  const batch = pcsCommit(mats, PARAMS);
  const { values, proof } = pcsOpen([{ batch, points }], PARAMS, new Transcript("pcs-same"));
  const claim = (): BatchClaim[] => [
    {
      root: batch.root,
      dims: mats.map((m) => ({ width: m.width, height: m.height })),
      points,
      values: structuredClone(values[0]),
    },
  ];
  const verify = (c: BatchClaim[]) => pcsVerify(c, proof, PARAMS, new Transcript("pcs-same"));

  it("verifies, and rejects a wrong value at any point", () => {
    verify(claim());
    points.forEach((pts, mi) =>
      pts.forEach((_, pi) => {
        const c = claim();
        c[0].values[mi][pi][0] = [(c[0].values[mi][pi][0][0] + 1) % P, 0, 0, 0];
        expect(() => verify(c), `matrix ${mi} point ${pi}`).toThrow(FriError);
      }),
    );
  });
});

describe("opening offsets", () => {
  it("give every (matrix, point, column) its own power, index p shifted by p·W", () => {
    const widths = [[3, 2], [5]];
    const counts = [[2, 1], [2]];
    const offs = openingOffsets(widths, counts);
    expect(offs).toEqual([[[0, 10], [3]], [[5, 15]]]);
    const exponents = offs.flatMap((b, bi) =>
      b.flatMap((m, mi) =>
        m.flatMap((o) => Array.from({ length: widths[bi][mi] }, (_, c) => o + c)),
      ),
    );
    expect(new Set(exponents).size).toBe(exponents.length);
  });
});
