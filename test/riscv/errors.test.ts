/**
 * Every fault of the guest ABI stops the run with a GuestError of the right kind whose message
 * names the pc and the cycle, in both execution modes.
 */
import { describe, expect, it } from "vitest";
import {
  execute,
  executeRecording,
  GuestError,
  type GuestErrorKind,
} from "../../glue/riscv/index.js";
import {
  addi,
  CODE_BASE,
  DATA_BASE,
  EBREAK,
  ECALL,
  jal,
  jalr,
  lh,
  lhu,
  li,
  lw,
  program,
  sb,
  sh,
  sw,
} from "./asm.js";

const pc = (n: number) => "0x" + (CODE_BASE + 4 * n).toString(16).padStart(8, "0");

/** Runs `words` (no exit appended) in both modes; expects the fault at instruction `at`. */
function expectFault(words: number[], kind: GuestErrorKind, at: number, message: RegExp) {
  for (const run of [execute, executeRecording]) {
    let err: unknown;
    try {
      run(program(words));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GuestError);
    const g = err as GuestError;
    expect(g.kind).toBe(kind);
    expect(g.pc).toBe(CODE_BASE + 4 * at);
    expect(g.cycle).toBe(at);
    expect(g.message).toMatch(message);
    expect(g.message).toContain(`at pc ${pc(at)} (cycle ${at})`);
  }
}

describe("guest faults", () => {
  it("illegal instructions, including the all-zero and all-one words", () => {
    expectFault(
      [addi(5, 0, 1), 0xffffffff],
      "illegal-instruction",
      1,
      /^illegal instruction 0xffffffff at pc/,
    );
    expectFault([0], "illegal-instruction", 0, /illegal instruction 0x00000000/);
    // fence.i (Zifencei) and mret are not RV32IM.
    expectFault([0x0000100f], "illegal-instruction", 0, /illegal instruction 0x0000100f/);
    expectFault([0x30200073], "illegal-instruction", 0, /illegal/);
    // A shift immediate with a non-zero funct7 other than srai's.
    expectFault([0x02009293], "illegal-instruction", 0, /illegal/);
  });
  it("CSR instructions", () => {
    expectFault([0xc0002573], "csr", 0, /CSR instruction 0xc0002573/); // rdcycle a0
    expectFault([addi(5, 0, 1), 0x30529073], "csr", 1, /CSR/); // csrw mtvec, t0
  });
  it("ebreak", () => expectFault([EBREAK], "ebreak", 0, /^ebreak at pc/));
  it("misaligned loads and stores", () => {
    const base = li(5, DATA_BASE + 1);
    expectFault([...base, lw(6, 5, 0)], "misaligned-access", 2, /misaligned load from 0x00300001/);
    expectFault([...base, lh(6, 5, 0)], "misaligned-access", 2, /misaligned load/);
    expectFault([...base, lhu(6, 5, 2)], "misaligned-access", 2, /misaligned load from 0x00300003/);
    expectFault([...base, sw(6, 5, 1)], "misaligned-access", 2, /misaligned store to 0x00300002/);
    expectFault([...base, sh(6, 5, 0)], "misaligned-access", 2, /misaligned store/);
  });
  it("accesses outside guest memory", () => {
    expectFault([lw(6, 0, 0)], "out-of-bounds", 0, /load from 0x00000000 outside guest memory/);
    expectFault([...li(5, 0xffc), lw(6, 5, 0)], "out-of-bounds", 2, /0x00000ffc/);
    expectFault(
      [...li(5, 0x7800_0000), sb(0, 5, 0)],
      "out-of-bounds",
      2,
      /store to 0x78000000 outside/,
    );
    expectFault([...li(5, 0xfffffffc), lw(6, 5, 0)], "out-of-bounds", 2, /0xfffffffc/);
  });
  it("jumps outside the program and misaligned jumps", () => {
    // The fault is reported at the target pc, in the cycle after the jump.
    for (const run of [execute, executeRecording]) {
      expect(() => run(program([...li(5, DATA_BASE), jalr(0, 5, 0)]))).toThrow(
        /^instruction fetch outside the program at pc 0x00300000 \(cycle 3\)$/,
      );
    }
    expectFault(
      [...li(5, CODE_BASE + 2), jalr(0, 5, 0)],
      "misaligned-jump",
      2,
      /jump to 0x00200802/,
    );
    expectFault([jal(0, 6)], "misaligned-jump", 0, /jump to 0x00200806/);
  });
  it("stores into the program", () => {
    expectFault(
      [...li(5, CODE_BASE), sw(0, 5, 4)],
      "write-to-program",
      2,
      /store to program memory 0x00200804/,
    );
  });
  it("unknown syscalls and bad syscall arguments", () => {
    expectFault([addi(17, 0, 7), ECALL], "unknown-syscall", 1, /unknown syscall 0x00000007 \(a7\)/);
    expectFault([...li(17, 0x100), ECALL], "unknown-syscall", 2, /unknown syscall 0x00000100/);
    expectFault(
      [addi(17, 0, 64), addi(10, 0, 4), ECALL],
      "bad-syscall",
      2,
      /write to unsupported fd 4/,
    );
    expectFault([addi(17, 0, 63), addi(10, 0, 1), ECALL], "bad-syscall", 2, /read from fd 1/);
    // write of 8 bytes from 0xffc: the buffer starts below guest memory.
    expectFault(
      [addi(17, 0, 64), addi(10, 0, 1), ...li(11, 0xffc), addi(12, 0, 8), ECALL],
      "out-of-bounds",
      5,
      /write buffer 0x00000ffc\+8/,
    );
  });
  it("the cycle limit", () => {
    for (const run of [execute, executeRecording]) {
      expect(() => run(program([jal(0, 0)]), { maxCycles: 1000 })).toThrow(
        /^cycle limit 1000 reached at pc 0x00200800 \(cycle 1000\)$/,
      );
    }
  });
});
