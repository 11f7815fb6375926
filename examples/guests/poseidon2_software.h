/*
 * Software Poseidon2 for the example guests that hash without the coprocessor (merkle_1k_sw.c):
 * Plonky3's BabyBear width-16 permutation in RV32IM, and the 2-to-1 compression its Merkle trees
 * use. Header-only (static functions), like sha256_software.h.
 *
 * The permutation (Plonky3 poseidon2/src/lib.rs, Poseidon2::permute_mut; external.rs; the
 * Monty-31 internal layer), on a state of 16 BabyBear elements:
 *   1. the external linear layer;
 *   2. 4 full rounds: add the round's 16 constants, x^7 on every element, the external layer;
 *   3. 13 partial rounds: add the round's constant to s[0], x^7 on s[0] only, the internal layer;
 *   4. 4 full rounds, with the terminal constants.
 * External layer: the 4x4 matrix M4 = [2 3 1 1; 1 2 3 1; 1 1 2 3; 3 1 1 2] on each group of four
 * (x[4g..4g+4)), then y_i = x_i + sum_g x[4g + i mod 4] (the matrix circ(2·M4, M4, M4, M4)).
 * Internal layer: s_i := sum(s) + V_i·s_i with Plonky3's diagonal V (below).
 *
 * Arithmetic is Montgomery form with R = 2^32: an element x is held as x·R mod p, a product of
 * two is one 32x32 -> 64-bit multiplication (mul + mulhu) and a Montgomery reduction (two more
 * multiplications), every value stays in [0, p). The constants are written as Plonky3 prints
 * them (canonical) and converted to Montgomery form at compile time (MONTY), so the guest spends
 * no cycles on them. poseidon2_permute_monty works on Montgomery form throughout, so a Merkle
 * tree converts only its leaves (p2_to_monty) and its root (p2_from_monty). Every input element
 * must be < p (not checked; the coprocessor refuses such a call).
 */
#ifndef POSEIDON2_SOFTWARE_H
#define POSEIDON2_SOFTWARE_H

#include "zkglue.h"

#define P2_P ZKGLUE_BABYBEAR_P
/* p^-1 mod 2^32 (p = 1 + 15·2^27, so p^-1 = 1 - 15·2^27 mod 2^32): Plonky3's MONTY_MU. */
#define P2_MU 0x88000001u
/* x·2^32 mod p: the Montgomery form of a canonical x, as a constant expression. */
#define MONTY(x) ((uint32_t)((((uint64_t)(x)) << 32) % P2_P))
/* 2^-k mod p for k <= 27: 2^k · (p - (p-1)/2^k) = 2^k·p - (p - 1) = 1 mod p. */
#define INV_2EXP(k) (P2_P - ((P2_P - 1) >> (k)))
#define NEG(x) (P2_P - (x))

/* Plonky3 baby-bear/src/poseidon2.rs, BABYBEAR_POSEIDON2_RC_16_EXTERNAL_INITIAL. */
static const uint32_t P2_RC_INITIAL[4][16] = {
    {MONTY(0x69cbb6af), MONTY(0x46ad93f9), MONTY(0x60a00f4e), MONTY(0x6b1297cd),
     MONTY(0x23189afe), MONTY(0x732e7bef), MONTY(0x72c246de), MONTY(0x2c941900),
     MONTY(0x0557eede), MONTY(0x1580496f), MONTY(0x3a3ea77b), MONTY(0x54f3f271),
     MONTY(0x0f49b029), MONTY(0x47872fe1), MONTY(0x221e2e36), MONTY(0x1ab7202e)},
    {MONTY(0x487779a6), MONTY(0x3851c9d8), MONTY(0x38dc17c0), MONTY(0x209f8849),
     MONTY(0x268dcee8), MONTY(0x350c48da), MONTY(0x5b9ad32e), MONTY(0x0523272b),
     MONTY(0x3f89055b), MONTY(0x01e894b2), MONTY(0x13ddedde), MONTY(0x1b2ef334),
     MONTY(0x7507d8b4), MONTY(0x6ceeb94e), MONTY(0x52eb6ba2), MONTY(0x50642905)},
    {MONTY(0x05453f3f), MONTY(0x06349efc), MONTY(0x6922787c), MONTY(0x04bfff9c),
     MONTY(0x768c714a), MONTY(0x3e9ff21a), MONTY(0x15737c9c), MONTY(0x2229c807),
     MONTY(0x0d47f88c), MONTY(0x097e0ecc), MONTY(0x27eadba0), MONTY(0x2d7d29e4),
     MONTY(0x3502aaa0), MONTY(0x0f475fd7), MONTY(0x29fbda49), MONTY(0x018afffd)},
    {MONTY(0x0315b618), MONTY(0x6d4497d1), MONTY(0x1b171d9e), MONTY(0x52861abd),
     MONTY(0x2e5d0501), MONTY(0x3ec8646c), MONTY(0x6e5f250a), MONTY(0x148ae8e6),
     MONTY(0x17f5fa4a), MONTY(0x3e66d284), MONTY(0x0051aa3b), MONTY(0x483f7913),
     MONTY(0x2cfe5f15), MONTY(0x023427ca), MONTY(0x2cc78315), MONTY(0x1e36ea47)},
};

