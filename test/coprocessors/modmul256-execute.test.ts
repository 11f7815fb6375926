/**
 * The modmul256 coprocessor's execution side: the reference against BigInt on random and edge
 * values (0, 1, m − 1, m = 0 meaning 2^256, m = 1, even m, a or b ≥ m, 2^256 − 1, squaring),
 * then ecall 0x102 through the executor: the result it writes, the order of its memory accesses,
 * and the calls it refuses (overlapping buffers, named with both addresses; bad pointers), each
 * stopping the run with a GuestError naming the ecall's pc and cycle.
 */
import { describe, expect, it } from "vitest";
import { MODMUL256_SYSCALL } from "../../coprocessors/modmul256/constants.js";
import {
  checkModmul256Overlap,
  executeModmul256,
  modmul256Executor,
} from "../../coprocessors/modmul256/execute.js";
import { bigIntToLimbs, limbsToBigInt, modmul256 } from "../../coprocessors/modmul256/reference.js";
import { validateCoprocessor } from "../../glue/coprocessor.js";
import {
  execute,
  executeRecording,
  GuestError,
  type GuestErrorKind,
} from "../../glue/riscv/index.js";
import { addi, CODE_BASE, DATA_BASE, ECALL, EXIT, li, program } from "../riscv/asm.js";

const TWO256 = 2n ** 256n;
const P = TWO256 - 2n ** 32n - 977n;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Deterministic 256-bit values (xorshift32 words), so a failure reproduces. */
function randomBig(seed: number, bits = 256): bigint {
  let x = seed >>> 0 || 1;
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    v = (v << 32n) | BigInt(x >>> 0);
  }
  return v >> BigInt(256 - bits);
}

/** What modmul256 must give, computed directly. */
const expected = (a: bigint, b: bigint, m: bigint) => (m === 0n ? (a * b) % TWO256 : (a * b) % m);

/** Every (a, b, m) the edge-value tests go through. */
function edgeCases(): [bigint, bigint, bigint][] {
  const moduli = [
    0n,
    1n,
    2n,
    3n,
    2n ** 128n,
    P,
    N,
    TWO256 - 1n,
    randomBig(7) | 1n,
    randomBig(8) & ~1n,
  ];
  const cases: [bigint, bigint, bigint][] = [];
  for (const m of moduli) {
    const top = m === 0n ? TWO256 : m;
    const values = [0n, 1n, 2n, top - 1n, TWO256 - 1n, top / 2n, randomBig(Number(m % 1000n) + 11)];
    if (m !== 0n) values.push(m, m + 1n <= TWO256 - 1n ? m + 1n : m);
    for (const a of values) for (const b of values) cases.push([a, b, m]);
  }
  return cases;
}

describe("modmul256 reference", () => {
  it("limbs round-trip and are little-endian", () => {
    expect([...bigIntToLimbs(0x200000001n)]).toEqual([1, 2, 0, 0, 0, 0, 0, 0]);
    for (let s = 1; s < 20; s++)
      expect(limbsToBigInt(bigIntToLimbs(randomBig(s)))).toBe(randomBig(s));
  });

  it("matches BigInt on edge values: 0, 1, m − 1, m = 0, m = 1, even m, a or b ≥ m, 2^256 − 1", () => {
    const cases = edgeCases();
    expect(cases.length).toBeGreaterThan(500);
    for (const [a, b, m] of cases) {
      const out = limbsToBigInt(modmul256(bigIntToLimbs(a), bigIntToLimbs(b), bigIntToLimbs(m)));
      expect(out, `${a} · ${b} mod ${m}`).toBe(expected(a, b, m));
      if (m !== 0n) expect(out < m).toBe(true);
    }
  });

  it("matches BigInt on random values of every size, and squares", () => {
    for (let s = 1; s <= 300; s++) {
      const m = randomBig(3 * s, 1 + (s % 256));
      const a = randomBig(3 * s + 1);
      const b = s % 3 === 0 ? a : randomBig(3 * s + 2, 1 + ((7 * s) % 256));
      const out = modmul256(bigIntToLimbs(a), bigIntToLimbs(b), bigIntToLimbs(m));
      expect(limbsToBigInt(out)).toBe(expected(a, b, m));
    }
  });
});

