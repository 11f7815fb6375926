/*
 * A guest written only against eth-act's zkvm-standards C interfaces (zkvm_io.h and
 * zkvm_accelerators.h, nothing of zkglue's own): reads its private input, hashes it with
 * zkvm_sha256, and writes the 32-byte digest as its public output. On zkglue the hash runs on
 * the sha256_compress coprocessor; the same source builds for any zkVM offering the standards.
 */
#include "zkvm_accelerators.h"
#include "zkvm_io.h"

int main(void) {
  const uint8_t* input;
  size_t size;
  read_input(&input, &size);
  zkvm_sha256_hash digest;
  if (zkvm_sha256(input, size, &digest) != ZKVM_EOK) return 1;
  write_output(digest.data, sizeof digest.data);
  return 0;
}
