/*
 * The software twins of zkvm_secp256k1_verify, zkvm_secp256k1_ecrecover and zkvm_modexp
 * (zkglue_sw.h): secp256k1_impl.h, the same library as zkglue_secp256k1.c, over software
 * arithmetic instead of the coprocessors. What the *_sw example guests run, to measure what the
 * coprocessors save.
 *
 * The backend is what a plain software library does, not tuned: a·b by 8×8-word schoolbook
 * (32×32 → 64-bit products); mod p by folding 2^256 ≡ 2^32 + 977 (SEC 2's prime is chosen for
 * it); mod any other m by long division (Knuth, TAOCP vol. 2 §4.3.1, Algorithm D); points
 * accumulated in Jacobian coordinates with a = 0 formulas (Cohen–Miyaji–Ono 1998, as in the
 * Explicit-Formulas Database: dbl-1998-cmo-2, mixed madd-1998-cmo), so a scalar multiplication
 * inverts twice (its table, by Montgomery's batch trick, and its result) instead of once per
 * point operation, each inversion by the binary extended Euclidean algorithm (HAC 14.61 for an
 * odd modulus).
 */
#include "secp256k1_tables.h"

/* Jacobian coordinates: (X, Y, Z) is the affine point (X/Z², Y/Z³); Z = 0 is the point at
   infinity. */
typedef struct {
  uint32_t x[8], y[8], z[8];
} secp_acc;

#define SECP_API(name) zkglue_sw_##name
#include "zkglue_sw.h"
#include "secp256k1_impl.h"

/* r := a·b, 16 words. */
static void u256_mul(uint32_t r[16], const uint32_t a[8], const uint32_t b[8]) {
  for (int i = 0; i < 16; i++) r[i] = 0;
  for (int i = 0; i < 8; i++) {
    uint64_t carry = 0;
    for (int j = 0; j < 8; j++) {
      uint64_t t = (uint64_t)a[i] * b[j] + r[i + j] + carry;
      r[i + j] = (uint32_t)t;
      carry = t >> 32;
    }
    r[i + 8] = (uint32_t)carry;
  }
}

/* r := a·b mod p: with t = a·b = H·2^256 + L and 2^256 ≡ 2^32 + 977, fold H·(2^32 + 977) into L
   twice (the second time the part above 2^256 is below 2^34), then subtract p if needed. r may
   alias a or b. */
static void fp_mul(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) {
  uint32_t t[16], s[8];
  u256_mul(t, a, b);
  uint64_t c = 0;
  for (int i = 0; i < 8; i++) {
    c += (uint64_t)t[i] + (uint64_t)t[8 + i] * 977 + (i > 0 ? t[7 + i] : 0);
    s[i] = (uint32_t)c;
    c >>= 32;
  }
  c += t[15]; /* the value is s + c·2^256, c < 2^34 */
  uint64_t acc = (uint64_t)s[0] + c * 977;
  s[0] = (uint32_t)acc;
  acc = (acc >> 32) + s[1] + c;
  s[1] = (uint32_t)acc;
  acc >>= 32;
  for (int i = 2; i < 8; i++) {
    acc += s[i];
    s[i] = (uint32_t)acc;
    acc >>= 32;
  }
  if (acc) { /* one more 2^256 ≡ 2^32 + 977; s is small now, so this cannot carry out */
    acc = (uint64_t)s[0] + 977;
    s[0] = (uint32_t)acc;
    acc = (acc >> 32) + s[1] + 1;
    s[1] = (uint32_t)acc;
    for (int i = 2; i < 8 && (acc >>= 32); i++) {
      acc += s[i];
      s[i] = (uint32_t)acc;
    }
  }
  if (u256_cmp(s, SECP_P) >= 0) u256_sub(s, s, SECP_P);
  u256_copy(r, s);
}

/* r := u mod v, u of 16 words, v of n words (2 ≤ n ≤ 8, v[n−1] ≠ 0): Algorithm D, normalised so
   the divisor's top bit is set, quotient digits estimated from the top two words and corrected
   (Hacker's Delight, divmnu64). */
