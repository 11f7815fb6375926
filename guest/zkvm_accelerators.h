/*
 * eth-act zkvm-standards, "zkVM Cryptographic Accelerators C Interface"
 * (standards/c-interface-accelerators/zkvm_accelerators.h): the subset zkglue's coprocessors
 * implement. Names, types and layouts are the standard's, so a guest written against it builds
 * for zkglue unchanged; a function is declared here only once a coprocessor backs it (today:
 * zkvm_sha256; zkvm_secp256k1_verify, zkvm_secp256k1_ecrecover and zkvm_modexp on modmul256 and
 * secp256k1_add/double; zkvm_keccak256, whose permutation a guest routes through a coprocessor
 * of its own, zkglue_keccak.h), so a guest that needs a missing one fails at compile time, not at
 * run time.
 *
 * Pointers must be valid: a NULL pointer panics (the run fails), as the standard asks (for
 * zkvm_modexp's byte strings: a NULL one of non-zero length). Implemented in
 * zkvm_accelerators.c (sha256), zkglue_keccak.c (keccak256) and zkglue_secp256k1.c (the rest;
 * software twins of those in zkglue_sw.h).
 *
 * zkglue's choices where the standard leaves them open:
 * - zkvm_secp256k1_verify returns ZKVM_EOK and sets *verified for every input: true exactly when
 *   r and s are in [1, n-1], the public key is a point of the curve (both coordinates < p, on
 *   y^2 = x^3 + 7) and the signature verifies (SEC 1 §4.1.4) with the 32-byte hash read as an
 *   integer and used mod n. A high s verifies (no low-s rule, as Ethereum's ecrecover precompile);
 *   a key off the curve gives false, as @noble/curves' verify does.
 * - zkvm_secp256k1_ecrecover takes recid 0..3 (bit 0: R.y odd; bit 1: R.x = r + n) and returns
 *   ZKVM_EFAIL when no key is recovered: r or s outside [1, n-1], recid > 3, r + n >= p, r not the
 *   x of a point, or the point at infinity as the key.
 * - zkvm_modexp follows EIP-198 (modulus 0 gives 0, x^0 = 1, base and exponent of any length) for
 *   moduli below 2^256 (any mod_len, leading zero bytes allowed); a larger modulus returns
 *   ZKVM_EFAIL with the output untouched.
 */
#ifndef ZKVM_ACCELERATORS_H
#define ZKVM_ACCELERATORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes returned by zkVM accelerator functions: 0 success, non-zero failure. */
typedef enum {
    ZKVM_EOK = 0,               /* Success */
    ZKVM_EFAIL = -1             /* Failure */
} zkvm_status;

/* Every struct type is a multiple of 8 bytes and 8-byte aligned (the standard's design note). */
#ifdef __cplusplus
  #if __cplusplus >= 201103L
    #define ALIGN8 alignas(8)
  #else
    #error "C++11 or later required for alignment support"
  #endif
#elif defined(__STDC_VERSION__)
  #if __STDC_VERSION__ >= 201112L
    #define ALIGN8 _Alignas(8)
  #else
    #error "C11 or later required for alignment support"
  #endif
#else
  #error "Cannot determine language standard; C11 or C++11 required"
#endif

/* Common byte array types */
typedef struct {
    ALIGN8 uint8_t data[16];
} zkvm_bytes_16;

typedef struct {
    ALIGN8 uint8_t data[32];
} zkvm_bytes_32;

typedef struct {
    ALIGN8 uint8_t data[48];
} zkvm_bytes_48;

typedef struct {
    ALIGN8 uint8_t data[64];
} zkvm_bytes_64;

typedef struct {
    ALIGN8 uint8_t data[96];
} zkvm_bytes_96;

typedef struct {
    ALIGN8 uint8_t data[128];
} zkvm_bytes_128;

typedef struct {
    ALIGN8 uint8_t data[192];
} zkvm_bytes_192;

/* Hash types */
typedef zkvm_bytes_32 zkvm_keccak256_hash;
typedef zkvm_bytes_32 zkvm_sha256_hash;

/* secp256k1 types */
typedef zkvm_bytes_32 zkvm_secp256k1_hash;
typedef zkvm_bytes_64 zkvm_secp256k1_signature;
typedef zkvm_bytes_64 zkvm_secp256k1_pubkey;

/**
 * Keccak-256 hash (the original Keccak padding, as Ethereum uses it; not SHA3-256)
 *
 * zkglue: the sponge in software (zkglue_keccak.c), each 136-byte block permuted by
 * zkglue_keccakf1600, which a guest may replace to use a coprocessor (zkglue_keccak.h).
 *
 * @param data Pointer to input data
 * @param len Length of input data in bytes
 * @param[out] output Pointer to output hash
 * @return ZKVM_EOK on success, ZKVM_EFAIL on failure
 */
zkvm_status zkvm_keccak256(const uint8_t* data, size_t len, zkvm_keccak256_hash* output);

/**
 * Compute SHA-256 hash
 *
 * Precompile: 0x02
 *
 * @param data Pointer to input data
 * @param len Length of input data in bytes
 * @param[out] output Pointer to output hash
 * @return ZKVM_EOK on success, ZKVM_EFAIL on failure
 */
zkvm_status zkvm_sha256(const uint8_t* data, size_t len, zkvm_sha256_hash* output);

/**
 * secp256k1 signature verification
 *
 * Verifies an ECDSA signature on the secp256k1 curve.
 *
 * @param msg Pointer to message hash
 * @param sig Pointer to signature (r || s)
 * @param pubkey Pointer to uncompressed public key (x || y)
 * @param[out] verified Pointer to bool indicating if signature is valid
 * @return ZKVM_EOK on success, ZKVM_EFAIL on failure
 */
zkvm_status zkvm_secp256k1_verify(const zkvm_secp256k1_hash* msg,
                                  const zkvm_secp256k1_signature* sig,
                                  const zkvm_secp256k1_pubkey* pubkey,
                                  bool* verified);

/**
 * ECRECOVER - Recover public key from signature
 *
 * Precompile: 0x01
 *
 * Implements ecrecover precompile for secp256k1 signature recovery.
 * Note: The function as defined on the Ethereum layer returns an address.
 * We return a public key and the user will need to call Keccak manually.
 *
 *
 * @param msg Pointer to message hash
 * @param sig Pointer to signature (r || s)
 * @param recid Recovery ID
 * @param[out] output Pointer to output buffer (public key)
 * @return ZKVM_EOK on success, ZKVM_EFAIL on failure
 */
zkvm_status zkvm_secp256k1_ecrecover(const zkvm_secp256k1_hash* msg,
                                     const zkvm_secp256k1_signature* sig,
                                     uint8_t recid,
                                     zkvm_secp256k1_pubkey* output);

/**
 * Modular exponentiation
 *
 * Precompile: 0x05
 *
 * Computes (base^exp) % modulus for arbitrary precision integers.
 *
 * @param base Pointer to base value bytes
 * @param base_len Length of base in bytes
 * @param exp Pointer to exponent bytes
 * @param exp_len Length of exponent in bytes
 * @param modulus Pointer to modulus bytes
 * @param mod_len Length of modulus in bytes
 * @param[out] output Pointer to output buffer (must be exactly mod_len bytes)
 * @return ZKVM_EOK on success, ZKVM_EFAIL on failure
 */
zkvm_status zkvm_modexp(const uint8_t* base, size_t base_len,
                        const uint8_t* exp, size_t exp_len,
                        const uint8_t* modulus, size_t mod_len,
                        uint8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* ZKVM_ACCELERATORS_H */