/** A fake context over a word map, for executeModmul256 alone: logs the access order. */
function fakeContext(mem: Map<number, number>, args: number[]) {
  const log: string[] = [];
  return {
    log,
    ctx: {
      args,
      cycle: 7,
      timestamp: 31,
      readWord: (a: number) => (log.push(`r${a}`), mem.get(a) ?? 0),
      writeWord: (a: number, v: number) => (log.push(`w${a}`), void mem.set(a, v >>> 0)),
      readWords(a: number, n: number) {
        return Uint32Array.from({ length: n }, (_, i) => this.readWord(a + 4 * i));
      },
      writeWords(a: number, w: ArrayLike<number>) {
        for (let i = 0; i < w.length; i++) this.writeWord(a + 4 * i, w[i]);
      },
    },
  };
}

const put = (mem: Map<number, number>, at: number, x: bigint) =>
  bigIntToLimbs(x).forEach((w, i) => mem.set(at + 4 * i, w));
const words = (at: number) => Array.from({ length: 8 }, (_, i) => at + 4 * i);

describe("executeModmul256", () => {
  it("reads a, b, m in that order, then writes out; returns the event", () => {
    const [a, b, m] = [randomBig(1), randomBig(2), randomBig(3)];
    const mem = new Map<number, number>();
    put(mem, 0x2000, a);
    put(mem, 0x3000, b);
    put(mem, 0x4000, m);
    const { ctx, log } = fakeContext(mem, [0x1000, 0x2000, 0x3000, 0x4000, 0, 0]);
    const ev = executeModmul256(ctx);
    const out = bigIntToLimbs(expected(a, b, m));
    expect(ev).toEqual({ a: bigIntToLimbs(a), b: bigIntToLimbs(b), m: bigIntToLimbs(m), out });
    expect(limbsToBigInt(words(0x1000).map((w) => mem.get(w)!))).toBe(expected(a, b, m));
    expect(log).toEqual([
      ...words(0x2000).map((w) => `r${w}`),
      ...words(0x3000).map((w) => `r${w}`),
      ...words(0x4000).map((w) => `r${w}`),
      ...words(0x1000).map((w) => `w${w}`),
    ]);
  });

  it("squares with b = a (the same pointer): a read twice, the event's b = a", () => {
    const [a, m] = [randomBig(4), P];
    const mem = new Map<number, number>();
    put(mem, 0x2000, a);
    put(mem, 0x4000, m);
    const { ctx, log } = fakeContext(mem, [0x1000, 0x2000, 0x2000, 0x4000, 0, 0]);
    const ev = executeModmul256(ctx);
    expect(ev.b).toEqual(ev.a);
    expect(limbsToBigInt(ev.out)).toBe((a * a) % P);
    expect(log.filter((l) => l.startsWith("r")).length).toBe(24);
  });

  it("refuses overlaps before touching memory, naming both buffers and their addresses", () => {
    const at = (out: number, a: number, b: number, m: number) => [out, a, b, m, 0, 0];
    const refused: [number[], RegExp][] = [
      [
        at(0x2000, 0x2000, 0x3000, 0x4000),
        /out \(a0 = 0x00002000\) overlaps a \(a1 = 0x00002000\)/,
      ],
      [
        at(0x201c, 0x2000, 0x3000, 0x4000),
        /out \(a0 = 0x0000201c\) overlaps a \(a1 = 0x00002000\)/,
      ],
      [
        at(0x3000, 0x2000, 0x3000, 0x4000),
        /out \(a0 = 0x00003000\) overlaps b \(a2 = 0x00003000\)/,
      ],
      [
        at(0x2fe4, 0x2000, 0x3000, 0x4000),
        /out \(a0 = 0x00002fe4\) overlaps b \(a2 = 0x00003000\)/,
      ],
      [
        at(0x4000, 0x2000, 0x2000, 0x4000),
        /out \(a0 = 0x00004000\) overlaps m \(a3 = 0x00004000\)/,
      ],
      [at(0x1000, 0x2000, 0x2004, 0x4000), /a \(a1 = 0x00002000\) overlaps b \(a2 = 0x00002004\)/],
      [at(0x1000, 0x201c, 0x2000, 0x4000), /a \(a1 = 0x0000201c\) overlaps b \(a2 = 0x00002000\)/],
      [at(0x1000, 0x2000, 0x3000, 0x2010), /a \(a1 = 0x00002000\) overlaps m \(a3 = 0x00002010\)/],
      [at(0x1000, 0x2000, 0x3000, 0x3000), /b \(a2 = 0x00003000\) overlaps m \(a3 = 0x00003000\)/],
      [at(0x1000, 0x2000, 0x2000, 0x2000), /a \(a1 = 0x00002000\) overlaps m \(a3 = 0x00002000\)/],
    ];
    for (const [args, message] of refused) {
      const { ctx, log } = fakeContext(new Map(), args);
      expect(() => executeModmul256(ctx), message.source).toThrow(message);
      expect(log).toEqual([]);
    }
    // Adjacent buffers and the squaring alias are fine.
    for (const args of [at(0x2020, 0x2000, 0x2040, 0x2060), at(0x1000, 0x2000, 0x2000, 0x1fe0)]) {
      expect(() => checkModmul256Overlap(args)).not.toThrow();
    }
  });

  it("is a valid executor-only coprocessor with its call description", () => {
    expect(() => validateCoprocessor(modmul256Executor)).not.toThrow();
    expect(modmul256Executor.name).toBe("modmul256");
    expect(modmul256Executor.syscall).toBe(MODMUL256_SYSCALL);
    expect(modmul256Executor.call?.function).toBe("zkglue_modmul256");
    expect(modmul256Executor.call?.args.map((a) => [a.name, a.kind, a.words])).toEqual([
      ["out", "write", 8],
      ["a", "read", 8],
      ["b", "read", 8],
      ["m", "read", 8],
    ]);
  });
});

