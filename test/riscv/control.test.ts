/**
 * Loads, stores, branches, jumps, LUI/AUIPC, x0 and cycle counting, each checked against
 * values worked out from the spec (RISC-V unprivileged spec §2.5–2.6).
 */
import { describe, expect, it } from "vitest";
import {
  addi,
  auipc,
  beq,
  bge,
  bgeu,
  blt,
  bltu,
  bne,
  CODE_BASE,
  DATA_BASE,
  FENCE,
  jal,
  jalr,
  lb,
  lbu,
  lh,
  lhu,
  li,
  lui,
  lw,
  rtype,
  sb,
  sh,
  sw,
} from "./asm.js";
import { runWords, sbig, u32, ubig } from "./harness.js";

const DATA = new Uint8Array([
  0x81, 0x72, 0xf3, 0x04, 0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0, 0, 0, 0, 0,
]);

describe("loads", () => {
  it("sign- and zero-extend bytes and halfwords at every offset", () => {
    const base = li(5, DATA_BASE);
    for (let off = 0; off < 4; off++) {
      const { regs } = runWords([...base, lb(6, 5, off), lbu(7, 5, off)], {}, DATA);
      expect(regs[6]).toBe(u32(BigInt((DATA[off] << 24) >> 24)));
      expect(regs[7]).toBe(DATA[off]);
    }
    for (const off of [0, 2]) {
      const { regs } = runWords([...base, lh(6, 5, off), lhu(7, 5, off)], {}, DATA);
      const v = DATA[off] | (DATA[off + 1] << 8);
      expect(regs[6]).toBe(u32(BigInt((v << 16) >> 16)));
      expect(regs[7]).toBe(v);
    }
    const { regs } = runWords([...base, lw(6, 5, 4), lw(7, 5, 0)], {}, DATA);
    expect(regs[6]).toBe(0x44332211);
    expect(regs[7]).toBe(0x04f37281);
  });
  it("negative offsets and loads from the code segment", () => {
    const { regs } = runWords(
      [...li(5, DATA_BASE + 8), lw(6, 5, -8), ...li(7, CODE_BASE), lw(8, 7, 0)],
      {},
      DATA,
    );
    expect(regs[6]).toBe(0x04f37281);
    expect(regs[8]).toBe(li(5, DATA_BASE + 8)[0]); // the first instruction word
  });
  it("untouched memory reads as zero", () => {
    const { regs } = runWords([...li(5, 0x7000_0000), lw(6, 5, 0), lw(7, 5, 0x7fc)]);
    expect(regs[6]).toBe(0);
    expect(regs[7]).toBe(0);
  });
  it("the last word of guest memory is accessible", () => {
    const { regs } = runWords([
      ...li(5, 0x7800_0000 - 4),
      ...li(6, 0xcafe),
      sw(6, 5, 0),
      lw(7, 5, 0),
    ]);
    expect(regs[7]).toBe(0xcafe);
  });
});

describe("stores", () => {
  it("sb and sh merge into the word; sw replaces it", () => {
    const { regs } = runWords(
      [
        ...li(5, DATA_BASE),
        ...li(6, 0xa1b2c3d4),
        sw(6, 5, 8),
        sb(0, 5, 9),
        sh(0, 5, 10),
        lw(7, 5, 8), // d4 00 00 00 -> 0x000000d4
        sw(6, 5, 12),
        sb(6, 5, 14),
        lw(8, 5, 12), // d4 c3 d4 a1 -> 0xa1d4c3d4
        sh(6, 5, 12),
        lw(9, 5, 12),
      ],
      {},
      DATA,
    );
    expect(regs[7]).toBe(0x000000d4);
    expect(regs[8]).toBe(0xa1d4c3d4);
    expect(regs[9]).toBe(0xa1d4c3d4);
  });
  it("writes to fresh pages anywhere in guest memory", () => {
    const { regs } = runWords([
      ...li(5, 0x1000),
      ...li(6, 77),
      sw(6, 5, 0),
      lw(7, 5, 0),
      ...li(8, 0x4000_0002),
      sh(6, 8, 0),
      lhu(9, 8, 0),
    ]);
    expect(regs[7]).toBe(77);
    expect(regs[9]).toBe(77);
  });
});

