/*
 * The guest's secp256k1 ECDSA (verify, ecrecover) and 256-bit modexp, written once over a
 * small backend (modular multiplication and point accumulation) and compiled twice:
 * zkglue_secp256k1.c over the coprocessors (modmul256, secp256k1_add, secp256k1_double) as
 * zkvm_accelerators.h's functions, and zkglue_secp256k1_sw.c over software arithmetic as their
 * twins in zkglue_sw.h, for measuring what the coprocessors save. Everything above the backend
 * (range checks, decompression, the exponentiation chains, the Straus loop, modexp) is this one
 * code, so the two builds give the same answers.
 *
 * The includer defines SECP_API(name), the public name of each function, and the type secp_acc
 * (the accumulator of a scalar multiplication), includes this file, then defines the backend:
 *   bk_modmul(out, a, b, m)  out := a·b mod m (256-bit, m = 0: mod 2^256), modmul256's contract:
 *                            a, b any 256-bit values, b may be a, out apart from a, b and m;
 *   bk_table(tab, q)         tab[k − 1] := k·q (affine) for k = 1..15, q a point of the curve;
 *   bk_acc_clear(acc)        acc := the point at infinity;
 *   bk_acc_dbl4(acc)         acc := 16·acc;
 *   bk_acc_add(acc, q)       acc := acc + q, q an affine point of the curve, acc anything
 *                            (infinity, q, −q included);
 *   bk_acc_get(out, acc)     out := acc in affine coordinates; 0 if acc is the point at infinity.
 * zkglue_secp256k1.c keeps the accumulator affine, as the coprocessors want it, and does the
 * exceptional sums (infinity, acc = ±q) in software, so secp256k1_add is never called with
 * p = ±q; every point it adds or doubles is on the curve (checked public keys, lifted x
 * coordinates, multiples of G), and no point of secp256k1 has y = 0 (x³ = −7 has no root mod p:
 * the group order n is odd, so there is no point of order 2), so neither is secp256k1_double
 * called with y = 0. zkglue_secp256k1_sw.c accumulates in Jacobian coordinates, as a software
 * library does (one inversion per scalar multiplication, not one per addition).
 *
 * Numbers are 8 little-endian u32 words; the byte strings of the interfaces are big-endian, as
 * Ethereum's. Everything is variable-time: verification and recovery handle only public data.
 */
#ifndef SECP256K1_IMPL_H
#define SECP256K1_IMPL_H

#include "secp256k1_tables.h"
#include "zkglue.h"
#include "zkvm_accelerators.h"

static void bk_modmul(uint32_t out[8], const uint32_t a[8], const uint32_t b[8], const uint32_t m[8]);
static void bk_table(secp_point tab[15], const secp_point *q);
static void bk_acc_clear(secp_acc *acc);
static void bk_acc_dbl4(secp_acc *acc);
static void bk_acc_add(secp_acc *acc, const secp_point *q);
static int bk_acc_get(secp_point *out, const secp_acc *acc);

/* ---- 256-bit integers ---------------------------------------------------------------------- */

/* The copies are word loops gcc would turn into a call of the runtime's byte-wise memcpy. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) static void u256_copy(uint32_t r[8],
                                                                                   const uint32_t a[8]) {
  for (int i = 0; i < 8; i++) r[i] = a[i];
}

static void u256_set_word(uint32_t r[8], uint32_t x) {
  r[0] = x;
  for (int i = 1; i < 8; i++) r[i] = 0;
}

static int u256_is_zero(const uint32_t a[8]) {
  uint32_t x = 0;
  for (int i = 0; i < 8; i++) x |= a[i];
  return x == 0;
}

static int u256_eq(const uint32_t a[8], const uint32_t b[8]) {
  for (int i = 0; i < 8; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* -1, 0 or 1 as a < b, a = b, a > b. */