describe("ecall 0x102 through the executor", () => {
  const OUT = DATA_BASE;
  const A = DATA_BASE + 32;
  const B = DATA_BASE + 64;
  const M = DATA_BASE + 96;
  // Instruction index of the modmul256 ecall in `callProgram`: five li of two instructions.
  const ECALL_AT = 10;

  /** out := a·b mod m at (a0..a3), then the 32 bytes at OUT go to the journal. */
  function callProgram(out: number, a: number, b: number, m: number) {
    return [
      ...li(17, MODMUL256_SYSCALL),
      ...li(10, out),
      ...li(11, a),
      ...li(12, b),
      ...li(13, m),
      ECALL,
      ...li(17, 64),
      addi(10, 0, 3),
      ...li(11, OUT),
      addi(12, 0, 32),
      ECALL,
      addi(10, 0, 0),
      ...EXIT,
    ];
  }
  const image = (a: bigint, b: bigint, m: bigint) => {
    const data = new Uint8Array(128);
    [a, b, m].forEach((x, k) => data.set(new Uint8Array(bigIntToLimbs(x).buffer), 32 * (k + 1)));
    return data;
  };
  const journalValue = (j: Uint8Array) => limbsToBigInt(new Uint32Array(j.slice().buffer));

  it("writes a·b mod m at a0 on edge and random values, in both modes, and records the call", () => {
    const cases = edgeCases().filter((_, i) => i % 7 === 0);
    for (let s = 1; s <= 40; s++)
      cases.push([randomBig(5 * s), randomBig(5 * s + 1), randomBig(5 * s + 2, 1 + s * 6)]);
    for (const [a, b, m] of cases) {
      const p = program(callProgram(OUT, A, B, M), image(a, b, m));
      const f = execute(p, { coprocessors: [modmul256Executor] });
      expect(f.exitCode).toBe(0);
      expect(journalValue(f.journal), `${a} · ${b} mod ${m}`).toBe(expected(a, b, m));
    }
    const [a, b, m] = [randomBig(91), randomBig(92), N];
    const p = program(callProgram(OUT, A, B, M), image(a, b, m));
    const r = executeRecording(p, { coprocessors: [modmul256Executor] });
    const out = bigIntToLimbs(expected(a, b, m));
    expect(r.trace.coprocessorCalls).toEqual([
      {
        name: "modmul256",
        syscall: MODMUL256_SYSCALL,
        cycle: ECALL_AT,
        events: { a: bigIntToLimbs(a), b: bigIntToLimbs(b), m: bigIntToLimbs(m), out },
      },
    ]);
    // The access order the prover relies on: a, b, m read, out written, at the call's cycle.
    const mem = r.trace.syscallMemory;
    const at = (i: number) => [mem.at("addr", i), mem.at("write", i), mem.at("cycle", i)];
    const want = [
      ...words(A).map((w) => [w, 0, ECALL_AT]),
      ...words(B).map((w) => [w, 0, ECALL_AT]),
      ...words(M).map((w) => [w, 0, ECALL_AT]),
      ...words(OUT).map((w) => [w, 1, ECALL_AT]),
    ];
    expect(Array.from({ length: 32 }, (_, i) => at(i))).toEqual(want);
  });

  it("squares with a2 = a1", () => {
    const a = randomBig(77);
    const f = execute(program(callProgram(OUT, A, A, M), image(a, 0n, P)), {
      coprocessors: [modmul256Executor],
    });
    expect(journalValue(f.journal)).toBe((a * a) % P);
  });

  /** Runs the call with the given pointers in both modes; expects a fault at the ecall. */
  function expectFault(
    ptrs: [number, number, number, number],
    kind: GuestErrorKind,
    message: RegExp,
  ) {
    const p = program(callProgram(...ptrs), image(randomBig(1), randomBig(2), P));
    for (const run of [execute, executeRecording]) {
      let err: unknown;
      try {
        run(p, { coprocessors: [modmul256Executor] });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GuestError);
      const g = err as GuestError;
      expect(g.kind).toBe(kind);
      expect(g.pc).toBe(CODE_BASE + 4 * ECALL_AT);
      expect(g.cycle).toBe(ECALL_AT);
      expect(g.message).toMatch(message);
      const pc = "0x" + (CODE_BASE + 4 * ECALL_AT).toString(16).padStart(8, "0");
      expect(g.message).toContain(`at pc ${pc} (cycle ${ECALL_AT})`);
    }
  }

  it("overlapping buffers stop the run at the ecall, naming the call, both buffers and addresses", () => {
    expectFault(
      [A, A, B, M],
      "coprocessor",
      /coprocessor "modmul256" \(syscall 0x00000102\) failed: out \(a0 = 0x00300020\) overlaps a \(a1 = 0x00300020\)/,
    );
    expectFault(
      [OUT, A, A + 4, M],
      "coprocessor",
      /a \(a1 = 0x00300020\) overlaps b \(a2 = 0x00300024\)/,
    );
    expectFault(
      [OUT, A, B, B],
      "coprocessor",
      /b \(a2 = 0x00300040\) overlaps m \(a3 = 0x00300040\)/,
    );
  });

  it("misaligned, out-of-range or read-only pointers stop the run at the ecall", () => {
    expectFault([OUT, A, B, M + 2], "misaligned-access", /0x00300062/);
    expectFault([OUT, A, B, 0x800], "out-of-bounds", /0x00000800 outside guest memory/);
    expectFault([CODE_BASE, A, B, M], "write-to-program", /write to program memory 0x00200800/);
  });
});
