/*
 * 256-bit modular multiplication in software: x := x·x + 1 mod m, 50 times, with m the
 * secp256k1 field prime, then commits x (8 little-endian u32 limbs). Schoolbook product into
 * 16 limbs, then bitwise shift-and-subtract reduction: slow and obviously correct, the
 * baseline the modmul256 precompile replaces.
 */
#include "zkglue.h"

typedef struct { uint32_t w[8]; } u256;

/* m = 2^256 − 2^32 − 977 (SEC 2 §2.4.1), little-endian limbs. */
static const u256 M = {{0xfffffc2f, 0xfffffffe, 0xffffffff, 0xffffffff,
                        0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}};

/* r := r − m if r ≥ m, where r has 9 limbs (a carry limb on top). */
static void reduce_once(uint32_t r[9]) {
  int ge = r[8] != 0;
  if (!ge) {
    ge = 1;
    for (int i = 7; i >= 0; i--) {
      if (r[i] != M.w[i]) {
        ge = r[i] > M.w[i];
        break;
      }
    }
  }
  if (!ge) return;
  uint32_t borrow = 0;
  for (int i = 0; i < 8; i++) {
    uint64_t d = (uint64_t)r[i] - M.w[i] - borrow;
    r[i] = (uint32_t)d;
    borrow = (uint32_t)(d >> 63);
  }
  r[8] -= borrow;
}

/* a·b mod m for a, b < m. */
static u256 mulmod(const u256 *a, const u256 *b) {
  uint32_t p[16] = {0};
  for (int i = 0; i < 8; i++) {
    uint32_t carry = 0;
    for (int j = 0; j < 8; j++) {
      uint64_t t = (uint64_t)a->w[i] * b->w[j] + p[i + j] + carry;
      p[i + j] = (uint32_t)t;
      carry = (uint32_t)(t >> 32);
    }
    p[i + 8] = carry;
  }
  /* Horner over the 512 bits, most significant first: r := 2r + bit, reduced each step. */
  uint32_t r[9] = {0};
  for (int bit = 511; bit >= 0; bit--) {
    uint32_t carry = (p[bit >> 5] >> (bit & 31)) & 1;
    for (int i = 0; i < 9; i++) {
      uint32_t next = r[i] >> 31;
      r[i] = (r[i] << 1) | carry;
      carry = next;
    }
    reduce_once(r);
  }
  u256 out;
  for (int i = 0; i < 8; i++) out.w[i] = r[i];
  return out;
}

int main(void) {
  u256 x = {{0x16f81798, 0x59f2815b, 0x2dce28d9, 0x029bfcdb, 0xce870b07, 0x55a06295, 0xf9dcbbac, 0x79be667e}};
  for (int k = 0; k < 50; k++) {
    x = mulmod(&x, &x);
    uint32_t r[9];
    for (int i = 0; i < 8; i++) r[i] = x.w[i];
    r[8] = 0;
    /* + 1 */
    for (int i = 0; i < 8; i++) {
      if (++r[i] != 0) break;
      if (i == 7) r[8] = 1;
    }
    reduce_once(r);
    for (int i = 0; i < 8; i++) x.w[i] = r[i];
  }
  zkglue_print("x = 0x");
  for (int i = 7; i >= 0; i--) {
    uint8_t be[4] = {(uint8_t)(x.w[i] >> 24), (uint8_t)(x.w[i] >> 16), (uint8_t)(x.w[i] >> 8), (uint8_t)x.w[i]};
    zkglue_print_hex(be, 4);
  }
  zkglue_print("\n");
  zkglue_commit(x.w, 32);
  return 0;
}