/* Plonky3 baby-bear/src/poseidon2.rs, BABYBEAR_POSEIDON2_RC_16_EXTERNAL_FINAL. */
static const uint32_t P2_RC_TERMINAL[4][16] = {
    {MONTY(0x7290a80d), MONTY(0x6f7e5329), MONTY(0x598ec8a8), MONTY(0x76a859a0),
     MONTY(0x6559e868), MONTY(0x657b83af), MONTY(0x13271d3f), MONTY(0x1f876063),
     MONTY(0x0aeeae37), MONTY(0x706e9ca6), MONTY(0x46400cee), MONTY(0x72a05c26),
     MONTY(0x2c589c9e), MONTY(0x20bd37a7), MONTY(0x6a2d3d10), MONTY(0x20523767)},
    {MONTY(0x5b8fe9c4), MONTY(0x2aa501d6), MONTY(0x1e01ac3e), MONTY(0x1448bc54),
     MONTY(0x5ce5ad1c), MONTY(0x4918a14d), MONTY(0x2c46a83f), MONTY(0x4fcf6876),
     MONTY(0x61d8d5c8), MONTY(0x6ddf4ff9), MONTY(0x11fda4d3), MONTY(0x02933a8f),
     MONTY(0x170eaf81), MONTY(0x5a9c314f), MONTY(0x49a12590), MONTY(0x35ec52a1)},
    {MONTY(0x58eb1611), MONTY(0x5e481e65), MONTY(0x367125c9), MONTY(0x0eba33ba),
     MONTY(0x1fc28ded), MONTY(0x066399ad), MONTY(0x0cbec0ea), MONTY(0x75fd1af0),
     MONTY(0x50f5bf4e), MONTY(0x643d5f41), MONTY(0x6f4fe718), MONTY(0x5b3cbbde),
     MONTY(0x1e3afb3e), MONTY(0x296fb027), MONTY(0x45e1547b), MONTY(0x4a8db2ab)},
    {MONTY(0x59986d19), MONTY(0x30bcdfa3), MONTY(0x1db63932), MONTY(0x1d7c2824),
     MONTY(0x53b33681), MONTY(0x0673b747), MONTY(0x038a98a3), MONTY(0x2c5bce60),
     MONTY(0x351979cd), MONTY(0x5008fb73), MONTY(0x547bca78), MONTY(0x711af481),
     MONTY(0x3f93bf64), MONTY(0x644d987b), MONTY(0x3c8bcd87), MONTY(0x608758b8)},
};

/* Plonky3 baby-bear/src/poseidon2.rs, BABYBEAR_POSEIDON2_RC_16_INTERNAL. */
static const uint32_t P2_RC_INTERNAL[13] = {
    MONTY(0x5a8053c0), MONTY(0x693be639), MONTY(0x3858867d), MONTY(0x19334f6b), MONTY(0x128f0fd8),
    MONTY(0x4e2b1ccb), MONTY(0x61210ce0), MONTY(0x3c318939), MONTY(0x0b5b2f22), MONTY(0x2edb11d5),
    MONTY(0x213effdf), MONTY(0x0cac4606), MONTY(0x241af16d)};

/* Plonky3 baby-bear/src/poseidon2.rs, the width-16 internal diagonal V:
   [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8, 1/2^27, -1/2^8, -1/16, -1/2^27]. */
static const uint32_t P2_DIAG[16] = {
    MONTY(NEG(2)),           MONTY(1),           MONTY(2),           MONTY(INV_2EXP(1)),
    MONTY(3),                MONTY(4),           MONTY(NEG(INV_2EXP(1))), MONTY(NEG(3)),
    MONTY(NEG(4)),           MONTY(INV_2EXP(8)), MONTY(INV_2EXP(2)), MONTY(INV_2EXP(3)),
    MONTY(INV_2EXP(27)),     MONTY(NEG(INV_2EXP(8))), MONTY(NEG(INV_2EXP(4))),
    MONTY(NEG(INV_2EXP(27)))};

/* (a + b) mod p for a, b < p (< 2^31, so the sum fits a u32). */
static inline uint32_t p2_add(uint32_t a, uint32_t b) {
  uint32_t s = a + b;
  return s >= P2_P ? s - P2_P : s;
}

/* x·2^-32 mod p for x < p·2^32 (Plonky3 monty-31 monty_reduce): t = x·p^-1 mod 2^32 makes
   x - t·p divisible by 2^32, and (x - t·p)/2^32 lies in (-p, p). */
