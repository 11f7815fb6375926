/**
 * Generated guest bindings: guest/zkglue_coprocessors.h is exactly what the generator writes for
 * the built-ins (so the two never drift) and keeps the C signatures guests use; a header
 * generated for toy coprocessors (every argument kind, six arguments and none, a doc that tries
 * to end its comment) compiles with the RISC-V toolchain under -Wall -Wextra -Werror, and a guest
 * calling it runs in the executor with the results an independent BigInt computation gives;
 * `zkglue bindings` writes the same text; the generator refuses what C could not hold.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtinBindings } from "../../cli/bindings.js";
import { main } from "../../cli/main.js";
import { cBindings } from "../../glue/bindings.js";
import { type Coprocessor, CoprocessorError } from "../../glue/coprocessor.js";
import { execute, loadElf } from "../../glue/riscv/index.js";
import { buildGuests, ROOT } from "./guest-build.js";

const dir = mkdtempSync(join(tmpdir(), "zkglue-bindings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** out := (inp[0]·k + m, inp[1] xor bytes word); *acc += inp[0] + inp[1] + k + m (mod 2^32). */
const mix: Coprocessor = {
  name: "mix",
  syscall: 0x1000,
  execute(ctx) {
    const [out, inp, acc, k, bytes, m] = ctx.args;
    const [i0, i1] = ctx.readWords(inp, 2);
    ctx.writeWords(out, [(Math.imul(i0, k) + m) >>> 0, (i1 ^ ctx.readWord(bytes)) >>> 0]);
    ctx.writeWord(acc, (ctx.readWord(acc) + i0 + i1 + k + m) >>> 0);
  },
  call: {
    function: "mix",
    doc: "mixes its six arguments; a doc holding */, /* or ??/ must not break the header's comment",
    args: [
      { name: "out", kind: "write", words: 2, doc: "two words out" },
      { name: "inp", kind: "read", words: 2 },
      { name: "acc", kind: "readwrite", words: 1 },
      { name: "k", kind: "value", words: 0 },
      { name: "bytes", kind: "read", words: 1, bytes: true },
      { name: "m", kind: "value", words: 0 },
    ],
  },
};

let ticks = 0;
/** No argument at all: counts its calls. */
const tick: Coprocessor = {
  name: "tick",
  syscall: 0x1001,
  execute: () => void ticks++,
  call: { function: "tick", doc: "counts a tick", args: [] },
};

const GUEST = `#include "zkglue.h"
#include "toys.h"

int main(void) {
  static uint32_t out[2];
  static const uint32_t inp[2] = {0x89abcdefu, 0x01234567u};
  static uint32_t acc[1] = {1000u};
  static const uint8_t bytes[4] __attribute__((aligned(4))) = {0x11, 0x22, 0x33, 0x44};
  mix(out, inp, acc, 0x10001u, bytes, 7u);
  mix(out, inp, acc, 3u, bytes, 0xffffffffu);
  tick();
  tick();
  tick();
  zkglue_commit(out, 8);
  zkglue_commit(acc, 4);
  return 0;
}
`;

const options = { guard: "TOYS_H", command: "test", description: "Toys." };

