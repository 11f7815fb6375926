/*
 * The Keccak sponge (FIPS 202 §4) for Keccak-256 and SHA3-256, over zkglue_keccakf1600, whose
 * software definition here is weak (zkglue_keccak.h): a guest's own definition, such as one
 * ecall to a Keccak coprocessor, replaces it for every hash in this file.
 *
 * The state is a union of 25 lanes, 50 words and 200 bytes: RV32 is little-endian, so byte k of
 * the state is byte k mod 8 of lane k / 8, as FIPS 202 orders them, and 4-aligned input is
 * absorbed a word at a time.
 */
#include "zkglue_keccak.h"
#include "zkglue.h"
#include "zkvm_accelerators.h"

#define RATE 136 /* bytes: 1600 − 2·256 bits, Keccak-256 and SHA3-256 alike */

typedef union {
  uint64_t lane[25];
  uint32_t word[50];
  uint8_t byte[200];
} keccak_state;

/* A u32 read through any pointer type (GCC's may_alias), for absorbing aligned bytes. */
typedef uint32_t __attribute__((may_alias)) u32_alias;

/* FIPS 202 §3.2.5: the 24 round constants RC[ir]. */
static const uint64_t RC[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull};

/* ρπ (FIPS 202 §3.2.2-3): lane X + 5Y after π is lane PI_SOURCE of before, rotated by its ρ
   offset RHO (indexed by the source lane). Constant tables: with the loop unrolled, every index
   and rotation is a constant and the shifts are immediates. */
static const uint8_t PI_SOURCE[25] = {0, 6,  12, 18, 24, 3, 9, 10, 16, 22, 1, 7, 13,
                                      19, 20, 4, 5,  11, 17, 23, 2, 8, 14, 15, 21};
static const uint8_t RHO[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

static inline uint64_t rotl64(uint64_t x, unsigned n) {
  return n == 0 ? x : (x << n) | (x >> (64 - n));
}

__attribute__((weak)) void zkglue_keccakf1600(uint64_t st[25]) {
  uint64_t b[25];
  for (int ir = 0; ir < 24; ir++) {
    /* θ: each lane ⊕= D[x] = C[x − 1] ⊕ rot(C[x + 1], 1), C[x] the parity of column x. */
    uint64_t c[5];
#pragma GCC unroll 5
    for (int x = 0; x < 5; x++) c[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
#pragma GCC unroll 5
    for (int x = 0; x < 5; x++) {
      uint64_t d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
#pragma GCC unroll 5
      for (int y = 0; y < 25; y += 5) st[x + y] ^= d;
    }
    /* ρ and π into b. */
#pragma GCC unroll 25
    for (int i = 0; i < 25; i++) b[i] = rotl64(st[PI_SOURCE[i]], RHO[PI_SOURCE[i]]);
    /* χ row by row, then ι. */
#pragma GCC unroll 5
    for (int y = 0; y < 25; y += 5) {
#pragma GCC unroll 5
      for (int x = 0; x < 5; x++)
        st[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
    }
    st[0] ^= RC[ir];
  }
}

/* state ⊕= p[0..n) from byte 0 (n ≤ RATE). */
static void absorb(keccak_state *s, const uint8_t *p, size_t n) {
  size_t k = 0;
  if (((uintptr_t)p & 3) == 0)
    for (; k + 4 <= n; k += 4) s->word[k >> 2] ^= *(const u32_alias *)(p + k);
  for (; k < n; k++) s->byte[k] ^= p[k];
}

/* The sponge with pad10*1 after the domain suffix (FIPS 202 §5.1, §B.2), 32 bytes out. */
static void sponge(const void *data, size_t len, uint8_t suffix, uint8_t out[32]) {
  keccak_state s;
  for (int i = 0; i < 25; i++) s.lane[i] = 0;
  const uint8_t *p = data;
  for (; len >= RATE; p += RATE, len -= RATE) {
    absorb(&s, p, RATE);
    zkglue_keccakf1600(s.lane);
  }
  absorb(&s, p, len);
  s.byte[len] ^= suffix;
  s.byte[RATE - 1] ^= 0x80;
  zkglue_keccakf1600(s.lane);
  for (int k = 0; k < 32; k++) out[k] = s.byte[k];
}

void zkglue_keccak256(const void *data, size_t len, uint8_t out[32]) { sponge(data, len, 0x01, out); }

void zkglue_sha3_256(const void *data, size_t len, uint8_t out[32]) { sponge(data, len, 0x06, out); }

zkvm_status zkvm_keccak256(const uint8_t* data, size_t len, zkvm_keccak256_hash* output) {
  /* The standard's usage note: a NULL pointer SHOULD panic. */
  if (data == NULL || output == NULL) zkglue_panic("zkvm_keccak256: NULL pointer");
  zkglue_keccak256(data, len, output->data);
  return ZKVM_EOK;
}