static inline uint32_t p2_reduce(uint64_t x) {
  uint32_t t = (uint32_t)x * P2_MU;
  uint32_t u = (uint32_t)(((uint64_t)t * P2_P) >> 32);
  uint32_t hi = (uint32_t)(x >> 32);
  return hi >= u ? hi - u : hi - u + P2_P;
}

/* The Montgomery product: (a·R)(b·R)/R = (ab)·R. */
static inline uint32_t p2_mul(uint32_t a, uint32_t b) { return p2_reduce((uint64_t)a * b); }

/* The S-box x^7 = x^4 · x^3. */
static inline uint32_t p2_sbox(uint32_t x) {
  uint32_t x2 = p2_mul(x, x);
  uint32_t x3 = p2_mul(x2, x);
  uint32_t x4 = p2_mul(x2, x2);
  return p2_mul(x4, x3);
}

/* x := M4·x, M4 = [2 3 1 1; 1 2 3 1; 1 1 2 3; 3 1 1 2] (Plonky3 external.rs, apply_mat4). */
static inline void p2_mat4(uint32_t *x) {
  uint32_t t01 = p2_add(x[0], x[1]);
  uint32_t t23 = p2_add(x[2], x[3]);
  uint32_t t0123 = p2_add(t01, t23);
  uint32_t t01123 = p2_add(t0123, x[1]);
  uint32_t t01233 = p2_add(t0123, x[3]);
  uint32_t y3 = p2_add(t01233, p2_add(x[0], x[0])); /* 3x0 + x1 + x2 + 2x3 */
  uint32_t y1 = p2_add(t01123, p2_add(x[2], x[2])); /* x0 + 2x1 + 3x2 + x3 */
  x[0] = p2_add(t01123, t01);                        /* 2x0 + 3x1 + x2 + x3 */
  x[2] = p2_add(t01233, t23);                        /* x0 + x1 + 2x2 + 3x3 */
  x[1] = y1;
  x[3] = y3;
}

/* The external linear layer (Plonky3 external.rs, mds_light_permutation for width 16). */
static void p2_external_layer(uint32_t s[16]) {
  for (int g = 0; g < 16; g += 4) p2_mat4(s + g);
  uint32_t sums[4];
  for (int k = 0; k < 4; k++) sums[k] = p2_add(p2_add(s[k], s[4 + k]), p2_add(s[8 + k], s[12 + k]));
  for (int i = 0; i < 16; i++) s[i] = p2_add(s[i], sums[i & 3]);
}

/* One full round: constants, S-box on every element, external layer. */
static void p2_full_round(uint32_t s[16], const uint32_t rc[16]) {
  for (int i = 0; i < 16; i++) s[i] = p2_sbox(p2_add(s[i], rc[i]));
  p2_external_layer(s);
}

/* One partial round: constant and S-box on s[0], then s_i := sum(s) + V_i·s_i. */
static void p2_partial_round(uint32_t s[16], uint32_t rc) {
  s[0] = p2_sbox(p2_add(s[0], rc));
  uint32_t sum = s[0];
  for (int i = 1; i < 16; i++) sum = p2_add(sum, s[i]);
  for (int i = 0; i < 16; i++) s[i] = p2_add(sum, p2_mul(P2_DIAG[i], s[i]));
}

/* The permutation on a state in Montgomery form. */
static void poseidon2_permute_monty(uint32_t s[16]) {
  p2_external_layer(s);
  for (int r = 0; r < 4; r++) p2_full_round(s, P2_RC_INITIAL[r]);
  for (int r = 0; r < 13; r++) p2_partial_round(s, P2_RC_INTERNAL[r]);
  for (int r = 0; r < 4; r++) p2_full_round(s, P2_RC_TERMINAL[r]);
}

/* Canonical x < p to Montgomery form: x·R = mont(x, R^2 mod p). */
static inline uint32_t p2_to_monty(uint32_t x) { return p2_mul(x, MONTY(MONTY(1))); }

/* Montgomery form back to canonical: (x·R)/R. */
static inline uint32_t p2_from_monty(uint32_t x) { return p2_reduce(x); }

/* zkglue_poseidon2_compress in software, in Montgomery form: the first 8 words of the permuted
   left ‖ right, no feed-forward (Plonky3's TruncatedPermutation). `out` may alias an input. */
static void poseidon2_compress_monty(const uint32_t left[8], const uint32_t right[8],
                                     uint32_t out[8]) {
  uint32_t s[16];
  for (int j = 0; j < 8; j++) {
    s[j] = left[j];
    s[8 + j] = right[j];
  }
  poseidon2_permute_monty(s);
  for (int j = 0; j < 8; j++) out[j] = s[j];
}

#endif
