/**
 * The Keccak example (examples/coprocessors/keccak) on plain values and in guests: the reference
 * permutation against @noble/hashes' keccakP; Keccak-256 and SHA3-256 built on the reference
 * sponge against noble's keccak_256 and sha3_256 at the lengths around the rate; the executor's
 * call (one access per word at the call's timestamp); the keccak_sw / keccak_cop guests' journals
 * (both digests of the 1 KiB message) against noble, with their cycle counts printed; and the
 * guests' binding header kept in sync with what `zkglue bindings` generates from the
 * coprocessor's call description.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak_256, keccakP, sha3_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import keccak, { keccakF1600, keccakSponge } from "../../examples/coprocessors/keccak/index.js";
import { keccakExecutor } from "../../examples/coprocessors/keccak/execute.js";
import { execute, GuestError, loadElf } from "../../glue/riscv/index.js";
import { rng } from "../coprocessors/helpers.js";
import { elfBytes } from "../riscv/guests.js";
import * as A from "../riscv/asm.js";
import { withExit } from "../machine/programs.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const message = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) & 255);

describe("Keccak-f[1600] reference", () => {
  it("equals noble's keccakP on random, zero and all-ones states", () => {
    const r = rng(1);
    const states = [new Uint32Array(50), new Uint32Array(50).fill(0xffff_ffff)];
    for (let i = 0; i < 20; i++)
      states.push(Uint32Array.from({ length: 50 }, () => Math.floor(r() * 2 ** 32) >>> 0));
    for (const s of states) {
      const expected = s.slice();
      keccakP(expected, 24);
      const out = keccakF1600(s);
      expect(out).toEqual(expected);
      expect(out).not.toBe(s);
    }
    expect(keccak.reference).toBe(keccakF1600);
  });

  it("gives noble's Keccak-256 and SHA3-256 through the sponge, around the rate", () => {
    const r = rng(2);
    for (const n of [0, 1, 71, 135, 136, 137, 271, 272, 273, 1000, 1024]) {
      const m = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
      expect(hex(keccakSponge(m, 136, 0x01, 32)), `keccak-256 of ${n} bytes`).toBe(
        hex(keccak_256(m)),
      );
      expect(hex(keccakSponge(m, 136, 0x06, 32)), `sha3-256 of ${n} bytes`).toBe(hex(sha3_256(m)));
    }
  });
});

describe("keccak_permute through the executor", () => {
  const D = A.DATA_BASE;
  const state = Uint32Array.from({ length: 50 }, (_, i) => (i * 0x9e37_79b9) >>> 0);
  const call = [...A.li(17, keccak.syscall), ...A.li(10, D), A.ECALL];
  const guest = (ptr: number) =>
    A.program(
      withExit([...A.li(17, keccak.syscall), ...A.li(10, ptr), A.ECALL], { ptr: D, len: 200 }),
      new Uint8Array(state.slice().buffer),
    );

  it("permutes the 50 words at a0 in place", () => {
    const run = execute(
      A.program(withExit([...call, ...call], { ptr: D, len: 200 }), new Uint8Array(state.buffer)),
      { coprocessors: [keccakExecutor] },
    );
    const expected = state.slice();
    keccakP(expected, 24);
    keccakP(expected, 24);
    expect(new Uint32Array(run.journal.slice().buffer)).toEqual(expected);
  });

  it("refuses a misaligned state, and is an unknown syscall without the coprocessor", () => {
    const ecallPc = A.CODE_BASE + 4 * 4; // after li a7 (2 instructions) and li a0 (2)
    for (const [ptr, coprocessors, kind] of [
      [D + 2, [keccakExecutor], "misaligned-access"],
      [D, [], "unknown-syscall"],
    ] as const) {
      let err: unknown;
      try {
        execute(guest(ptr), { coprocessors: [...coprocessors] });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GuestError);
      expect((err as GuestError).kind).toBe(kind);
      expect((err as GuestError).pc).toBe(ecallPc);
    }
  });
});

describe("keccak_sw and keccak_cop guests", () => {
  const expected = hex(keccak_256(message)) + hex(sha3_256(message));

  it("journal noble's Keccak-256 and SHA3-256 of the 1 KiB message", () => {
    const sw = execute(loadElf(elfBytes("keccak_sw")), {});
    const cop = execute(loadElf(elfBytes("keccak_cop")), { coprocessors: [keccakExecutor] });
    for (const run of [sw, cop]) {
      expect(run.exitCode).toBe(0);
      expect(hex(run.journal)).toBe(expected);
    }
    console.log(`keccak 1 KiB (Keccak-256 + SHA3-256): sw ${sw.cycles} cycles, cop ${cop.cycles}`);
    // 16 permutations move from RV32IM to the coprocessor.
    expect(sw.cycles).toBeGreaterThan(20 * cop.cycles);
  });

  it("keccak_binding.h is what `zkglue bindings` generates from the call description", () => {
    const dir = mkdtempSync(join(tmpdir(), "zkglue-keccak-binding-"));
    try {
      const out = join(dir, "keccak_binding.h");
      const module = "examples/coprocessors/keccak/index.ts";
      execFileSync("npx", ["tsx", "cli/main.ts", "bindings", module, "-o", out], {
        stdio: "pipe",
      });
      const committed = readFileSync("examples/guests/keccak_binding.h", "utf8");
      expect(committed).toBe(readFileSync(out, "utf8"));
      expect(committed).toContain("static inline void zkglue_keccak_permute(uint32_t state[50])");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
