/*
 * zkvm_io.h on zkglue's syscalls: read_input reads the whole private input (read, 63) once
 * into a static buffer, write_output writes to the journal (write, 64, fd 3).
 *
 * The buffer lives in .bss: it costs nothing until the input is read (the loader maps .bss as
 * zero pages, under zkglue and under Linux alike, and a proof only sees touched words), and it
 * is linked only into guests that call read_input (the Makefile links with --gc-sections).
 */
#include "zkvm_io.h"
#include "zkglue.h"

/* Largest private input read_input accepts: 16 MiB. */
#define ZKVM_INPUT_CAPACITY (16u << 20)

static uint8_t input[ZKVM_INPUT_CAPACITY];
static size_t input_size;
static int input_read;

void read_input(const uint8_t** buf_ptr, size_t* buf_size) {
  if (!input_read) {
    input_size = zkglue_read_input(input, sizeof input);
    uint8_t more;
    if (input_size == sizeof input && zkglue_read(&more, 1) != 0)
      zkglue_panic("read_input: the private input exceeds 16 MiB");
    input_read = 1;
  }
  *buf_ptr = input;
  *buf_size = input_size;
}

void write_output(const uint8_t* output, size_t size) {
  /* zkglue writes everything at once; Linux (under qemu) may write a pipe in parts. */
  while (size > 0) {
    size_t n = zkglue_write(ZKGLUE_FD_JOURNAL, output, size);
    if (n == 0 || n > size) break; /* an error under Linux: nothing more can be done */
    output += n;
    size -= n;
  }
}
