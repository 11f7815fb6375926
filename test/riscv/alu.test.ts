/**
 * Every RV32IM register-register and register-immediate operation against a BigInt reference
 * of the spec's semantics (RISC-V unprivileged spec §2.4, §7.1–7.2), on corner values and on
 * random operands (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addi, andi, li, ori, R_OPS, rtype, slli, slti, sltiu, srai, srli, xori } from "./asm.js";
import { runWords, sbig, u32, ubig } from "./harness.js";

const INT_MIN = -(2n ** 31n);

/** The spec's result of R-type `name` on a, b (as u32). */
function refR(name: string, a: number, b: number): number {
  const sa = sbig(a),
    sb = sbig(b),
    ua = ubig(a),
    ub = ubig(b);
  const shamt = BigInt(b & 31);
  switch (name) {
    case "add":
      return u32(sa + sb);
    case "sub":
      return u32(sa - sb);
    case "sll":
      return u32(ua << shamt);
    case "slt":
      return sa < sb ? 1 : 0;
    case "sltu":
      return ua < ub ? 1 : 0;
    case "xor":
      return u32(ua ^ ub);
    case "srl":
      return u32(ua >> shamt);
    case "sra":
      return u32(sa >> shamt);
    case "or":
      return u32(ua | ub);
    case "and":
      return u32(ua & ub);
    case "mul":
      return u32(ua * ub);
    case "mulh":
      return u32((sa * sb) >> 32n);
    case "mulhsu":
      return u32((sa * ub) >> 32n);
    case "mulhu":
      return u32((ua * ub) >> 32n);
    // Table 7.1: division by zero and signed overflow.
    case "div":
      return sb === 0n ? 0xffffffff : sa === INT_MIN && sb === -1n ? u32(sa) : u32(sa / sb);
    case "divu":
      return ub === 0n ? 0xffffffff : u32(ua / ub);
    case "rem":
      return sb === 0n ? u32(sa) : sa === INT_MIN && sb === -1n ? 0 : u32(sa % sb);
    case "remu":
      return ub === 0n ? u32(ua) : u32(ua % ub);
  }
  throw new Error(name);
}

const CORNERS = [
  0, 1, 2, 3, 7, 31, 32, 33, -1, -2, 0x7fffffff, -0x80000000, 0x80000001, 0xfffffffe, 0x12345678,
  0xdeadbeef, 0x10000, 0xffff,
];

function rResult(name: string, a: number, b: number): number {
  // x5 := a, x6 := b, x7 := x5 op x6; also rd == rs1 (x5 := x5 op x6) must give the same.
  const { regs } = runWords([...li(5, a), ...li(6, b), rtype(name, 7, 5, 6), rtype(name, 5, 5, 6)]);
  expect(regs[5]).toBe(regs[7]);
  return regs[7];
}

describe("R-type operations", () => {
  for (const name of Object.keys(R_OPS)) {
    it(`${name} on corner values`, () => {
      for (const a of CORNERS)
        for (const b of CORNERS)
          expect(rResult(name, a, b), `${name}(${a}, ${b})`).toBe(refR(name, a, b));
    });
    it(`${name} on random operands`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
          fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
          (a, b) => {
            expect(rResult(name, a, b)).toBe(refR(name, a, b));
          },
        ),
        { numRuns: 60 },
      );
    });
  }
  it("rs1 == rs2 reads the same register twice", () => {
    const { regs } = runWords([...li(5, -7), rtype("mul", 6, 5, 5), rtype("sub", 7, 5, 5)]);
    expect(regs[6]).toBe(49);
    expect(regs[7]).toBe(0);
  });
});

describe("I-type operations", () => {
  const IMM: Record<
    string,
    [(rd: number, rs1: number, imm: number) => number, (a: number, imm: number) => number]
  > = {
    addi: [addi, (a, i) => u32(sbig(a) + BigInt(i))],
    slti: [slti, (a, i) => (sbig(a) < BigInt(i) ? 1 : 0)],
    // sltiu compares with the sign-extended immediate taken as unsigned (§2.4).
    sltiu: [sltiu, (a, i) => (ubig(a) < ubig(i) ? 1 : 0)],
    xori: [xori, (a, i) => u32(ubig(a) ^ ubig(i))],
    ori: [ori, (a, i) => u32(ubig(a) | ubig(i))],
    andi: [andi, (a, i) => u32(ubig(a) & ubig(i))],
  };
  for (const [name, [enc, ref]] of Object.entries(IMM)) {
    it(`${name} on corner and random values`, () => {
      const imms = [0, 1, -1, 2047, -2048, 5, -100];
      const cases: [number, number][] = [];
      for (const a of CORNERS) for (const imm of imms) cases.push([a, imm]);
      fc.sample(
        fc.tuple(
          fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
          fc.integer({ min: -2048, max: 2047 }),
        ),
        40,
      ).forEach((c) => cases.push(c));
      for (const [a, imm] of cases) {
        const { regs } = runWords([...li(5, a), enc(7, 5, imm)]);
        expect(regs[7], `${name}(${a}, ${imm})`).toBe(ref(a, imm));
      }
    });
  }
  it("shift immediates for every amount", () => {
    for (const a of [0x80000001, 0x12345678, -1, 1]) {
      for (let sh = 0; sh < 32; sh++) {
        const { regs } = runWords([...li(5, a), slli(6, 5, sh), srli(7, 5, sh), srai(8, 5, sh)]);
        expect(regs[6]).toBe(u32(ubig(a) << BigInt(sh)));
        expect(regs[7]).toBe(u32(ubig(a) >> BigInt(sh)));
        expect(regs[8]).toBe(u32(sbig(a) >> BigInt(sh)));
      }
    }
  });
  it("li builds every constant it is given (lui + addi carry)", () => {
    for (const v of [...CORNERS, 0x800, 0xfff, 0x7ff, 0xfffff800])
      expect(runWords(li(9, v)).regs[9]).toBe(v >>> 0);
  });
});
