/**
 * Cross-check against an independent RISC-V implementation: every example ELF runs under
 * Debian's `qemu-riscv32` (linux-user; the same Linux numbers for exit, write and read) and
 * under our executor, with the same private input on stdin; exit code (mod 256, as a process
 * status is), stdout, stderr and journal (fd 3, a pipe we read) must be equal. A missing qemu
 * fails the test: CI installs it (scripts/setup.sh).
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { execute, loadElf } from "../../glue/riscv/index.js";
import { COPROCESSOR_GUESTS, elfBytes, GUESTS, GUESTS_DIR, inputFor } from "./guests.js";

interface QemuRun {
  status: number;
  stdout: Buffer;
  stderr: Buffer;
  journal: Buffer;
}

function runQemu(elf: string, input: Uint8Array): Promise<QemuRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("qemu-riscv32", [elf], { stdio: ["pipe", "pipe", "pipe", "pipe"] });
    const out: Buffer[][] = [[], [], []];
    [child.stdout!, child.stderr!, child.stdio[3] as NodeJS.ReadableStream].forEach((s, i) =>
      s.on("data", (d: Buffer) => out[i].push(d)),
    );
    child.on("error", (e) =>
      reject(
        new Error(
          `cannot run qemu-riscv32 (install Debian's qemu-user; scripts/setup.sh does): ${e.message}`,
        ),
      ),
    );
    child.on("close", (code, signal) => {
      if (code === null) return reject(new Error(`qemu-riscv32 ${elf} killed by ${signal}`));
      resolve({
        status: code,
        stdout: Buffer.concat(out[0]),
        stderr: Buffer.concat(out[1]),
        journal: Buffer.concat(out[2]),
      });
    });
    child.stdin!.end(input);
  });
}

describe("executor vs qemu-riscv32", () => {
  for (const name of GUESTS.filter((n) => !COPROCESSOR_GUESTS.has(n))) {
    it(`${name}: same exit code, stdout, stderr and journal`, async () => {
      const input = inputFor(name);
      const q = await runQemu(`${GUESTS_DIR}${name}.elf`, input);
      const r = execute(loadElf(elfBytes(name)), { input });
      expect(r.exitCode & 0xff).toBe(q.status);
      expect(Buffer.from(r.stdout).toString("latin1")).toBe(q.stdout.toString("latin1"));
      expect(Buffer.from(r.stderr).toString("latin1")).toBe(q.stderr.toString("latin1"));
      expect(Buffer.from(r.journal).toString("hex")).toBe(q.journal.toString("hex"));
      expect(q.stdout.length + q.journal.length).toBeGreaterThan(0);
    });
  }
});
