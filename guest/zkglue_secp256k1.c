/*
 * zkvm_accelerators.h's zkvm_secp256k1_verify, zkvm_secp256k1_ecrecover and zkvm_modexp on
 * zkglue's coprocessors: secp256k1_impl.h over modmul256 (0x102), secp256k1_add (0x103) and
 * secp256k1_double (0x104), one ecall per operation. zkglue_secp256k1_sw.c builds the same code
 * over software arithmetic.
 *
 * The accumulator is an affine point or the point at infinity, as the coprocessors take points;
 * the cases they refuse are done here: an addition to infinity is a copy, acc + acc a doubling,
 * acc + (−acc) infinity. No point of the curve has y = 0, so a doubling needs no check.
 */
#include "secp256k1_tables.h"

typedef struct {
  secp_point p;
  int inf;
} secp_acc;

#define SECP_API(name) zkvm_##name
#include "secp256k1_impl.h"

/* 16 loads and 16 stores, unrolled: a table of 15 points is 15 copies. (A loop gcc would turn
   into a call of the runtime's byte-wise memcpy.) */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) static void point_copy(secp_point *r,
                                                                                    const secp_point *a) {
#pragma GCC unroll 16
  for (int i = 0; i < 16; i++) r->w[i] = a->w[i];
}

static void bk_modmul(uint32_t out[8], const uint32_t a[8], const uint32_t b[8], const uint32_t m[8]) {
  zkglue_modmul256(out, a, b, m);
}

/* kq + q with kq ≠ ±q for k < 15: q has order n, far above 16. */
static void bk_table(secp_point tab[15], const secp_point *q) {
  point_copy(&tab[0], q);
  point_copy(&tab[1], q);
  zkglue_secp256k1_double(tab[1].w);
  for (int k = 2; k < 15; k++) {
    point_copy(&tab[k], &tab[k - 1]);
    zkglue_secp256k1_add(tab[k].w, q->w);
  }
}

static void bk_acc_clear(secp_acc *acc) { acc->inf = 1; }

static void bk_acc_dbl4(secp_acc *acc) {
  if (acc->inf) return;
  zkglue_secp256k1_double(acc->p.w);
  zkglue_secp256k1_double(acc->p.w);
  zkglue_secp256k1_double(acc->p.w);
  zkglue_secp256k1_double(acc->p.w);
}

static void bk_acc_add(secp_acc *acc, const secp_point *q) {
  if (acc->inf) {
    point_copy(&acc->p, q);
    acc->inf = 0;
  } else if (acc->p.w[0] == q->w[0] && u256_eq(acc->p.w, q->w)) { /* acc = ±q */
    if (u256_eq(acc->p.w + 8, q->w + 8))
      zkglue_secp256k1_double(acc->p.w);
    else
      acc->inf = 1;
  } else {
    zkglue_secp256k1_add(acc->p.w, q->w);
  }
}

static int bk_acc_get(secp_point *out, const secp_acc *acc) {
  if (acc->inf) return 0;
  point_copy(out, &acc->p);
  return 1;
}
