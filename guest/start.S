/*
 * Guest entry point. The loader (or Linux, under qemu-riscv32) has set sp and zeroed .bss;
 * _start calls main() and ends the run with main's return value via exit (93), the number
 * both zkglue and Linux understand.
 */
  .file "start.S"
  .section .text.start, "ax"
  .globl _start
_start:
  call main
  li a7, 93
  ecall
1:
  j 1b
