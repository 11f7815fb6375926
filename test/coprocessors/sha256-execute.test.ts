/**
 * The sha256_compress coprocessor's execution side: the reference compression and hash against
 * NIST's vectors (FIPS 180 examples, CAVP SHAVS ShortMsg/LongMsg; test/vectors/sha256) and
 * against @noble/hashes on random inputs; then ecall 0x100 through the executor: the state it
 * writes back, the order of its memory accesses, and the faults of bad pointers, which must stop
 * the run with a GuestError naming the ecall's pc and cycle.
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { IV, SHA256_SYSCALL } from "../../coprocessors/sha256/constants.js";
import { executeSha256, sha256Executor } from "../../coprocessors/sha256/execute.js";
import { byteSwap, compress, sha256 } from "../../coprocessors/sha256/reference.js";
import { validateCoprocessor } from "../../glue/coprocessor.js";
import {
  execute,
  executeRecording,
  GuestError,
  type GuestErrorKind,
  MEM_END,
} from "../../glue/riscv/index.js";
import { addi, CODE_BASE, DATA_BASE, ECALL, EXIT, li, program } from "../riscv/asm.js";

const VECTORS = new URL("../vectors/sha256/", import.meta.url);
const load = (file: string) => JSON.parse(readFileSync(new URL(file, VECTORS), "utf8"));

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
/** Hex of big-endian words → the words as u32 (the ABI's representation). */
const words = (h: string) => Uint32Array.from(h.match(/.{8}/g)!, (w) => parseInt(w, 16));
const wordsHex = (w: Uint32Array) => [...w].map((x) => x.toString(16).padStart(8, "0")).join("");

/** Deterministic pseudo-random bytes (xorshift32), so a failure reproduces. */
function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
const randomWords = (n: number, seed: number) =>
  new Uint32Array(randomBytes(4 * n, seed).buffer.slice(0));

describe("reference SHA-256 (FIPS 180-4)", () => {
  const fips = load("fips180.json");

  it("compress gives the intermediate hash values of the FIPS examples", () => {
    for (const c of fips.compressions) {
      expect(wordsHex(compress(words(c.state), words(c.block))), c.name).toBe(c.out);
    }
  });

  it("sha256 gives the digests of the FIPS examples (one million 'a' included)", () => {
    for (const m of fips.messages) {
      const msg = new TextEncoder().encode(m.ascii.repeat(m.repeat));
      expect(hex(sha256(msg)), m.name).toBe(m.digest);
    }
  });

  for (const file of ["cavp-short.json", "cavp-long.json"]) {
    it(`sha256 passes NIST CAVP ${file} (SHAVS, byte-oriented)`, () => {
      const { vectors } = load(file);
      expect(vectors.length).toBeGreaterThan(60);
      for (const v of vectors) {
        expect(v.msg.length * 4).toBe(v.len);
        expect(hex(sha256(bytes(v.msg))), `Len = ${v.len}`).toBe(v.digest);
      }
    });
  }

  it("sha256 matches @noble/hashes on random messages of every padding case", () => {
    // 0..130 covers one and two padding blocks and every rest length; then longer ones.
    const lengths = [...Array.from({ length: 131 }, (_, i) => i), 1000, 1024, 4095, 65_537];
    for (const n of lengths) {
      const msg = randomBytes(n, 0x9e3779b9 + n);
      expect(hex(sha256(msg)), `length ${n}`).toBe(hex(nobleSha256(msg)));
    }
  });

  it("compress chains like @noble/hashes on random multi-block messages, arguments untouched", () => {
    for (let seed = 1; seed <= 20; seed++) {
      // A message of k whole blocks whose last block is a valid padding block: hashing it by
      // hand through compress must equal noble's digest of the unpadded message.
      const k = 1 + (seed % 4);
      const msg = randomBytes(64 * k - 9, seed);
      const padded = new Uint8Array(64 * k);
      padded.set(msg);
      padded[msg.length] = 0x80;
      new DataView(padded.buffer).setUint32(64 * k - 4, msg.length * 8);
      let state: Uint32Array = Uint32Array.from(IV);
      for (let b = 0; b < k; b++) {
        const block = Uint32Array.from({ length: 16 }, (_, t) =>
          new DataView(padded.buffer).getUint32(64 * b + 4 * t),
        );
        const before = [state.slice(), block.slice()];
        const next = compress(state, block);
        expect([state, block]).toEqual(before);
        state = next;
      }
      expect(wordsHex(state)).toBe(hex(nobleSha256(msg)));
    }
  });
});

/** A fake context over a word map, for executeSha256 alone: logs the access order. */
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

describe("executeSha256", () => {
  it("reads the state, then the block, then writes the state; returns the event", () => {
    const state = randomWords(8, 5);
    const block = randomWords(16, 6);
    const mem = new Map<number, number>();
    state.forEach((w, i) => mem.set(0x2000 + 4 * i, w));
    block.forEach((w, i) => mem.set(0x3000 + 4 * i, w));
    const { ctx, log } = fakeContext(mem, [0x2000, 0x3000, 0, 0, 0, 0]);
    const ev = executeSha256(ctx);
    // The block is message bytes in memory: W_t is the little-endian word read big-endian.
    const w = block.map(byteSwap);
    const expected = compress(state, w);
    expect(ev).toEqual({ stateIn: state, block: w, stateOut: expected });
    expect(Uint32Array.from({ length: 8 }, (_, i) => mem.get(0x2000 + 4 * i)!)).toEqual(expected);
    const order = [
      ...Array.from({ length: 8 }, (_, i) => `r${0x2000 + 4 * i}`),
      ...Array.from({ length: 16 }, (_, i) => `r${0x3000 + 4 * i}`),
      ...Array.from({ length: 8 }, (_, i) => `w${0x2000 + 4 * i}`),
    ];
    expect(log).toEqual(order);
  });

  it("is a valid executor-only coprocessor with its call description", () => {
    expect(() => validateCoprocessor(sha256Executor)).not.toThrow();
    expect(sha256Executor.syscall).toBe(SHA256_SYSCALL);
    expect(sha256Executor.call?.function).toBe("zkglue_sha256_compress");
    expect(sha256Executor.call?.args.map((a) => [a.name, a.kind, a.words])).toEqual([
      ["state", "readwrite", 8],
      ["block", "read", 16],
    ]);
  });
});

