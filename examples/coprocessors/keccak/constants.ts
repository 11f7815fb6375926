/**
 * Keccak-f[1600]'s constants (FIPS 202 §3.2), computed here from the specification's own
 * definitions rather than copied as tables: the ρ offsets from the walk of §3.2.2 and the round
 * constants from the LFSR rc(t) of §3.2.5 (Algorithm 5). The tests check the permutation built
 * on them against @noble/hashes' keccakP.
 *
 * The state is 25 lanes of 64 bits, lane index x + 5y; in guest memory and in every array here
 * it is 50 little-endian u32 words, lane i being words 2i (bits 0..31) and 2i + 1 (bits 32..63).
 */

/** The syscall number this example registers (the first of the user range, DESIGN.md). */
export const KECCAK_SYSCALL = 0x1000;

/** Rounds of Keccak-f[1600] (FIPS 202 §3.4: 12 + 2ℓ with ℓ = 6). */
export const ROUNDS = 24;
/** Lanes of the state, and the u32 words they occupy. */
export const LANES = 25;
export const WORDS = 50;

/** ρ's rotation of lane x + 5y (FIPS 202 §3.2.2: (t + 1)(t + 2)/2 mod 64 along (x, y) → (y, 2x + 3y)). */
export const RHO: readonly number[] = (() => {
  const r = new Array<number>(LANES).fill(0);
  let [x, y] = [1, 0];
  for (let t = 0; t < 24; t++) {
    r[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return r;
})();

/**
 * π's source of lane X + 5Y (FIPS 202 §3.2.3: A′[X, Y] = A[X + 3Y mod 5, X]): ρπ moves lane
 * x + 5y, rotated by RHO[x + 5y], to X + 5Y with X = y, Y = 2x + 3y mod 5.
 */
export const PI_SOURCE: readonly number[] = Array.from({ length: LANES }, (_, i) => {
  const [X, Y] = [i % 5, Math.floor(i / 5)];
  return ((X + 3 * Y) % 5) + 5 * X;
});

/** rc(t) of FIPS 202 §3.2.5 (Algorithm 5): the LFSR x^8 + x^6 + x^5 + x^4 + 1, output bit 0. */
function rc(t: number): number {
  let R = 1; // R[0..7] as bits 0..7
  for (let i = 0; i < t % 255; i++) {
    const r8 = (R >>> 7) & 1; // R = 0 ‖ R; then R[0], R[4], R[5], R[6] ⊕= R[8]
    R = (R << 1) & 0xff;
    if (r8) R ^= 0b0111_0001;
  }
  return R & 1;
}

/** The bit positions ι can set in lane 0: 2^j − 1 for j = 0..6 (FIPS 202 §3.2.5 step 3). */
export const IOTA_BITS: readonly number[] = [0, 1, 3, 7, 15, 31, 63];

/** RC[ir] bit IOTA_BITS[j] = rc(j + 7·ir): round ir's constant, by the positions it may set. */
export const RC_BITS: readonly (readonly number[])[] = Array.from({ length: ROUNDS }, (_, ir) =>
  IOTA_BITS.map((_, j) => rc(j + 7 * ir)),
);

/** The round constants as u32 halves (lo: bits 0..31, hi: bits 32..63). */
export const RC_LO = Uint32Array.from(RC_BITS, (bits) =>
  bits.reduce((acc, b, j) => (IOTA_BITS[j] < 32 ? acc | (b << IOTA_BITS[j]) : acc), 0),
);
export const RC_HI = Uint32Array.from(RC_BITS, (bits) =>
  bits.reduce((acc, b, j) => (IOTA_BITS[j] >= 32 ? acc | (b << (IOTA_BITS[j] - 32)) : acc), 0),
);
