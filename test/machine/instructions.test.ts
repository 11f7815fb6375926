/**
 * Every RV32IM instruction, with its corner cases, checked through the machine's tables: trace
 * generation compares each chip's result with the executor's, then every constraint and bus of
 * every table is checked (no proof; the end-to-end proofs are in prove.test.ts).
 */
import { describe, expect, it } from "vitest";
import * as A from "../riscv/asm.js";
import { runAndCheck } from "./helpers.js";
import {
  aluProgram,
  controlProgram,
  immProgram,
  memoryProgram,
  TERMINATE,
  withExit,
} from "./programs.js";

function expectOk(words: number[], data?: Uint8Array, input?: Uint8Array): void {
  const { report } = runAndCheck(A.program(words, data), input);
  expect(report.toString()).toBe("all constraints hold and every bus balances");
}

describe("machine: RV32IM instructions", () => {
  it("add, sub, and, or, xor, slt, sltu over corner values", () => {
    expectOk(withExit(aluProgram(["add", "sub", "and", "or", "xor", "slt", "sltu"])));
  });
  it("sll, srl, sra over corner values (shift amounts with high bits set)", () => {
    expectOk(withExit(aluProgram(["sll", "srl", "sra"])));
  });
  it("mul, mulh, mulhsu, mulhu over corner values", () => {
    expectOk(withExit(aluProgram(["mul", "mulh", "mulhsu", "mulhu"])));
  });
  it("div, divu, rem, remu over corner values (division by 0, −2^31 / −1)", () => {
    expectOk(withExit(aluProgram(["div", "divu", "rem", "remu"])));
  });
  it("immediate forms, x0 writes, lui, auipc", () => {
    expectOk(withExit(immProgram()));
  });
  it("loads and stores of every width at every offset", () => {
    const data = new Uint8Array(128).map((_, i) => (i * 37 + 200) & 255);
    expectOk(withExit(memoryProgram()), data);
  });
  it("branches taken and not taken, jal, jalr, fence, a loop", () => {
    expectOk(withExit(controlProgram()));
  });
  it("journal writes at unaligned addresses and lengths, terminate via a7 = 0", () => {
    const data = new Uint8Array(64).map((_, i) => i + 1);
    const body = [
      ...withExit([], { ptr: A.DATA_BASE + 1, len: 6 }).slice(0, -4),
      ...withExit([], { ptr: A.DATA_BASE + 8, len: 4 }).slice(0, -4),
      ...withExit([], { ptr: A.DATA_BASE + 13, len: 2 }).slice(0, -4),
      ...withExit([], { ptr: A.DATA_BASE + 20, len: 0 }).slice(0, -4),
    ];
    expectOk([...body, ...TERMINATE], data);
  });
  it("private input reads into memory, then the bytes go to the journal", () => {
    const read = [
      ...A.li(17, 63),
      ...A.li(10, 0),
      ...A.li(11, A.DATA_BASE + 3),
      ...A.li(12, 9),
      A.ECALL,
    ];
    const stdout = [
      ...A.li(17, 64),
      ...A.li(10, 1),
      ...A.li(11, A.DATA_BASE),
      ...A.li(12, 5),
      A.ECALL,
    ];
    expectOk(
      withExit([...read, ...stdout], { ptr: A.DATA_BASE, len: 16 }),
      undefined,
      new Uint8Array([9, 8, 7, 6, 5]),
    );
  });
});
