/*
 * The 1 KiB message the sha256_1k_sw / sha256_1k_cop pair hashes: bytes i*7+3 mod 256, i < 1024,
 * built at compile time into .rodata, so neither guest spends cycles making it.
 */
#ifndef MESSAGE_1K_H
#define MESSAGE_1K_H

#include <stdint.h>

#define B(i) (uint8_t)((i) * 7 + 3)
#define B4(i) B(i), B((i) + 1), B((i) + 2), B((i) + 3)
#define B16(i) B4(i), B4((i) + 4), B4((i) + 8), B4((i) + 12)
#define B64(i) B16(i), B16((i) + 16), B16((i) + 32), B16((i) + 48)
#define B256(i) B64(i), B64((i) + 64), B64((i) + 128), B64((i) + 192)
static const uint8_t message[1024] = {B256(0), B256(256), B256(512), B256(768)};

#endif
