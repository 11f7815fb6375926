/*
 * Software twins of zkvm_accelerators.h's secp256k1 and modexp functions: the same library
 * (secp256k1_impl.h) over software arithmetic instead of the coprocessors, with the same
 * arguments, results and status codes (zkglue_secp256k1_sw.c). They exist to measure what the
 * coprocessors save (the *_sw example guests); a guest that wants speed calls the zkvm_ ones.
 */
#ifndef ZKGLUE_SW_H
#define ZKGLUE_SW_H

#include "zkvm_accelerators.h"

zkvm_status zkglue_sw_secp256k1_verify(const zkvm_secp256k1_hash* msg, const zkvm_secp256k1_signature* sig,
                                       const zkvm_secp256k1_pubkey* pubkey, bool* verified);

zkvm_status zkglue_sw_secp256k1_ecrecover(const zkvm_secp256k1_hash* msg, const zkvm_secp256k1_signature* sig,
                                          uint8_t recid, zkvm_secp256k1_pubkey* output);

zkvm_status zkglue_sw_modexp(const uint8_t* base, size_t base_len, const uint8_t* exp, size_t exp_len,
                             const uint8_t* modulus, size_t mod_len, uint8_t* output);

#endif