static void mod_long(uint32_t r[8], const uint32_t u_in[16], const uint32_t *v_in, int n) {
  uint32_t v[8], u[17];
  int s = __builtin_clz(v_in[n - 1]);
  for (int i = n - 1; i > 0; i--) v[i] = (v_in[i] << s) | (s ? v_in[i - 1] >> (32 - s) : 0);
  v[0] = v_in[0] << s;
  u[16] = s ? u_in[15] >> (32 - s) : 0;
  for (int i = 15; i > 0; i--) u[i] = (u_in[i] << s) | (s ? u_in[i - 1] >> (32 - s) : 0);
  u[0] = u_in[0] << s;
  for (int j = 16 - n; j >= 0; j--) {
    uint64_t num = ((uint64_t)u[j + n] << 32) | u[j + n - 1];
    uint64_t qhat = num / v[n - 1];
    uint64_t rhat = num - qhat * v[n - 1];
    while (qhat >> 32 || qhat * v[n - 2] > ((rhat << 32) | u[j + n - 2])) {
      qhat--;
      rhat += v[n - 1];
      if (rhat >> 32) break;
    }
    int64_t k = 0, t;
    for (int i = 0; i < n; i++) {
      uint64_t p = qhat * v[i];
      t = (int64_t)u[i + j] - k - (int64_t)(p & 0xffffffffu);
      u[i + j] = (uint32_t)t;
      k = (int64_t)(p >> 32) - (t >> 32);
    }
    t = (int64_t)u[j + n] - k;
    u[j + n] = (uint32_t)t;
    if (t < 0) { /* qhat was one too large: add v back */
      uint64_t c = 0;
      for (int i = 0; i < n; i++) {
        c += (uint64_t)u[i + j] + v[i];
        u[i + j] = (uint32_t)c;
        c >>= 32;
      }
      u[j + n] += (uint32_t)c;
    }
  }
  for (int i = 0; i < 8; i++) r[i] = 0;
  for (int i = 0; i < n - 1; i++) r[i] = (u[i] >> s) | (s ? u[i + 1] << (32 - s) : 0);
  r[n - 1] = u[n - 1] >> s;
}

static void bk_modmul(uint32_t out[8], const uint32_t a[8], const uint32_t b[8], const uint32_t m[8]) {
  if (m == SECP_P) {
    fp_mul(out, a, b);
    return;
  }
  uint32_t t[16];
  u256_mul(t, a, b);
  int n = 8;
  while (n > 0 && m[n - 1] == 0) n--;
  if (n == 0) { /* m = 0: mod 2^256 */
    u256_copy(out, t);
  } else if (n == 1) {
    uint64_t rem = 0;
    for (int i = 15; i >= 0; i--) rem = ((rem << 32) | t[i]) % m[0];
    u256_set_word(out, (uint32_t)rem);
  } else {
    mod_long(out, t, m, n);
  }
}

/* a := a/2 mod p (a < p). */
static void fp_half(uint32_t a[8]) {
  uint32_t top = (a[0] & 1) ? u256_add(a, a, SECP_P) : 0;
  for (int i = 0; i < 7; i++) a[i] = (a[i] >> 1) | (a[i + 1] << 31);
  a[7] = (a[7] >> 1) | (top << 31);
}

/* a := a/2 (a even). */
static void u256_shr1(uint32_t a[8]) {
  for (int i = 0; i < 7; i++) a[i] = (a[i] >> 1) | (a[i + 1] << 31);
  a[7] >>= 1;
}

static int u256_is_one(const uint32_t a[8]) {
  uint32_t x = a[0] ^ 1;
  for (int i = 1; i < 8; i++) x |= a[i];
  return x == 0;
}

/* r := a^−1 mod p (0 < a < p): binary extended Euclid, keeping x1·a ≡ u and x2·a ≡ v (mod p)
   while u and v shrink to 1 (HAC Algorithm 14.61, specialised to an odd modulus). */
static void fp_inv(uint32_t r[8], const uint32_t a[8]) {
  uint32_t u[8], v[8], x1[8], x2[8];
  u256_copy(u, a);
  u256_copy(v, SECP_P);
  u256_set_word(x1, 1);
  u256_set_word(x2, 0);
  while (!u256_is_one(u) && !u256_is_one(v)) {
    while ((u[0] & 1) == 0) {
      u256_shr1(u);
      fp_half(x1);
    }
    while ((v[0] & 1) == 0) {
      u256_shr1(v);
      fp_half(x2);
    }
    if (u256_cmp(u, v) >= 0) {
      u256_sub(u, u, v);
      mod_sub(x1, x1, x2, SECP_P);
    } else {
      u256_sub(v, v, u);
      mod_sub(x2, x2, x1, SECP_P);
    }
  }
  u256_copy(r, u256_is_one(u) ? x1 : x2);
}

/* a := 2a (dbl-1998-cmo-2, a = 0): S = 4XY², M = 3X², X' = M² − 2S, Y' = M(S − X') − 8Y⁴,
   Z' = 2YZ. Infinity (Z = 0) stays infinity; Y = 0 gives Z' = 0, infinity, as it should. */
