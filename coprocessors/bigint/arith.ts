/**
 * Natural numbers as little-endian u16 limbs in plain numbers, for trace generation: the
 * product and the quotient a chip's witness needs (q = ⌊a·b / m⌋), without BigInt in the hot
 * path. Limbs are any ArrayLike of integers in [0, 2^16); results are Uint32Arrays of limbs.
 * Every intermediate stays below 2^53: products of two limbs are below 2^32.
 */

const B = 65536;

/** Limb count without leading zero limbs (0 for zero). */
function used(x: ArrayLike<number>): number {
  let n = x.length;
  while (n > 0 && x[n - 1] === 0) n--;
  return n;
}

/**
 * x·y (x.length + y.length limbs).
 *
 * @example
 * mulNat([0xffff], [0xffff]); // Uint32Array [1, 0xfffe]
 */
export function mulNat(x: ArrayLike<number>, y: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(x.length + y.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    let carry = 0;
    for (let j = 0; j < y.length; j++) {
      const t = xi * y[j] + out[i + j] + carry; // < 2^32 + 2^17
      carry = Math.floor(t / B);
      out[i + j] = t - carry * B;
    }
    for (let k = i + y.length; carry !== 0; k++) {
      const t = out[k] + carry;
      carry = t >= B ? 1 : 0;
      out[k] = t - carry * B;
    }
  }
  return out;
}

/**
 * ⌊n / d⌋ and n mod d (Knuth, TAOCP vol. 2, §4.3.1, Algorithm D, in base 2^16): the quotient
 * has n.length limbs, the remainder d.length. Throws if d = 0.
 *
 * @example
 * divRemNat([5, 1], [3]); // q = [0x5557, 0] (65541 / 3 = 21847), r = [0]
 */
export function divRemNat(
  n: ArrayLike<number>,
  d: ArrayLike<number>,
): { q: Uint32Array; r: Uint32Array } {
  const nd = used(d);
  if (nd === 0) throw new RangeError("divRemNat: division by zero");
  const nn = used(n);
  const q = new Uint32Array(Math.max(n.length, 1));
  const r = new Uint32Array(d.length);
  if (nn < nd) {
    for (let i = 0; i < nn; i++) r[i] = n[i];
    return { q, r };
  }
  if (nd === 1) {
    // Short division.
    const v = d[0];
    let rem = 0;
    for (let i = nn - 1; i >= 0; i--) {
      const t = rem * B + n[i];
      q[i] = Math.floor(t / v);
      rem = t - q[i] * v;
    }
    r[0] = rem;
    return { q, r };
  }
  // D1: normalize so that the divisor's top limb has its high bit set.
  const s = Math.clz32(d[nd - 1]) - 16;
  const f = 2 ** s;
  const v = new Float64Array(nd);
  const u = new Float64Array(nn + 1);
  let c = 0;
  for (let i = 0; i < nd; i++) {
    const t = d[i] * f + c;
    c = Math.floor(t / B);
    v[i] = t - c * B;
  }
  c = 0;
  for (let i = 0; i < nn; i++) {
    const t = n[i] * f + c;
    c = Math.floor(t / B);
    u[i] = t - c * B;
  }
  u[nn] = c;
  const vTop = v[nd - 1];
  const vNext = v[nd - 2];
  for (let j = nn - nd; j >= 0; j--) {
    // D3: estimate the quotient limb from the top two limbs, correct it at most twice.
    const num = u[j + nd] * B + u[j + nd - 1];
    let qhat = Math.floor(num / vTop);
    let rhat = num - qhat * vTop;
    while (qhat >= B || qhat * vNext > rhat * B + u[j + nd - 2]) {
      qhat--;
      rhat += vTop;
      if (rhat >= B) break;
    }
    // D4: u[j … j + nd] −= qhat·v.
    let borrow = 0;
    let carry = 0;
    for (let i = 0; i < nd; i++) {
      const p = qhat * v[i] + carry;
      carry = Math.floor(p / B);
      let t = u[i + j] - (p - carry * B) - borrow;
      borrow = t < 0 ? 1 : 0;
      if (t < 0) t += B;
      u[i + j] = t;
    }
    let top = u[j + nd] - carry - borrow;
    if (top < 0) {
      // D6: qhat was one too large; add v back.
      qhat--;
      let k = 0;
      for (let i = 0; i < nd; i++) {
        const t = u[i + j] + v[i] + k;
        k = t >= B ? 1 : 0;
        u[i + j] = t - k * B;
      }
      top += k; // the borrow out of the top limb cancels: u now holds the true remainder
    }
    u[j + nd] = top;
    q[j] = qhat;
  }
  // D8: the remainder is u[0 … nd) shifted back.
  for (let i = 0; i < nd; i++) {
    const hi = i + 1 < nd ? u[i + 1] : 0;
    r[i] = (Math.floor(u[i] / f) + ((hi * (B / f)) % B)) % B;
  }
  return { q, r };
}
