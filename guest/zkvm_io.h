/*
 * eth-act zkvm-standards, "IO interface" (standards/io-interface): the private input and the
 * public output of a run as two C functions, so the same guest source builds for any zkVM that
 * offers them. The standard names no header; zkvm_io.h is the name other zkVMs' SDKs use.
 *
 * On zkglue (zkvm_io.c): the private input is what the read syscall (63) serves; read_input reads
 * all of it once into a static buffer of ZKVM_INPUT_CAPACITY bytes (a larger input panics: the run
 * fails rather than see a truncated input). The output is the journal: write_output appends to
 * fd 3 with the write syscall (64). Both work unchanged under qemu-riscv32 (stdin, fd 3).
 */
#ifndef ZKVM_IO_H
#define ZKVM_IO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sets *buf_ptr to the private input and *buf_size to its length in bytes. The buffer is
   read-only and lasts for the whole run; with size 0 the pointer must not be used. Cannot fail,
   has no other effect, may be called any number of times and always gives the same answer. */
void read_input(const uint8_t** buf_ptr, size_t* buf_size);

/* Appends output[0..size) to the public output; successive calls concatenate. Cannot fail. */
void write_output(const uint8_t* output, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ZKVM_IO_H */