describe("ecall 0x100 through the executor", () => {
  const STATE = DATA_BASE;
  const BLOCK = DATA_BASE + 32;
  // Instruction index of the sha256 ecall in `callProgram`: 2 + 2 + 2 (three li) = 6.
  const ECALL_AT = 6;

  /** state := compress(state, block) at (a0, a1), then the 32 state bytes go to the journal. */
  function callProgram(a0: number, a1: number) {
    return [
      ...li(17, SHA256_SYSCALL),
      ...li(10, a0),
      ...li(11, a1),
      ECALL,
      ...li(17, 64),
      addi(10, 0, 3),
      ...li(11, STATE),
      addi(12, 0, 32),
      ECALL,
      addi(10, 0, 0),
      ...EXIT,
    ];
  }
  const image = (state: Uint32Array, block: Uint32Array) => {
    const data = new Uint8Array(96);
    data.set(new Uint8Array(state.buffer, state.byteOffset, state.byteLength), 0);
    data.set(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), 32);
    return data;
  };

  it("writes compress(state, block) back at a0, in both modes, and records the call", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const state = randomWords(8, 100 + seed);
      const block = randomWords(16, 200 + seed);
      const expected = compress(state, block.map(byteSwap));
      const p = program(callProgram(STATE, BLOCK), image(state, block));
      const f = execute(p, { coprocessors: [sha256Executor] });
      expect(f.exitCode).toBe(0);
      expect(new Uint32Array(f.journal.slice().buffer)).toEqual(expected);

      const r = executeRecording(p, { coprocessors: [sha256Executor] });
      expect(r.journal).toEqual(f.journal);
      expect(r.cycles).toBe(f.cycles);
      expect(r.trace.coprocessorCalls).toEqual([
        {
          name: "sha256",
          syscall: SHA256_SYSCALL,
          cycle: ECALL_AT,
          events: { stateIn: state, block: block.map(byteSwap), stateOut: expected },
        },
      ]);
      // The access order the prover relies on: 8 state reads, 16 block reads, 8 state writes,
      // all at the call's timestamp; then the write syscall's 8 reads.
      const mem = r.trace.syscallMemory;
      const at = (i: number) => [mem.at("addr", i), mem.at("write", i), mem.at("cycle", i)];
      const want = [
        ...Array.from({ length: 8 }, (_, i) => [STATE + 4 * i, 0, ECALL_AT]),
        ...Array.from({ length: 16 }, (_, i) => [BLOCK + 4 * i, 0, ECALL_AT]),
        ...Array.from({ length: 8 }, (_, i) => [STATE + 4 * i, 1, ECALL_AT]),
      ];
      expect(Array.from({ length: 32 }, (_, i) => at(i))).toEqual(want);
      for (let i = 24; i < 32; i++) {
        expect(mem.at("old", i)).toBe(state[i - 24]);
        expect(mem.at("value", i)).toBe(expected[i - 24]);
      }
    }
  });

  /** Runs the call with pointers (a0, a1) in both modes; expects a fault at the ecall. */
  function expectFault(a0: number, a1: number, kind: GuestErrorKind, message: RegExp) {
    const p = program(callProgram(a0, a1), image(randomWords(8, 1), randomWords(16, 2)));
    for (const run of [execute, executeRecording]) {
      let err: unknown;
      try {
        run(p, { coprocessors: [sha256Executor] });
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

  it("a state overlapping the block stops the run at the ecall (the table proves each word once)", () => {
    expectFault(STATE, STATE, "coprocessor", /overlap/);
    expectFault(STATE + 60, STATE, "coprocessor", /overlap/);
    expectFault(STATE, STATE + 28, "coprocessor", /overlap/);
  });

  it("a misaligned state or block pointer stops the run at the ecall", () => {
    expectFault(STATE + 2, BLOCK, "misaligned-access", /0x00300002/);
    expectFault(STATE, BLOCK + 1, "misaligned-access", /0x00300021/);
  });

  it("a pointer outside guest memory stops the run at the ecall", () => {
    expectFault(0, BLOCK, "out-of-bounds", /0x00000000 outside guest memory/);
    expectFault(STATE, 0x800, "out-of-bounds", /0x00000800 outside guest memory/);
    // A block whose first words are inside and whose last ones are past the end.
    expectFault(STATE, MEM_END - 32, "out-of-bounds", /0x78000000 outside guest memory/);
    expectFault(MEM_END - 16, BLOCK, "out-of-bounds", /0x78000000 outside guest memory/);
  });

  it("a state inside the program (read-only) stops the run when it is written", () => {
    expectFault(CODE_BASE, BLOCK, "write-to-program", /write to program memory 0x00200800/);
  });

  it("without the coprocessor, ecall 0x100 is an unknown syscall", () => {
    const p = program(callProgram(STATE, BLOCK), image(IV, new Uint32Array(16)));
    expect(() => execute(p)).toThrow(/unknown syscall 0x00000100/);
  });
});
