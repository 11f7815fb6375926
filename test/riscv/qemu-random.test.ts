/**
 * Differential test against qemu-riscv32 on random instruction streams: each program sets the
 * registers to random and corner values, runs a few hundred random RV32IM instructions (every
 * ALU, M-extension, load, store, branch and jump form; memory through a base register that the
 * stream never overwrites), then writes all registers to the journal and exits. qemu and our
 * executor must produce the same journal and exit code. The ELF is written by the test itself
 * (./elfwriter.ts), so this checks the executor, not the C toolchain.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { execute, loadElf } from "../../glue/riscv/index.js";
import * as A from "./asm.js";
import { writeElf } from "./elfwriter.js";

const TEXT = 0x0020_0800;
const DATA = 0x0030_0000;
const BASE = 31; // holds DATA throughout
const CORNERS = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 0x80000001, 31, 32, 0xffff, 0x10000];

type Gen = (rng: () => number) => number[];

function generate(seed: number, length: number): Uint32Array {
  const rand = fc.sample(fc.integer({ min: 0, max: 0xffffffff }), {
    seed,
    numRuns: 64 * length + 200,
  });
  let k = 0;
  const rng = () => rand[k++ % rand.length];
  const pick = <T>(xs: T[]) => xs[rng() % xs.length];
  const reg = () => 1 + (rng() % 30); // x1..x30: never x0 as a target, never the base
  const src = () => rng() % 32;
  const imm12 = () => ((rng() & 0xfff) << 20) >> 20;
  const forms: Gen[] = [
    () => [A.rtype(pick(Object.keys(A.R_OPS)), reg(), src(), src())],
    () => [
      A.rtype(
        pick(["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]),
        reg(),
        src(),
        src(),
      ),
    ],
    () => [pick([A.addi, A.slti, A.sltiu, A.xori, A.ori, A.andi])(reg(), src(), imm12())],
    () => [pick([A.slli, A.srli, A.srai])(reg(), src(), rng() & 31)],
    () => [A.lui(reg(), rng() & 0xfffff)],
    () => [A.auipc(reg(), rng() & 0xfffff)],
    () => [A.lw(reg(), BASE, 4 * (rng() % 256))],
    () => [pick([A.lh, A.lhu])(reg(), BASE, 2 * (rng() % 512))],
    () => [pick([A.lb, A.lbu])(reg(), BASE, rng() % 1024)],
    () => [A.sw(src(), BASE, 4 * (rng() % 256))],
    () => [A.sh(src(), BASE, 2 * (rng() % 512))],
    () => [A.sb(src(), BASE, rng() % 1024)],
    // Forward branches over one or two instructions.
    () => [
      pick([A.beq, A.bne, A.blt, A.bge, A.bltu, A.bgeu])(src(), src(), pick([8, 12])),
      A.addi(reg(), src(), 1),
      A.addi(reg(), src(), 2),
    ],
    () => [A.jal(reg(), 8), A.addi(reg(), 0, 7)],
    // auipc t, 0; jalr rd, t, 12 (bit 0 set in the immediate is cleared): skips one instruction.
    () => {
      const t = reg();
      return [A.auipc(t, 0), A.jalr(reg(), t, 12 + (rng() & 1)), A.addi(reg(), 0, 9)];
    },
    () => [A.FENCE],
  ];
  const words: number[] = [...A.li(BASE, DATA)];
  for (let r = 1; r <= 30; r++) words.push(...A.li(r, rng() % 3 === 0 ? pick(CORNERS) : rng()));
  while (words.length < length) words.push(...pick(forms)(rng));
  // Dump x1..x30 to DATA + 0x400, then write(3, DATA + 0x400, 120) and exit(0).
  for (let r = 1; r <= 30; r++) words.push(A.sw(r, BASE, 0x400 + 4 * (r - 1)));
  words.push(
    A.addi(10, 0, 3),
    A.addi(11, BASE, 0x400),
    A.addi(12, 0, 120),
    A.addi(17, 0, 64),
    A.ECALL,
  );
  words.push(A.addi(10, 0, 0), A.addi(17, 0, 93), A.ECALL);
  return new Uint32Array(words);
}

function qemu(elfPath: string): { status: number | null; journal: Buffer; stderr: string } {
  const r = spawnSync("qemu-riscv32", [elfPath], {
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    encoding: "buffer",
  });
  if (r.error)
    throw new Error(
      `cannot run qemu-riscv32 (install Debian's qemu-user; scripts/setup.sh does): ${r.error.message}`,
    );
  return { status: r.status, journal: r.output[3] as Buffer, stderr: r.stderr.toString() };
}

describe("random instruction streams vs qemu-riscv32", () => {
  const dir = mkdtempSync(join(tmpdir(), "zkglue-rand-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = Uint8Array.from({ length: 2048 }, (_, i) => (i * 37 + 11) & 0xff);

  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}`, () => {
      const elf = writeElf(generate(seed, 400), TEXT, data, DATA);
      const path = join(dir, `r${seed}.elf`);
      writeFileSync(path, elf, { mode: 0o755 });
      const q = qemu(path);
      expect(q.stderr).toBe("");
      const r = execute(loadElf(elf));
      expect(r.exitCode).toBe(q.status);
      expect(r.journal.length).toBe(120);
      expect(Buffer.from(r.journal).toString("hex")).toBe(q.journal.toString("hex"));
    });
  }
});
