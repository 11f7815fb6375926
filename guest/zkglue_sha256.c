/*
 * SHA-256 of a byte string through the sha256_compress coprocessor (FIPS 180-4). The guest does
 * the §5.1.1 padding; the coprocessor reads each 64-byte block straight from memory (big-endian
 * words, as SHA-256 does), so a whole block of 4-aligned data costs one call and no copy. An
 * unaligned block is copied to an aligned buffer first (memcpy), as is the padded tail.
 */
#include "zkglue.h"

/* FIPS 180-4 §5.3.3: H(0). */
static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

void zkglue_sha256(const void *data, size_t len, uint8_t out[32]) {
  uint32_t state[8];
  uint32_t block[16];
  uint8_t *b = (uint8_t *)block;
  for (int j = 0; j < 8; j++) state[j] = IV[j];
  const uint8_t *p = data;
  size_t left = len;
  int aligned = ((uintptr_t)p & 3) == 0;
  for (; left >= 64; p += 64, left -= 64) {
    if (aligned) {
      zkglue_sha256_compress(state, p);
    } else {
      memcpy(block, p, 64);
      zkglue_sha256_compress(state, block);
    }
  }

  /* §5.1.1: the rest, a 1 bit, zeros, and the bit length as a 64-bit big-endian number, which
     needs a second block when fewer than 9 bytes are left after the rest. */
  for (int t = 0; t < 16; t++) block[t] = 0;
  memcpy(b, p, left);
  b[left] = 0x80;
  if (left + 9 > 64) {
    zkglue_sha256_compress(state, block);
    for (int t = 0; t < 14; t++) block[t] = 0;
  }
  uint32_t hi = (uint32_t)(len >> 29); /* the bit length is 8·len, which can exceed 32 bits */
  uint32_t lo = (uint32_t)len << 3;
  for (int k = 0; k < 4; k++) {
    b[56 + k] = (uint8_t)(hi >> (24 - 8 * k));
    b[60 + k] = (uint8_t)(lo >> (24 - 8 * k));
  }
  zkglue_sha256_compress(state, block);

  for (int j = 0; j < 8; j++) {
    out[4 * j] = (uint8_t)(state[j] >> 24);
    out[4 * j + 1] = (uint8_t)(state[j] >> 16);
    out[4 * j + 2] = (uint8_t)(state[j] >> 8);
    out[4 * j + 3] = (uint8_t)state[j];
  }
}
