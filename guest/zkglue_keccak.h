/*
 * Keccak-256 and SHA3-256 (FIPS 202) for guests (zkglue_keccak.c), and the permutation they
 * call: zkglue_keccakf1600. The SDK's definition of it is weak and computes the 24 rounds in
 * RV32IM, so a guest that defines its own replaces it at link time for every digest here,
 * zkvm_accelerators.h's zkvm_keccak256 included: that is how a guest routes Keccak through a
 * coprocessor (examples/guests/keccak_cop.c) and keeps the standard interface unchanged.
 */
#ifndef ZKGLUE_KECCAK_H
#define ZKGLUE_KECCAK_H

#include <stddef.h>
#include <stdint.h>

/* st := Keccak-f[1600](st) (FIPS 202 §3.3, 24 rounds); lane x + 5y is st[x + 5y], little-endian
   as the standard's byte order has it. Weak: define it in the guest to replace it. */
void zkglue_keccakf1600(uint64_t st[25]);

/* out := Keccak-256(data[0..len)): rate 136 bytes, the original Keccak padding (suffix 0x01), as
   Ethereum uses it. Any alignment; one zkglue_keccakf1600 per 136-byte block and one for the
   padded tail. The same digest as zkvm_keccak256. */
void zkglue_keccak256(const void *data, size_t len, uint8_t out[32]);

/* out := SHA3-256(data[0..len)) (FIPS 202 §6.1: rate 136, domain suffix 0x06). */
void zkglue_sha3_256(const void *data, size_t len, uint8_t out[32]);

#endif
