/**
 * The ABI syscalls (terminate, exit, write to fds 1/2/3, read of the private input) and the
 * dispatch of syscall numbers ≥ 0x100 to registered coprocessors, with the registry's refusals.
 */
import { describe, expect, it } from "vitest";
import { CoprocessorRegistry, type Coprocessor } from "../../glue/coprocessor.js";
import { execute, executeRecording, GuestError } from "../../glue/riscv/index.js";
import { addi, DATA_BASE, ECALL, EXIT, li, lw, program } from "./asm.js";
import { runWords } from "./harness.js";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const HELLO = new TextEncoder().encode("..hello, journal");

/** write(fd, DATA_BASE + off, len) */
const write = (fd: number, off: number, len: number) => [
  addi(17, 0, 64),
  addi(10, 0, fd),
  ...li(11, DATA_BASE + off),
  addi(12, 0, len),
  ECALL,
];
/** read(0, DATA_BASE + off, max) */
const read = (off: number, max: number) => [
  addi(17, 0, 63),
  addi(10, 0, 0),
  ...li(11, DATA_BASE + off),
  addi(12, 0, max),
  ECALL,
];

describe("write", () => {
  it("sends fd 1 to stdout, 2 to stderr, 3 to the journal, from unaligned buffers, returning len", () => {
    const chunks: string[] = [];
    const { result, regs } = runWords(
      [...write(1, 2, 5), ...write(2, 9, 7), ...write(3, 2, 14), addi(20, 10, 0)],
      {
        onStdout: (b) => chunks.push(text(b)),
      },
      HELLO,
    );
    expect(text(result.stdout)).toBe("hello");
    expect(text(result.stderr)).toBe("journal");
    expect(text(result.journal)).toBe("hello, journal");
    expect(chunks).toEqual(["hello", "hello"]); // runWords runs both modes
    expect(regs[20]).toBe(14);
  });
  it("accepts an empty write anywhere", () => {
    const { result } = runWords([
      addi(17, 0, 64),
      addi(10, 0, 3),
      addi(11, 0, 0),
      addi(12, 0, 0),
      ECALL,
    ]);
    expect(result.journal.length).toBe(0);
  });
});

describe("read", () => {
  it("serves the private input in pieces, then 0 at its end", () => {
    const input = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    const { regs } = runWords(
      [
        ...read(1, 3),
        addi(20, 10, 0), // 3 bytes to DATA_BASE+1..3
        ...read(4, 16),
        addi(21, 10, 0), // the remaining 4 bytes
        ...read(12, 16),
        addi(22, 10, 0), // end: 0
        ...li(5, DATA_BASE),
        lw(23, 5, 0),
        lw(24, 5, 4),
      ],
      { input },
    );
    expect([regs[20], regs[21], regs[22]]).toEqual([3, 4, 0]);
    expect(regs[23]).toBe(0x03020100);
    expect(regs[24]).toBe(0x07060504);
  });
});

describe("termination", () => {
  it("terminate (0) and exit (93) end the run with a0; later instructions do not run", () => {
    for (const n of [0, 93]) {
      const r = execute(program([addi(10, 0, -1), addi(17, 0, n), ECALL, 0xffffffff]));
      expect(r.exitCode).toBe(-1);
      expect(r.cycles).toBe(3);
    }
  });
});

describe("coprocessors", () => {
  // add3: mem[a1] := mem[a0] + mem[a0+4] + mem[a0+8]; returns its operands as events.
  const add3: Coprocessor<number[]> = {
    name: "add3",
    syscall: 0x1000,
    execute(ctx) {
      const [x, y, z] = ctx.readWords(ctx.args[0], 3);
      ctx.writeWord(ctx.args[1], (x + y + z) >>> 0);
      return [x, y, z, ctx.timestamp];
    },
  };
  const data = new Uint8Array(new Uint32Array([5, 6, 0xfffffff0, 99]).buffer);
  const call = [
    ...li(17, 0x1000),
    ...li(10, DATA_BASE),
    ...li(11, DATA_BASE + 12),
    ECALL,
    ...li(5, DATA_BASE),
    lw(6, 5, 12),
  ];

  it("dispatches the ecall, with guest memory reads and writes, and records the events", () => {
    const r = executeRecording(program([...call, ...EXIT], data), { coprocessors: [add3] });
    expect(r.trace.finalRegisters[6]).toBe(0xfffffffb);
    const ecallCycle = 6;
    expect(r.trace.coprocessorCalls).toEqual([
      {
        name: "add3",
        syscall: 0x1000,
        cycle: ecallCycle,
        events: [5, 6, 0xfffffff0, 4 * ecallCycle + 3],
      },
    ]);
    const mem = r.trace.syscallMemory;
    expect(mem.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => mem.at("addr", i))).toEqual([
      DATA_BASE,
      DATA_BASE + 4,
      DATA_BASE + 8,
      DATA_BASE + 12,
    ]);
    expect([0, 1, 2, 3].map((i) => mem.at("write", i))).toEqual([0, 0, 0, 1]);
    expect(mem.at("old", 3)).toBe(99);
    expect(mem.at("value", 3)).toBe(0xfffffffb);
    expect(mem.at("ts", 0)).toBe(0); // first access since the image was loaded
    // The fast mode gives the same outcome.
    const f = execute(program([...call, ...EXIT], data), {
      coprocessors: new CoprocessorRegistry([add3]),
    });
    expect(f.cycles).toBe(r.cycles);
  });
  it("a coprocessor that throws stops the run at the ecall", () => {
    const bad: Coprocessor = {
      name: "bad",
      syscall: 0x1001,
      execute: () => {
        throw new Error("no");
      },
    };
    expect(() => execute(program([...li(17, 0x1001), ECALL]), { coprocessors: [bad] })).toThrow(
      /^coprocessor "bad" \(syscall 0x00001001\) failed: no at pc 0x00200808 \(cycle 2\)$/,
    );
  });
  it("a coprocessor's bad memory access is a guest fault at the ecall", () => {
    let err: unknown;
    try {
      execute(program([...li(17, 0x1000), addi(10, 0, 2), ECALL]), { coprocessors: [add3] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GuestError);
    expect((err as GuestError).kind).toBe("misaligned-access");
    expect((err as GuestError).cycle).toBe(3);
  });
  it("the registry refuses bad or clashing coprocessors", () => {
    const reg = new CoprocessorRegistry([add3]);
    expect(() => reg.register({ ...add3, name: "other" })).toThrow(
      /syscall 0x1000 is already used by coprocessor "add3"/,
    );
    expect(() => reg.register({ ...add3, syscall: 0x1002 })).toThrow(
      /named "add3" is already registered/,
    );
    expect(() => reg.register({ ...add3, name: "low", syscall: 93 })).toThrow(
      /syscall must be at least 0x100/,
    );
    expect(() => reg.register({ ...add3, name: "frac", syscall: 256.5 })).toThrow(/syscall/);
    expect(() => reg.register({ name: "nofn", syscall: 0x2000 } as unknown as Coprocessor)).toThrow(
      /execute must be a function/,
    );
    expect(() => reg.register({ ...add3, name: "Bad Name", syscall: 0x2001 })).toThrow(
      /name must be/,
    );
    expect(reg.list().map((c) => c.name)).toEqual(["add3"]);
  });
});