describe("built-in bindings", () => {
  it("guest/zkglue_coprocessors.h is what the generator writes (regenerate: zkglue bindings --builtins -o guest/zkglue_coprocessors.h)", () => {
    const onDisk = readFileSync(join(ROOT, "guest/zkglue_coprocessors.h"), "utf8");
    expect(builtinBindings()).toBe(onDisk);
  });

  it("keeps the C signatures guests call", () => {
    const flat = builtinBindings().replace(/\s+/g, " ");
    for (const prototype of [
      "void zkglue_sha256_compress(uint32_t state[8], const void *block)",
      "void zkglue_poseidon2_permute(uint32_t state[16])",
      "void zkglue_modmul256(uint32_t out[8], const uint32_t a[8], const uint32_t b[8], const uint32_t m[8])",
      "void zkglue_secp256k1_add(uint32_t p[16], const uint32_t q[16])",
      "void zkglue_secp256k1_double(uint32_t p[16])",
    ])
      expect(flat).toContain(`static inline ${prototype} {`);
    expect(flat).toContain("#define ZKGLUE_SYS_SHA256_COMPRESS 0x100");
  });

  it("zkglue bindings prints them, and --builtins -o writes them", async () => {
    let out = "";
    const io = { stdout: (d: string | Uint8Array) => void (out += d), stderr: () => {} };
    expect(await main(["bindings"], io)).toBe(0);
    expect(out).toBe(builtinBindings());
    const file = join(dir, "b.h");
    expect(await main(["bindings", "--builtins", "-o", file], io)).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(builtinBindings());
    expect(await main(["bindings", "--builtins", "x.ts"], io)).toBe(2);
  });
});

describe("generated bindings of toy coprocessors", () => {
  const header = cBindings([mix, tick], options);

  it("document each argument's layout and the syscall number", () => {
    expect(header).toContain("#define ZKGLUE_SYS_MIX 0x1000");
    expect(header).toContain('mix: coprocessor "mix", ecall 0x1000 (ZKGLUE_SYS_MIX).');
    expect(header).toContain("a0 out: pointer to 2 words, written; two words out.");
    expect(header).toContain("a4 bytes: pointer to 1 word (4 bytes, by byte pointer), read.");
    expect(header).toContain("a5 m: a u32 value.");
    expect(header).toContain("static inline void tick(void) {\n  zkglue_cop0(ZKGLUE_SYS_TICK);");
  });

  it("compile, and a guest calling them runs with the right results", () => {
    const out = buildGuests(dir, { "toys.h": header, "toys.c": GUEST });
    ticks = 0;
    const r = execute(loadElf(readFileSync(join(out, "toys.elf"))), { coprocessors: [mix, tick] });
    expect(r.exitCode).toBe(0);
    const M = 2n ** 32n;
    const [i0, i1] = [0x89abcdefn, 0x01234567n];
    const acc = (1000n + (i0 + i1 + 0x10001n + 7n) + (i0 + i1 + 3n + 0xffffffffn)) % M;
    const expected = [(i0 * 3n + 0xffffffffn) % M, i1 ^ 0x44332211n, acc];
    const words = new DataView(r.journal.buffer, r.journal.byteOffset, r.journal.length);
    expect([0, 1, 2].map((i) => BigInt(words.getUint32(4 * i, true)))).toEqual(expected);
    expect(ticks).toBe(3);
  });
});

describe("the generator refuses", () => {
  const refusal = (cs: Coprocessor[]) => () => cBindings(cs, options);

  it("a coprocessor without a call description", () => {
    expect(refusal([{ ...tick, call: undefined }])).toThrow(
      new CoprocessorError(
        'coprocessor "tick" has no call description (call: { function, doc, args }): no binding to generate',
      ),
    );
  });

  it("two coprocessors that would define the same C name", () => {
    const twin = { ...tick, name: "tock", syscall: 0x1002 };
    expect(refusal([tick, twin])).toThrow(
      'coprocessors "tick" and "tock" would both define tick in the C header',
    );
    const macro = { ...twin, call: { ...tick.call!, function: "zkglue_tick" } };
    expect(refusal([tick, macro])).toThrow(/would both define ZKGLUE_SYS_TICK/);
  });

  it("a function whose syscall macro is one of the SDK's own", () => {
    const read = { ...tick, call: { ...tick.call!, function: "zkglue_read" } };
    expect(refusal([read])).toThrow(
      'coprocessor "tick": its function zkglue_read would define ZKGLUE_SYS_READ, the SDK\'s own syscall',
    );
  });

  it("an include guard that is no C identifier", () => {
    expect(() => cBindings([tick], { ...options, guard: "toys.h" })).toThrow(
      'include guard "toys.h" is not a C identifier',
    );
  });
});