static int u256_cmp(const uint32_t a[8], const uint32_t b[8]) {
  for (int i = 7; i >= 0; i--)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/* r := a + b mod 2^256; returns the carry. r may alias a or b. */
static uint32_t u256_add(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) {
  uint32_t carry = 0;
  for (int i = 0; i < 8; i++) {
    uint32_t s = a[i] + carry;
    carry = s < carry;
    r[i] = s + b[i];
    carry += r[i] < s;
  }
  return carry;
}

/* r := a − b mod 2^256; returns the borrow. r may alias a or b. */
static uint32_t u256_sub(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) {
  uint32_t borrow = 0;
  for (int i = 0; i < 8; i++) {
    uint32_t d = a[i] - b[i];
    uint32_t nb = a[i] < b[i];
    r[i] = d - borrow;
    borrow = nb | (d < borrow);
  }
  return borrow;
}

/* r := a + b mod m, for a, b < m. */
static void mod_add(uint32_t r[8], const uint32_t a[8], const uint32_t b[8], const uint32_t m[8]) {
  if (u256_add(r, a, b) || u256_cmp(r, m) >= 0) u256_sub(r, r, m);
}

/* r := a − b mod m, for a, b < m (used by the software backend). */
__attribute__((unused)) static void mod_sub(uint32_t r[8], const uint32_t a[8], const uint32_t b[8], const uint32_t m[8]) {
  if (u256_sub(r, a, b)) u256_add(r, r, m);
}

/* The 32 big-endian bytes b as words. */
static void u256_from_be(uint32_t r[8], const uint8_t b[32]) {
  for (int i = 0; i < 8; i++) {
    const uint8_t *p = b + 28 - 4 * i;
    r[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
  }
}

/* a as 32 big-endian bytes. */
static void u256_to_be(uint8_t b[32], const uint32_t a[8]) {
  for (int i = 0; i < 8; i++) {
    uint8_t *p = b + 28 - 4 * i;
    p[0] = (uint8_t)(a[i] >> 24);
    p[1] = (uint8_t)(a[i] >> 16);
    p[2] = (uint8_t)(a[i] >> 8);
    p[3] = (uint8_t)a[i];
  }
}

/* ---- Exponentiation by an addition chain (secp256k1_tables.h) ------------------------------- */

/* out := x^e mod m for the exponent e of `chain`; reg has room for the chain's registers. A
   step's squarings alternate between its dst and a scratch word (modmul256 writes apart from its
   operands), ending in the scratch when a multiplication follows, in dst when none does; they go
   in pairs, so the loop costs little beside the calls (it is most of an inversion's cycles). */
static void chain_pow(uint32_t out[8], const uint32_t x[8], const uint32_t m[8], const secp_chain_step *steps,
                      int count, uint32_t (*reg)[8]) {
  uint32_t scratch[8];
  u256_copy(reg[0], x);
  for (int i = 0; i < count; i++) {
    const secp_chain_step s = steps[i];
    uint32_t *dst = reg[s.dst];
    uint32_t *last = s.mul == SECP_CHAIN_NONE ? dst : scratch;
    uint32_t *other = last == dst ? scratch : dst;
    const uint32_t *a = reg[s.src];
    int k = s.sqr;
    if (k & 1) {
      bk_modmul(last, a, a, m);
      a = last;
    }
    for (k >>= 1; k > 0; k--) {
      bk_modmul(other, a, a, m);
      bk_modmul(last, other, other, m);
      a = last;
    }
    if (s.mul != SECP_CHAIN_NONE) bk_modmul(dst, a, reg[s.mul], m);
  }
  u256_copy(out, reg[steps[count - 1].dst]);
}

/* out := a^−1 mod n (a ≠ 0 mod n), by Fermat: a^(n−2). */
static void scalar_inv(uint32_t out[8], const uint32_t a[8]) {
  uint32_t reg[SECP_INV_N_CHAIN_REGS][8];
  chain_pow(out, a, SECP_N, SECP_INV_N_CHAIN, SECP_INV_N_CHAIN_STEPS, reg);
}

/* 1 ≤ a < n: a valid r or s. */
static int scalar_valid(const uint32_t a[8]) { return !u256_is_zero(a) && u256_cmp(a, SECP_N) < 0; }

/* ---- Points ---------------------------------------------------------------------------------- */

/* out := x³ + 7 mod p (x < p). */
static void curve_rhs(uint32_t out[8], const uint32_t x[8]) {
  static const uint32_t SEVEN[8] = {7};
  uint32_t x2[8], x3[8];
  bk_modmul(x2, x, x, SECP_P);
  bk_modmul(x3, x2, x, SECP_P);
  mod_add(out, x3, SEVEN, SECP_P);
}

/* Whether pt is a point of the curve: both coordinates < p and y² = x³ + 7. */
static int point_valid(const secp_point *pt) {
  const uint32_t *x = pt->w, *y = pt->w + 8;
  if (u256_cmp(x, SECP_P) >= 0 || u256_cmp(y, SECP_P) >= 0) return 0;
  uint32_t rhs[8], y2[8];
  curve_rhs(rhs, x);
  bk_modmul(y2, y, y, SECP_P);
  return u256_eq(y2, rhs);
}

/* Sets pt->y to the root of x³ + 7 whose parity is `odd` (pt->x < p given); returns 0 if x is not
   the x coordinate of a point. p ≡ 3 mod 4, so a root of c, if there is one, is c^((p+1)/4). */
static int point_lift_x(secp_point *pt, uint32_t odd) {
  uint32_t c[8], y2[8], reg[SECP_SQRT_P_CHAIN_REGS][8];
  uint32_t *y = pt->w + 8;
  curve_rhs(c, pt->w);
  chain_pow(y, c, SECP_P, SECP_SQRT_P_CHAIN, SECP_SQRT_P_CHAIN_STEPS, reg);
  bk_modmul(y2, y, y, SECP_P);
  if (!u256_eq(y2, c)) return 0;
  if ((y[0] & 1) != odd) u256_sub(y, SECP_P, y); /* y ≠ 0 (see the top), so p − y < p */
  return 1;
}

/* out := u1·G + u2·q for a point q of the curve; returns 0 if that is the point at infinity.
   Straus's interleaving with 4-bit windows: 64 rounds of four doublings of the accumulator, an
   addition of (nibble of u2)·q from a table of 1q..15q and one of (nibble of u1)·G from
   SECP_G_TABLE; zero nibbles add nothing. */
static int secp_mul2(secp_point *out, const uint32_t u1[8], const secp_point *q, const uint32_t u2[8]) {
  secp_point tab[15];
  secp_acc acc;
  bk_table(tab, q);
  bk_acc_clear(&acc);
  for (int i = 63; i >= 0; i--) {
    bk_acc_dbl4(&acc);
    int shift = 4 * (i & 7);
    uint32_t d2 = (u2[i >> 3] >> shift) & 15;
    uint32_t d1 = (u1[i >> 3] >> shift) & 15;
    if (d2) bk_acc_add(&acc, &tab[d2 - 1]);
    if (d1) bk_acc_add(&acc, &SECP_G_TABLE[d1 - 1]);
  }
  return bk_acc_get(out, &acc);
}

/* ---- ECDSA (SEC 1 v2 §4.1.4 verification, §4.1.6 public key recovery) ----------------------- */

/* Whether sig = r‖s is a signature of the hash msg by pub = x‖y (big-endian). r and s must be in
   [1, n−1] (high s accepted, as Ethereum's ecrecover does); pub must be a point of the curve;
   the hash is read as a 256-bit integer (bits2int of a 32-byte hash), used mod n. */
static int secp_verify(const uint8_t msg[32], const uint8_t sig[64], const uint8_t pub[64]) {
  uint32_t r[8], s[8], z[8], w[8], u1[8], u2[8];
  secp_point q, rp;
  u256_from_be(r, sig);
  u256_from_be(s, sig + 32);
  if (!scalar_valid(r) || !scalar_valid(s)) return 0;
  u256_from_be(q.w, pub);
  u256_from_be(q.w + 8, pub + 32);
  if (!point_valid(&q)) return 0;
  u256_from_be(z, msg);
  scalar_inv(w, s);
  bk_modmul(u1, z, w, SECP_N); /* z need not be < n: modmul256 reduces the product */
  bk_modmul(u2, r, w, SECP_N);
  if (!secp_mul2(&rp, u1, &q, u2)) return 0;
  /* R.x < p < 2n, so R.x mod n is R.x or R.x − n. */
  if (u256_cmp(rp.w, SECP_N) >= 0) u256_sub(rp.w, rp.w, SECP_N);
  return u256_eq(rp.w, r);
}

/* The public key whose signature of msg is sig with recovery id recid (0..3: bit 0 the parity
   of R.y, bit 1 R.x = r + n), into out; 0 if there is none: r or s outside [1, n−1], recid > 3,
   r + n ≥ p for recid 2 or 3, r not the x of a point, or the key the point at infinity. */
static int secp_recover(secp_point *out, const uint8_t msg[32], const uint8_t sig[64], uint8_t recid) {
  uint32_t r[8], s[8], z[8], rinv[8], u1[8], u2[8];
  secp_point rp;
  if (recid > 3) return 0;
  u256_from_be(r, sig);
  u256_from_be(s, sig + 32);
  if (!scalar_valid(r) || !scalar_valid(s)) return 0;
  u256_copy(rp.w, r);
  if ((recid & 2) && (u256_add(rp.w, r, SECP_N) || u256_cmp(rp.w, SECP_P) >= 0)) return 0;
  if (!point_lift_x(&rp, recid & 1)) return 0;
  /* Q = r^−1 (s·R − z·G) = (−z·r^−1)·G + (s·r^−1)·R; (r + n)^−1 = r^−1 mod n. */
  u256_from_be(z, msg);
  scalar_inv(rinv, r);
  bk_modmul(u2, z, rinv, SECP_N);
  if (u256_is_zero(u2))
    u256_copy(u1, u2);
  else
    u256_sub(u1, SECP_N, u2);
  bk_modmul(u2, s, rinv, SECP_N);
  return secp_mul2(out, u1, &rp, u2);
}

/* ---- Modular exponentiation (EIP-198 semantics, moduli up to 256 bits) ---------------------- */

/* The big-endian bytes b[0..len) (len ≤ 32) as words. */
static void u256_from_be_short(uint32_t r[8], const uint8_t *b, size_t len) {
  u256_set_word(r, 0);
  for (size_t k = 0; k < len; k++) r[k >> 2] |= (uint32_t)b[len - 1 - k] << (8 * (k & 3));
}

/* out := the big-endian bytes b[0..len) mod m (m ≠ 0), any length: Horner over 32-byte chunks,
   acc := acc·2^256 + chunk mod m, with 2^256 mod m = (2^128)² mod m. */
static void mod_reduce_be(uint32_t out[8], const uint8_t *b, size_t len, const uint32_t m[8]) {
  static const uint32_t ONE[8] = {1};
  static const uint32_t TWO_128[8] = {0, 0, 0, 0, 1};
  uint32_t chunk[8], r256[8], t[8];
  size_t first = len % 32 == 0 && len > 0 ? 32 : len % 32;
  u256_from_be_short(chunk, b, first);
  bk_modmul(out, chunk, ONE, m);
  if (len > first) bk_modmul(r256, TWO_128, TWO_128, m);
  for (size_t at = first; at < len; at += 32) {
    u256_from_be(chunk, b + at);
    bk_modmul(t, out, r256, m);
    bk_modmul(out, chunk, ONE, m);
    mod_add(out, out, t, m);
  }
}

/* The k bits (k = 1, 2 or 4) of the big-endian exponent e (len bytes) from bit pos, a multiple
   of k (bit 0 the least significant): they lie in one byte. */
static uint32_t exp_window(const uint8_t *e, size_t len, size_t pos, int k) {
  return (uint32_t)(e[len - 1 - (pos >> 3)] >> (pos & 7)) & ((1u << k) - 1);
}

/* out := base^e mod m (m ≠ 0), e given as big-endian bytes, by left-to-right 2^k-ary
   exponentiation with the window k (1, 2 or 4) that costs fewest modmul256 calls for e's length:
   about `bits` squarings, bits/k multiplications and 2^k − 2 for the table of powers. */
static void mod_pow(uint32_t out[8], const uint8_t *base, size_t base_len, const uint8_t *e, size_t e_len,
                    const uint32_t m[8]) {
  static const uint32_t ONE[8] = {1};
  uint32_t tab[16][8], buf[2][8];
  while (e_len > 0 && e[0] == 0) e++, e_len--;
  if (e_len == 0) { /* x^0 = 1, also for x = 0 (EIP-198) */
    bk_modmul(out, ONE, ONE, m);
    return;
  }
  size_t bits = 8 * e_len - 8;
  for (uint32_t top = e[0]; top != 0; top >>= 1) bits++;
  int k = 1;
  for (int c = 2; c <= 4; c += 2)
    if ((bits + (size_t)c - 1) / (size_t)c + (1u << c) < (bits + (size_t)k - 1) / (size_t)k + (1u << k)) k = c;
  mod_reduce_be(tab[1], base, base_len, m);
  for (int j = 2; j < (1 << k); j++) bk_modmul(tab[j], tab[j - 1], tab[1], m);
  size_t pos = (bits - 1) / (size_t)k * (size_t)k; /* the top window, ≠ 0: it holds the top bit */
  uint32_t *x = buf[0], *y = buf[1], *t;
  u256_copy(x, tab[exp_window(e, e_len, pos, k)]);
  while (pos > 0) {
    pos -= (size_t)k;
    if (k == 1) {
      bk_modmul(y, x, x, m);
      t = x, x = y, y = t;
    } else { /* k even: the squarings in pairs, x → y → x */
      for (int j = 0; j < k; j += 2) {
        bk_modmul(y, x, x, m);
        bk_modmul(x, y, y, m);
      }
    }
    uint32_t d = exp_window(e, e_len, pos, k);
    if (d) {
      bk_modmul(y, x, tab[d], m);
      t = x, x = y, y = t;
    }
  }
  u256_copy(out, x);
}

/* ---- The public functions (zkvm_accelerators.h) --------------------------------------------- */

/* The standard's usage note: a NULL pointer SHOULD panic (for a byte string, a non-empty one). */
static void secp_require(const void *p, size_t len, const char *what) {
  if (p == NULL && len != 0) zkglue_panic(what);
}

zkvm_status SECP_API(secp256k1_verify)(const zkvm_secp256k1_hash *msg, const zkvm_secp256k1_signature *sig,
                                       const zkvm_secp256k1_pubkey *pubkey, bool *verified) {
  secp_require(msg, 1, "zkvm_secp256k1_verify: msg is NULL");
  secp_require(sig, 1, "zkvm_secp256k1_verify: sig is NULL");
  secp_require(pubkey, 1, "zkvm_secp256k1_verify: pubkey is NULL");
  secp_require(verified, 1, "zkvm_secp256k1_verify: verified is NULL");
  *verified = secp_verify(msg->data, sig->data, pubkey->data) != 0;
  return ZKVM_EOK;
}

zkvm_status SECP_API(secp256k1_ecrecover)(const zkvm_secp256k1_hash *msg, const zkvm_secp256k1_signature *sig,
                                          uint8_t recid, zkvm_secp256k1_pubkey *output) {
  secp_require(msg, 1, "zkvm_secp256k1_ecrecover: msg is NULL");
  secp_require(sig, 1, "zkvm_secp256k1_ecrecover: sig is NULL");
  secp_require(output, 1, "zkvm_secp256k1_ecrecover: output is NULL");
  secp_point q;
  if (!secp_recover(&q, msg->data, sig->data, recid)) return ZKVM_EFAIL;
  u256_to_be(output->data, q.w);
  u256_to_be(output->data + 32, q.w + 8);
  return ZKVM_EOK;
}

zkvm_status SECP_API(modexp)(const uint8_t *base, size_t base_len, const uint8_t *exp, size_t exp_len,
                             const uint8_t *modulus, size_t mod_len, uint8_t *output) {
  secp_require(base, base_len, "zkvm_modexp: base is NULL");
  secp_require(exp, exp_len, "zkvm_modexp: exp is NULL");
  secp_require(modulus, mod_len, "zkvm_modexp: modulus is NULL");
  secp_require(output, mod_len, "zkvm_modexp: output is NULL");
  size_t skip = 0;
  while (skip < mod_len && modulus[skip] == 0) skip++;
  if (mod_len - skip > 32) return ZKVM_EFAIL; /* more than 256 bits: not supported */
  for (size_t i = 0; i < mod_len; i++) output[i] = 0;
  if (skip == mod_len) return ZKVM_EOK; /* modulus 0: the result is 0 (EIP-198) */
  uint32_t m[8], r[8];
  uint8_t be[32];
  u256_from_be_short(m, modulus + skip, mod_len - skip);
  mod_pow(r, base, base_len, exp, exp_len, m);
  u256_to_be(be, r);
  /* r < m < 2^(8·(mod_len − skip)): its bytes above the modulus's are zero. */
  for (size_t i = skip; i < mod_len; i++) output[i] = be[32 - mod_len + i];
  return ZKVM_EOK;
}

#endif
