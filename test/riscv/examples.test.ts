/**
 * Each example guest's journal against an independent computation of what it should commit:
 * node:crypto for SHA-256, BigInt for the modular multiplications and Fibonacci numbers, a JS
 * sort for the bubble sort, FNV-1a for the input checksum. Both execution modes agree.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { execute, executeRecording, loadElf, type RunResult } from "../../glue/riscv/index.js";
import { modmul256Executor } from "../../coprocessors/modmul256/execute.js";
import { poseidon2Executor } from "../../coprocessors/poseidon2/execute.js";
import {
  secp256k1AddExecutor,
  secp256k1DoubleExecutor,
} from "../../coprocessors/secp256k1/execute.js";
import { sha256Executor } from "../../coprocessors/sha256/execute.js";
import { keccakExecutor } from "../../examples/coprocessors/keccak/execute.js";
import { elfBytes, GUESTS, inputFor } from "./guests.js";

const u32le = (...xs: number[]) => new Uint8Array(new Uint32Array(xs).buffer);
const run = (name: string): RunResult =>
  execute(loadElf(elfBytes(name)), { input: inputFor(name) });

function fib(n: number): number {
  let a = 0n,
    b = 1n;
  for (let i = 0; i < n; i++) [a, b] = [b, (a + b) % 2n ** 32n];
  return Number(a);
}

describe("example guests", () => {
  it("fibonacci commits F(n) mod 2^32", () => {
    const r = run("fibonacci");
    expect(r.exitCode).toBe(0);
    expect(r.journal).toEqual(u32le(...[0, 1, 2, 10, 47, 50, 1000, 100000].map(fib)));
    expect(new TextDecoder().decode(r.stdout)).toContain("fib(47) mod 2^32 = 2971215073\n");
  });

  it("sha256 commits the digests node:crypto computes", () => {
    const buffer = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) & 0xff);
    const expected = Buffer.concat([
      createHash("sha256").update("abc").digest(),
      createHash("sha256").update(buffer).digest(),
    ]);
    const r = run("sha256");
    expect(r.exitCode).toBe(0);
    expect(Buffer.from(r.journal).toString("hex")).toBe(expected.toString("hex"));
  });

  it("modmul commits x := x² + 1 mod p (50 times), as BigInt computes it", () => {
    const p = 2n ** 256n - 2n ** 32n - 977n;
    let x = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;
    for (let k = 0; k < 50; k++) x = (x * x + 1n) % p;
    const limbs = Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & 0xffffffffn));
    expect(run("modmul").journal).toEqual(u32le(...limbs));
  });

  it("bubble_sort commits the sum, first, median and last of the sorted array", () => {
    const a: number[] = [];
    let x = 12345;
    for (let i = 0; i < 1200; i++) a.push((x = (Math.imul(x, 1664525) + 1013904223) >>> 0));
    a.sort((p, q) => p - q);
    const sum = a.reduce((s, v) => (s + v) >>> 0, 0);
    const r = run("bubble_sort");
    expect(r.exitCode).toBe(0);
    expect(r.journal).toEqual(u32le(sum, a[0], a[600], a[1199], 1));
  });

  it("long_run commits n and the sum of its table after n rounds", () => {
    const rounds = (n: number) => {
      const table = new Uint32Array(1024);
      let x = 12345;
      for (let r = 0; r < n; r++) {
        const i = x >>> 22;
        table[i] += x;
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        x = (x ^ (table[(i + 1) & 1023] >>> 3)) >>> 0;
      }
      return u32le(
        n,
        table.reduce((s, v) => (s + v) >>> 0, 0),
      );
    };
    expect(run("long_run").journal).toEqual(rounds(1000)); // no input: 1000 rounds
    const p = loadElf(elfBytes("long_run"));
    const r = execute(p, { input: u32le(5000) });
    expect(r.exitCode).toBe(0);
    expect(r.journal).toEqual(rounds(5000));
  });

  it("read_input echoes its input and commits its length and FNV-1a checksum", () => {
    const input = inputFor("read_input");
    let h = 2166136261;
    for (const b of input) h = Math.imul(h ^ b, 16777619) >>> 0;
    const r = run("read_input");
    expect(r.journal).toEqual(u32le(input.length, h));
    expect(r.stdout.subarray(0, input.length)).toEqual(input);
  });

  it("exit_nonzero fails with exit code 3 after writing its outputs", () => {
    const r = run("exit_nonzero");
    expect(r.exitCode).toBe(3);
    expect(r.journal).toEqual(u32le(0xdeadbeef));
    expect(new TextDecoder().decode(r.stderr)).toBe("error: giving up\n");
  });

  it("both modes agree on every example", () => {
    // millions of cycles
    const long = new Set([
      "bubble_sort",
      "modmul",
      "merkle_1k_sw",
      "ecdsa_verify_sw",
      "ecrecover_sw",
    ]);
    const coprocessors = [
      sha256Executor,
      poseidon2Executor,
      modmul256Executor,
      secp256k1AddExecutor,
      secp256k1DoubleExecutor,
      keccakExecutor,
    ];
    for (const name of GUESTS.filter((n) => !long.has(n))) {
      const p = loadElf(elfBytes(name));
      const options = { input: inputFor(name), coprocessors };
      const f = execute(p, options);
      const { trace, ...r } = executeRecording(p, options);
      expect(r).toEqual(f);
      expect(trace.cycles.length).toBe(f.cycles);
    }
  });
});