static void jac_double(secp_acc *a) {
  uint32_t yy[8], s[8], m[8], t[8];
  fp_mul(yy, a->y, a->y);
  fp_mul(s, a->x, yy);
  mod_add(s, s, s, SECP_P);
  mod_add(s, s, s, SECP_P);
  fp_mul(m, a->x, a->x);
  mod_add(t, m, m, SECP_P);
  mod_add(m, t, m, SECP_P);
  fp_mul(a->z, a->y, a->z);
  mod_add(a->z, a->z, a->z, SECP_P);
  fp_mul(a->x, m, m);
  mod_sub(a->x, a->x, s, SECP_P);
  mod_sub(a->x, a->x, s, SECP_P);
  fp_mul(yy, yy, yy);
  mod_add(yy, yy, yy, SECP_P);
  mod_add(yy, yy, yy, SECP_P);
  mod_add(yy, yy, yy, SECP_P);
  mod_sub(t, s, a->x, SECP_P);
  fp_mul(t, m, t);
  mod_sub(a->y, t, yy, SECP_P);
}

static void bk_acc_clear(secp_acc *acc) { u256_set_word(acc->z, 0); }

static void bk_acc_dbl4(secp_acc *acc) {
  if (u256_is_zero(acc->z)) return;
  for (int i = 0; i < 4; i++) jac_double(acc);
}

/* acc := acc + q, q affine (madd-1998-cmo): U = qx·Z², S = qy·Z³, H = U − X, R = S − Y,
   X' = R² − H³ − 2XH², Y' = R(XH² − X') − YH³, Z' = ZH. H = 0 means acc = ±q: a doubling when
   R = 0 too, else the point at infinity. */
static void bk_acc_add(secp_acc *a, const secp_point *q) {
  uint32_t zz[8], u[8], s[8], h[8], r[8], hh[8], hhh[8], v[8];
  if (u256_is_zero(a->z)) {
    u256_copy(a->x, q->w);
    u256_copy(a->y, q->w + 8);
    u256_set_word(a->z, 1);
    return;
  }
  fp_mul(zz, a->z, a->z);
  fp_mul(u, q->w, zz);
  fp_mul(s, q->w + 8, zz);
  fp_mul(s, s, a->z);
  mod_sub(h, u, a->x, SECP_P);
  mod_sub(r, s, a->y, SECP_P);
  if (u256_is_zero(h)) {
    if (u256_is_zero(r))
      jac_double(a);
    else
      u256_set_word(a->z, 0);
    return;
  }
  fp_mul(hh, h, h);
  fp_mul(hhh, hh, h);
  fp_mul(v, a->x, hh);
  fp_mul(a->x, r, r);
  mod_sub(a->x, a->x, hhh, SECP_P);
  mod_sub(a->x, a->x, v, SECP_P);
  mod_sub(a->x, a->x, v, SECP_P);
  mod_sub(v, v, a->x, SECP_P);
  fp_mul(v, r, v);
  fp_mul(hhh, a->y, hhh);
  mod_sub(a->y, v, hhh, SECP_P);
  fp_mul(a->z, a->z, h);
}

/* out := (X·zi², Y·zi³) for zi = 1/Z. */
static void jac_affine(secp_point *out, const secp_acc *a, const uint32_t zi[8]) {
  uint32_t zi2[8];
  fp_mul(zi2, zi, zi);
  fp_mul(out->w, a->x, zi2);
  fp_mul(zi2, zi2, zi);
  fp_mul(out->w + 8, a->y, zi2);
}

static int bk_acc_get(secp_point *out, const secp_acc *acc) {
  uint32_t zi[8];
  if (u256_is_zero(acc->z)) return 0;
  fp_inv(zi, acc->z);
  jac_affine(out, acc, zi);
  return 1;
}

/* 1q..15q in Jacobian coordinates, then made affine with one inversion (Montgomery's trick: invert
   the product of the Z's, then peel each 1/Z off with two multiplications). No Z is 0: kq ≠ 0
   for k < n. */
static void bk_table(secp_point tab[15], const secp_point *q) {
  secp_acc j[15];
  uint32_t prefix[15][8], inv[8], zi[8];
  bk_acc_clear(&j[0]);
  bk_acc_add(&j[0], q);
  j[1] = j[0];
  jac_double(&j[1]);
  for (int k = 2; k < 15; k++) {
    j[k] = j[k - 1];
    bk_acc_add(&j[k], q);
  }
  u256_copy(prefix[0], j[0].z);
  for (int k = 1; k < 15; k++) fp_mul(prefix[k], prefix[k - 1], j[k].z);
  fp_inv(inv, prefix[14]);
  for (int k = 14; k > 0; k--) {
    fp_mul(zi, inv, prefix[k - 1]);
    fp_mul(inv, inv, j[k].z);
    jac_affine(&tab[k], &j[k], zi);
  }
  jac_affine(&tab[0], &j[0], inv);
}
