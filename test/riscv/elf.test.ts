/**
 * The ELF loader on a real guest and on malformed files: each refusal names the problem.
 * Malformed files are a valid example ELF with one field patched (offsets per the ELF32
 * header and program header layouts of the System V ABI).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ElfError, execute, loadElf } from "../../glue/riscv/index.js";

const ORIGINAL = new Uint8Array(
  readFileSync(new URL("../../examples/guests/fibonacci.elf", import.meta.url)),
);

/** A copy of the example ELF with `patch` applied. */
function patched(patch: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const b = ORIGINAL.slice();
  patch(new DataView(b.buffer), b);
  return b;
}
const phoff = new DataView(ORIGINAL.buffer).getUint32(28, true);
/** Offset of field `off` in the first PT_LOAD program header (the text segment). */
const ph0 = (off: number) => phoff + off;

describe("loadElf", () => {
  it("loads the example: entry, segments, permissions", () => {
    const p = loadElf(ORIGINAL);
    expect(p.entry).toBe(0x00200800);
    const text = p.segments.find((s) => s.executable)!;
    expect(text.vaddr).toBe(0x00200800);
    expect(text.writable).toBe(false);
    // The first instruction of start.S is `call main` (auipc ra, ... ; jalr): opcode 0x17.
    expect(text.data[0] & 0x7f).toBe(0x17);
    expect(p.segments.every((s) => s.memsz >= s.data.length)).toBe(true);
  });

  const cases: [string, Uint8Array, RegExp][] = [
    ["empty file", new Uint8Array(0), /not an ELF file: 0 bytes is shorter than an ELF32 header/],
    ["bad magic", patched((_, b) => (b[1] = 0x46)), /bad magic/],
    ["64-bit class", patched((_, b) => (b[4] = 2)), /not a 32-bit ELF \(EI_CLASS 2\)/],
    ["big-endian", patched((_, b) => (b[5] = 2)), /not a little-endian ELF/],
    ["x86 machine", patched((v) => v.setUint16(18, 3, true)), /not a RISC-V ELF \(e_machine 3/],
    [
      "shared object",
      patched((v) => v.setUint16(16, 3, true)),
      /not a static executable \(e_type 3/,
    ],
    [
      "compressed instructions",
      patched((v) => v.setUint32(36, 1, true)),
      /compressed instructions \(RVC\)/,
    ],
    ["hard float", patched((v) => v.setUint32(36, 4, true)), /hard-float ABI/],
    [
      "truncated program headers",
      ORIGINAL.slice(0, phoff + 10),
      /truncated ELF: program headers end at/,
    ],
    [
      "truncated segment",
      ORIGINAL.slice(0, 0x900),
      /truncated ELF: segment 0 .* needs file bytes up to/,
    ],
    [
      "segment below guest memory",
      patched((v) => v.setUint32(ph0(8), 0x800, true)),
      /segment 0 \(vaddr 0x00000800.*outside guest memory/,
    ],
    [
      "segment past guest memory",
      patched((v) => v.setUint32(ph0(8), 0x77ffff00, true)),
      /outside guest memory/,
    ],
    [
      "filesz > memsz",
      patched((v) => v.setUint32(ph0(20), 4, true)),
      /file size \d+ exceeds memory size/,
    ],
    [
      "entry outside code",
      patched((v) => v.setUint32(24, 0x00100000, true)),
      /entry point 0x00100000 is not in an executable segment/,
    ],
    [
      "misaligned entry",
      patched((v) => v.setUint32(24, 0x00200802, true)),
      /entry point 0x00200802 is not 4-byte aligned/,
    ],
    ["dynamic", patched((v) => v.setUint32(ph0(0), 3, true)), /dynamically linked/],
    ["no program headers", patched((v) => v.setUint16(44, 0, true)), /no program headers/],
    ["bad phentsize", patched((v) => v.setUint16(42, 56, true)), /bad program header size 56/],
    [
      "overlapping segments",
      patched((v) => {
        // Move the second PT_LOAD onto the first.
        v.setUint32(ph0(32 + 8), 0x00200800, true);
      }),
      /overlaps the segment at 0x00200800/,
    ],
    [
      "no loadable segment",
      patched((v) => {
        const n = v.getUint16(44, true);
        for (let i = 0; i < n; i++) v.setUint32(phoff + 32 * i, 4, true); // PT_NOTE
      }),
      /no loadable segments/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    it(`refuses: ${name}`, () => {
      expect(() => loadElf(bytes)).toThrow(ElfError);
      expect(() => loadElf(bytes)).toThrow(message);
    });
  }
});

describe("programs the executor refuses", () => {
  it("no executable segment, or executable segments spanning more than 64 MiB", () => {
    const seg = (vaddr: number, executable: boolean) => ({
      vaddr,
      memsz: 4,
      data: new Uint8Array(4),
      executable,
      writable: false,
    });
    expect(() => execute({ entry: 0x10000, segments: [seg(0x10000, false)] })).toThrow(
      /no executable segment/,
    );
    expect(() =>
      execute({ entry: 0x10000, segments: [seg(0x10000, true), seg(0x70000000, true)] }),
    ).toThrow(/executable segments span \d+ bytes \(at most 67108864\)/);
  });
});
