/*
 * eth-act zkvm-standards, "zkVM Cryptographic Accelerators C Interface"
 * (standards/c-interface-accelerators/zkvm_accelerators.h): the subset zkglue's coprocessors
 * implement. Names, types and layouts are the standard's, so a guest written against it builds
 * for zkglue unchanged; a function is declared here only once a coprocessor backs it (today:
 * zkvm_sha256), so a guest that needs a missing one fails at compile time, not at run time.
 *
 * Pointers must be valid: a NULL pointer panics (the run fails), as the standard asks.
 * Implemented in zkvm_accelerators.c.
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
typedef zkvm_bytes_32 zkvm_sha256_hash;

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

#ifdef __cplusplus
}
#endif

#endif /* ZKVM_ACCELERATORS_H */
