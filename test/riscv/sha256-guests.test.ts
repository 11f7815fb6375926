/**
 * The SHA-256 example guests and the guest SDK's SHA-256 (zkglue_sha256, zkvm_sha256, the
 * zkvm-standards io functions): each journals the digest @noble/hashes computes; the software
 * guest also runs under qemu-riscv32 with the same journal; both execution modes agree; and the
 * coprocessor guest needs a small fraction of the software guest's cycles (printed, with the
 * cycle counts recorded in examples/guests/README.md).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sha256Executor } from "../../coprocessors/sha256/execute.js";
import { execute, executeRecording, loadElf, type RunResult } from "../../glue/riscv/index.js";

const DIR = new URL("../../examples/guests/", import.meta.url).pathname;
const elf = (name: string) => loadElf(new Uint8Array(readFileSync(`${DIR}${name}.elf`)));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const run = (name: string, input = new Uint8Array(0)): RunResult =>
  execute(elf(name), { input, coprocessors: [sha256Executor] });

/** The guests' 1 KiB message: bytes i*7+3 mod 256. */
const MESSAGE = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) & 0xff);

describe("sha256_1k_sw and sha256_1k_cop", () => {
  it("both journal SHA-256 of the 1 KiB message, and only that", () => {
    const want = hex(sha256(MESSAGE));
    const sw = run("sha256_1k_sw");
    const cop = run("sha256_1k_cop");
    for (const r of [sw, cop]) {
      expect(r.exitCode).toBe(0);
      expect(hex(r.journal)).toBe(want);
      expect(r.stderr.length).toBe(0);
    }
    // Cycle counts are deterministic for the committed ELFs; printed for the README table.
    console.log(`sha256 of 1 KiB: software ${sw.cycles} cycles, coprocessor ${cop.cycles}`);
    expect(cop.cycles * 20).toBeLessThan(sw.cycles);
  });

  it("sha256_1k_sw journals the same under qemu-riscv32", () => {
    // fd 3 is the journal: qemu's guest writes it to our pipe.
    const q = spawnSync("qemu-riscv32", [`${DIR}sha256_1k_sw.elf`], {
      stdio: ["pipe", "pipe", "pipe", "pipe"],
      input: new Uint8Array(0),
    });
    if (q.error)
      throw new Error(`cannot run qemu-riscv32 (scripts/setup.sh installs it): ${q.error.message}`);
    expect(q.status).toBe(0);
    expect(hex(q.output[3] as Buffer)).toBe(hex(run("sha256_1k_sw").journal));
  });

  it("sha256_1k_cop without the coprocessor stops at its first ecall 0x100", () => {
    expect(() => execute(elf("sha256_1k_cop"))).toThrow(/unknown syscall 0x00000100/);
  });

  it("both modes agree, and the cop guest makes 17 coprocessor calls (16 blocks + padding)", () => {
    for (const name of ["sha256_1k_sw", "sha256_1k_cop"]) {
      const { trace, ...r } = executeRecording(elf(name), { coprocessors: [sha256Executor] });
      expect(r).toEqual(run(name));
      const calls = trace.coprocessorCalls.length;
      expect(calls).toBe(name === "sha256_1k_cop" ? 17 : 0);
    }
  });
});

describe("zkvm_standards (read_input → zkvm_sha256 → write_output)", () => {
  it("journals SHA-256 of its private input, for every padding case and longer inputs", () => {
    // Rest lengths 0..63 around one and two padding blocks, the empty input, and long ones.
    const sizes = [0, 1, 3, 4, 5, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 1024, 5000];
    for (const n of sizes) {
      const input = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff);
      const r = run("zkvm_standards", input);
      expect(r.exitCode, `input of ${n} bytes`).toBe(0);
      expect(hex(r.journal), `input of ${n} bytes`).toBe(hex(sha256(input)));
    }
  });

  it("hashes 1 KiB in about as many cycles as sha256_1k_cop", () => {
    const r = run("zkvm_standards", MESSAGE);
    expect(hex(r.journal)).toBe(hex(sha256(MESSAGE)));
    console.log(`zkvm_standards, 1 KiB input: ${r.cycles} cycles`);
    expect(r.cycles).toBeLessThan(run("sha256_1k_cop").cycles + 200);
  });

  it("both modes agree", () => {
    const { trace, ...r } = executeRecording(elf("zkvm_standards"), {
      input: MESSAGE,
      coprocessors: [sha256Executor],
    });
    expect(r).toEqual(run("zkvm_standards", MESSAGE));
    expect(trace.coprocessorCalls.length).toBe(17);
  });

  it("an input larger than read_input's 16 MiB buffer fails the run (panic, exit 101)", () => {
    const r = run("zkvm_standards", new Uint8Array((16 << 20) + 1));
    expect(r.exitCode).toBe(101);
    expect(r.journal.length).toBe(0);
    expect(new TextDecoder().decode(r.stderr)).toBe(
      "panic: read_input: the private input exceeds 16 MiB\n",
    );
  });
});
