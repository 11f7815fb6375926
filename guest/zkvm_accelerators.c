/*
 * zkvm_accelerators.h on zkglue's coprocessors: each standard function is a thin wrapper over
 * the zkglue SDK call that reaches the coprocessor.
 */
#include "zkvm_accelerators.h"
#include "zkglue.h"

/* The standard's usage note: a NULL pointer SHOULD panic. */
static void require(const void *p, const char *what) {
  if (p == NULL) zkglue_panic(what);
}

zkvm_status zkvm_sha256(const uint8_t* data, size_t len, zkvm_sha256_hash* output) {
  require(data, "zkvm_sha256: data is NULL");
  require(output, "zkvm_sha256: output is NULL");
  zkglue_sha256(data, len, output->data);
  return ZKVM_EOK;
}
