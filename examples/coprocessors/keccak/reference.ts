/**
 * Keccak-f[1600] on plain values (FIPS 202 §3): the permutation the coprocessor computes and
 * proves, split into the steps trace generation records (θ, then ρ, π, χ and ι), and the sponge
 * (§4, §5, §6) built on it for tests: Keccak-256 and SHA3-256 of a byte string.
 *
 * A lane is two u32 words (lo, hi), so nothing needs BigInt; θ and ρπχι work in place on the
 * 50-word state with scratch buffers shared by every call (the functions are not re-entrant).
 */
import { PI_SOURCE, RC_HI, RC_LO, RHO, ROUNDS, WORDS } from "./constants.js";

// D[x] of θ and the lanes after ρπ, shared across calls.
const D = new Uint32Array(10);
const B = new Uint32Array(WORDS);

/**
 * θ (FIPS 202 §3.2.1) in place: A′ = A ⊕ D with C[x] = ⊕_y A[x, y] and
 * D[x] = C[x − 1] ⊕ rot(C[x + 1], 1). Writes C into `c` and C′ = C ⊕ D into `cp` (10 words each,
 * lane x at words 2x, 2x + 1): C′ is also ⊕_y A′[x, y], the parity of the output.
 */
export function theta(s: Uint32Array, c: Uint32Array, cp: Uint32Array): void {
  for (let x = 0; x < 5; x++) {
    let lo = 0;
    let hi = 0;
    for (let y = 0; y < 25; y += 5) {
      lo ^= s[2 * (x + y)];
      hi ^= s[2 * (x + y) + 1];
    }
    c[2 * x] = lo;
    c[2 * x + 1] = hi;
  }
  for (let x = 0; x < 5; x++) {
    const l = 2 * ((x + 4) % 5);
    const r = 2 * ((x + 1) % 5);
    // rot(C[x + 1], 1) on (lo, hi): each half takes the other's top bit.
    D[2 * x] = c[l] ^ ((c[r] << 1) | (c[r + 1] >>> 31));
    D[2 * x + 1] = c[l + 1] ^ ((c[r + 1] << 1) | (c[r] >>> 31));
    cp[2 * x] = c[2 * x] ^ D[2 * x];
    cp[2 * x + 1] = c[2 * x + 1] ^ D[2 * x + 1];
  }
  for (let i = 0; i < 25; i++) {
    const x = 2 * (i % 5);
    s[2 * i] ^= D[x];
    s[2 * i + 1] ^= D[x + 1];
  }
}

/** ρ, π, χ and ι of round `ir` (FIPS 202 §3.2.2–3.2.5) in place, after θ. */
export function rhoPiChiIota(s: Uint32Array, ir: number): void {
  for (let i = 0; i < 25; i++) {
    const src = PI_SOURCE[i];
    let n = RHO[src];
    let lo = s[2 * src];
    let hi = s[2 * src + 1];
    if (n >= 32) [lo, hi, n] = [hi, lo, n - 32];
    B[2 * i] = n === 0 ? lo : (lo << n) | (hi >>> (32 - n));
    B[2 * i + 1] = n === 0 ? hi : (hi << n) | (lo >>> (32 - n));
  }
  for (let y = 0; y < 25; y += 5) {
    for (let x = 0; x < 5; x++) {
      const i = 2 * (x + y);
      const i1 = 2 * (((x + 1) % 5) + y);
      const i2 = 2 * (((x + 2) % 5) + y);
      s[i] = B[i] ^ (~B[i1] & B[i2]);
      s[i + 1] = B[i + 1] ^ (~B[i1 + 1] & B[i2 + 1]);
    }
  }
  s[0] ^= RC_LO[ir];
  s[1] ^= RC_HI[ir];
}

/**
 * Keccak-f[1600] (FIPS 202 §3.3, 24 rounds) of a 50-word state; returns a new array.
 *
 * @example
 * const out = keccakF1600(new Uint32Array(50)); // the permutation of the zero state
 */
export function keccakF1600(state: Uint32Array): Uint32Array {
  if (state.length !== WORDS) throw new RangeError(`keccak: a state is ${WORDS} words`);
  const s = Uint32Array.from(state);
  const c = new Uint32Array(10);
  const cp = new Uint32Array(10);
  for (let ir = 0; ir < ROUNDS; ir++) {
    theta(s, c, cp);
    rhoPiChiIota(s, ir);
  }
  return s;
}

/**
 * The sponge over Keccak-f[1600] (FIPS 202 §4) with the pad10*1 rule and a domain suffix
 * (§B.2: 0x01 for Keccak, 0x06 for SHA-3): absorbs `message` `rate` bytes at a time, squeezes
 * `outLen` bytes (at most `rate`).
 *
 * @example
 * keccakSponge(msg, 136, 0x01, 32); // Keccak-256
 * keccakSponge(msg, 136, 0x06, 32); // SHA3-256
 */
export function keccakSponge(
  message: Uint8Array,
  rate: number,
  suffix: number,
  outLen: number,
): Uint8Array {
  if (!(rate > 0 && rate < 200 && rate % 8 === 0 && outLen <= rate))
    throw new RangeError(`keccak sponge: rate ${rate}, output ${outLen}`);
  let s: Uint32Array = new Uint32Array(WORDS);
  // Byte k of the state is byte k mod 4 of word k / 4 (little-endian lanes).
  const xorByte = (k: number, b: number) => (s[k >>> 2] ^= b << (8 * (k & 3)));
  const blocks = Math.floor(message.length / rate);
  for (let blk = 0; blk < blocks; blk++) {
    for (let k = 0; k < rate; k++) xorByte(k, message[blk * rate + k]);
    s = keccakF1600(s);
  }
  const rest = message.subarray(blocks * rate);
  rest.forEach((b, k) => xorByte(k, b));
  xorByte(rest.length, suffix);
  xorByte(rate - 1, 0x80);
  s = keccakF1600(s);
  const out = new Uint8Array(outLen);
  for (let k = 0; k < outLen; k++) out[k] = (s[k >>> 2] >>> (8 * (k & 3))) & 0xff;
  return out;
}