describe("branches", () => {
  const B = { beq, bne, blt, bge, bltu, bgeu };
  const ref: Record<string, (a: number, b: number) => boolean> = {
    beq: (a, b) => a === b,
    bne: (a, b) => a !== b,
    blt: (a, b) => sbig(a) < sbig(b),
    bge: (a, b) => sbig(a) >= sbig(b),
    bltu: (a, b) => ubig(a) < ubig(b),
    bgeu: (a, b) => ubig(a) >= ubig(b),
  };
  const values = [0, 1, -1, 0x7fffffff, -0x80000000, 5];
  for (const [name, enc] of Object.entries(B)) {
    it(`${name}: taken forward jumps over one instruction, not taken falls through`, () => {
      for (const a of values)
        for (const b of values) {
          // x7 := 1; branch +8 skips "x7 := 2".
          const { regs } = runWords([
            ...li(5, a),
            ...li(6, b),
            addi(7, 0, 1),
            enc(5, 6, 8),
            addi(7, 0, 2),
          ]);
          expect(regs[7], `${name}(${a}, ${b})`).toBe(ref[name](a, b) ? 1 : 2);
        }
    });
  }
  it("backward branches loop", () => {
    // x5 := 10; loop: x6 += x5; x5 -= 1; bne x5, x0, loop
    const { regs, result } = runWords([
      addi(5, 0, 10),
      addi(6, 6, 0),
      rtype("add", 6, 6, 5),
      addi(5, 5, -1),
      bne(5, 0, -8),
    ]);
    expect(regs[6]).toBe(55);
    expect(result.cycles).toBe(2 + 3 * 10 + 2);
  });
});

describe("jumps, lui, auipc, x0, fence", () => {
  it("jal links pc + 4 and jumps", () => {
    const { regs } = runWords([jal(1, 8), addi(7, 0, 9), addi(8, 0, 3)]);
    expect(regs[1]).toBe(CODE_BASE + 4);
    expect(regs[7]).toBe(0);
    expect(regs[8]).toBe(3);
  });
  it("jalr adds the immediate, clears bit 0, and links before overwriting rs1 == rd", () => {
    // x5 := CODE_BASE + 16 + 1 (odd); jalr x5, x5, 4 -> target CODE_BASE + 20.
    const w = [
      ...li(5, CODE_BASE + 17),
      jalr(5, 5, 4),
      addi(7, 0, 1),
      addi(8, 0, 1),
      addi(9, 0, 1),
    ];
    const { regs } = runWords(w);
    expect(regs[5]).toBe(CODE_BASE + 12);
    expect(regs[7]).toBe(0); // CODE_BASE + 12 skipped
    expect(regs[8]).toBe(0); // CODE_BASE + 16 skipped
    expect(regs[9]).toBe(1);
  });
  it("lui and auipc", () => {
    const { regs } = runWords([lui(5, 0xfffff), auipc(6, 0x12345), auipc(7, 0xfffff)]);
    expect(regs[5]).toBe(0xfffff000);
    expect(regs[6]).toBe(CODE_BASE + 4 + 0x12345000);
    expect(regs[7]).toBe(u32(BigInt(CODE_BASE + 8) - 0x1000n));
  });
  it("x0 ignores writes and reads as zero", () => {
    const { regs } = runWords([
      addi(0, 0, 5),
      lui(0, 1),
      jal(0, 4),
      rtype("add", 6, 0, 0),
      addi(7, 0, 0),
    ]);
    expect(regs[0]).toBe(0);
    expect(regs[6]).toBe(0);
  });
  it("fence is a no-op that costs a cycle; the exit ecall counts", () => {
    const { result } = runWords([FENCE, FENCE]);
    expect(result.cycles).toBe(4);
  });
  it("initial registers: sp = 0x00200400, the rest 0", () => {
    const { regs } = runWords([]);
    expect(regs[2]).toBe(0x00200400);
    expect(regs[1]).toBe(0);
    expect(regs[10]).toBe(0);
    expect(regs[17]).toBe(93); // set by the exit sequence
  });
});
