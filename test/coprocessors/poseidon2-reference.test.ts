/**
 * The reference Poseidon2 (BabyBear, width 16) against Plonky3's own vectors
 * (test/vectors/poseidon2): the default-constants vector, and the random-input vector whose
 * constants this test draws the way Plonky3 does (xoroshiro128+ seeded from 1, each draw taken
 * as a Montgomery representation); the diagonal against its fractions; and random states
 * against an independent dense-matrix implementation in BigInt.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import {
  DIAG,
  MAT4,
  RC_FINAL,
  RC_INITIAL,
  RC_PARTIAL,
} from "../../coprocessors/poseidon2/constants.js";
import { permute, permuteWith } from "../../core/poseidon2/reference.js";

const vectors = JSON.parse(
  readFileSync(new URL("../vectors/poseidon2/plonky3-babybear16.json", import.meta.url), "utf8"),
);
const byName = (n: string) => vectors.vectors.find((v: { name: string }) => v.name === n);
const Pn = BigInt(P);
const M64 = (1n << 64n) - 1n;
const modpow = (b: bigint, e: bigint): bigint => {
  let r = 1n;
  for (b %= Pn; e > 0n; e >>= 1n, b = (b * b) % Pn) if (e & 1n) r = (r * b) % Pn;
  return r;
};

/** rand_xoshiro's Xoroshiro128Plus::seed_from_u64 (SplitMix64 fills the seed); next_u32. */
function xoroshiro128plus(seed: bigint): () => number {
  let x = seed;
  const splitmix = () => {
    x = (x + 0x9e3779b97f4a7c15n) & M64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    return z ^ (z >> 31n);
  };
  let s0 = splitmix();
  let s1 = splitmix();
  const rotl = (v: bigint, k: bigint) => ((v << k) | (v >> (64n - k))) & M64;
  return () => {
    const r = (s0 + s1) & M64;
    s1 ^= s0;
    s0 = rotl(s0, 24n) ^ s1 ^ ((s1 << 16n) & M64);
    s1 = rotl(s1, 37n);
    return Number(r >> 32n); // next_u32: the high half
  };
}

describe("reference Poseidon2 BabyBear-16 (Plonky3)", () => {
  it("reproduces Plonky3's default-constants vector", () => {
    const v = byName("test_default_babybear_poseidon2_width_16");
    expect([...permute(Uint32Array.from(v.input))]).toEqual(v.expected);
  });

  it("reproduces Plonky3's random-input vector with the constants drawn as Plonky3 draws them", () => {
    const v = byName("test_poseidon2_width_16_random");
    const next = xoroshiro128plus(1n);
    const rInv = modpow(2n ** 32n, Pn - 2n); // MontyField31::new_monty(v) is v·2^−32
    const draw = (): number => {
      for (;;) {
        const u = next() >>> 1;
        if (u < P) return Number((BigInt(u) * rInv) % Pn);
      }
    };
    const take = (n: number) => Uint32Array.from({ length: n }, draw);
    const constants = { initial: take(64), final: take(64), partial: take(13) };
    expect([...permuteWith(constants, Uint32Array.from(v.input))]).toEqual(v.expected);
  });

  it("the diagonal is V = [−2, 1, 2, 1/2, 3, 4, −1/2, −3, −4, 1/2^8, 1/4, 1/8, 1/2^27, −1/2^8, −1/16, −1/2^27]", () => {
    const V: [number, number][] = [
      [-2, 1],
      [1, 1],
      [2, 1],
      [1, 2],
      [3, 1],
      [4, 1],
      [-1, 2],
      [-3, 1],
      [-4, 1],
      [1, 2 ** 8],
      [1, 4],
      [1, 8],
      [1, 2 ** 27],
      [-1, 2 ** 8],
      [-1, 16],
      [-1, 2 ** 27],
    ];
    V.forEach(([n, d], i) => {
      const x = (((BigInt(n) * modpow(BigInt(d), Pn - 2n)) % Pn) + Pn) % Pn;
      expect(DIAG[i], `V[${i}]`).toBe(Number(x));
    });
  });

  it("matches an independent dense-matrix BigInt implementation on random states", () => {
    // M_E (mds_light): MAT4 on every block, doubled on the diagonal blocks (the block itself
    // plus its share of the column sums); M_I = 1 + Diag(V).
    const ME = Array.from({ length: 16 }, (_, i) =>
      Array.from({ length: 16 }, (_, j) =>
        BigInt(MAT4[i % 4][j % 4] * (i >> 2 === j >> 2 ? 2 : 1)),
      ),
    );
    const MI = Array.from({ length: 16 }, (_, i) =>
      Array.from({ length: 16 }, (_, j) => (i === j ? 1n + BigInt(DIAG[i]) : 1n)),
    );
    const mat = (m: bigint[][], s: bigint[]) =>
      m.map((row) => row.reduce((acc, c, j) => (acc + c * s[j]) % Pn, 0n));
    const s7 = (x: bigint) => modpow(x, 7n);
    const slow = (input: Uint32Array): number[] => {
      let s = mat(ME, Array.from(input, BigInt));
      for (let r = 0; r < 4; r++)
        s = mat(
          ME,
          s.map((x, i) => s7(x + BigInt(RC_INITIAL[16 * r + i]))),
        );
      for (let r = 0; r < 13; r++) s = mat(MI, [s7(s[0] + BigInt(RC_PARTIAL[r])), ...s.slice(1)]);
      for (let r = 0; r < 4; r++)
        s = mat(
          ME,
          s.map((x, i) => s7(x + BigInt(RC_FINAL[16 * r + i]))),
        );
      return s.map(Number);
    };
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % P;
    };
    for (let t = 0; t < 40; t++) {
      const input = Uint32Array.from({ length: 16 }, rand);
      if (t === 0) input.fill(0);
      if (t === 1) input.fill(P - 1);
      const copy = input.slice();
      expect([...permute(input)], `state ${t}`).toEqual(slow(input));
      expect(input).toEqual(copy); // the argument is not modified
    }
  });
});
