/**
 * Turns a coprocessor's sample calls into the calls its trace generation receives, without a
 * guest program: each sample runs `execute` against a small word memory, and every access is
 * recorded as the executor would record it (register reads of a1.., then each guest word in
 * first-touch order, a read-then-write of one word merged into one access), with a random
 * previous timestamp below the call's. The table built from these calls is valid exactly when the
 * coprocessor's AIR accepts honest calls, which is where the fuzzer starts.
 */
import type {
  Coprocessor,
  CoprocessorCall,
  CoprocessorContext,
  MemoryAccess,
  SampleCall,
} from "../coprocessor.js";
import { registerArgs } from "../coprocessor.js";

/** A deterministic xorshift32 source in [0, 1), so a fuzzer finding reproduces from its seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** One call's memory: words by byte address, and the accesses in first-touch order. */
class SampleContext implements CoprocessorContext {
  readonly accesses = new Map<number, { old: number; value: number }>();

  constructor(
    readonly args: readonly number[],
    readonly cycle: number,
    private readonly memory: Map<number, number>,
  ) {}

  get timestamp(): number {
    return 4 * this.cycle + 3;
  }

  private check(addr: number): void {
    if ((addr & 3) !== 0 || addr < 0x1000 || addr >= 0x7800_0000) {
      throw new Error(
        `sample call: word access at 0x${addr.toString(16)} (aligned, in guest memory)`,
      );
    }
  }

  readWord(addr: number): number {
    this.check(addr);
    const v = this.memory.get(addr) ?? 0;
    if (!this.accesses.has(addr)) this.accesses.set(addr, { old: v, value: v });
    return v;
  }

  writeWord(addr: number, value: number): void {
    this.check(addr);
    const old = this.memory.get(addr) ?? 0;
    const seen = this.accesses.get(addr);
    if (seen === undefined) this.accesses.set(addr, { old, value: value >>> 0 });
    else seen.value = value >>> 0;
    this.memory.set(addr, value >>> 0);
  }

  readWords(addr: number, n: number): Uint32Array {
    return Uint32Array.from({ length: n }, (_, i) => this.readWord(addr + 4 * i));
  }

  writeWords(addr: number, words: ArrayLike<number>): void {
    for (let i = 0; i < words.length; i++) this.writeWord(addr + 4 * i, words[i]);
  }
}

/**
 * Executes `samples` with coprocessor `c`, one call every few cycles from cycle 16, and returns
 * the calls its `trace` expects. A sample that `execute` refuses is an error naming it.
 *
 * @example
 * const calls = sampleCalls(poseidon2Coprocessor, poseidon2Coprocessor.samples!(seededRandom(1)), seededRandom(2));
 */
export function sampleCalls(
  c: Coprocessor,
  samples: readonly SampleCall[],
  random: () => number,
): CoprocessorCall[] {
  const calls: CoprocessorCall[] = [];
  let cycle = 16;
  samples.forEach((s, i) => {
    const memory = new Map<number, number>();
    for (const region of s.memory) {
      for (let k = 0; k < region.words.length; k++)
        memory.set(region.addr + 4 * k, region.words[k] >>> 0);
    }
    const args = Array.from({ length: 6 }, (_, k) => (s.args[k] ?? 0) >>> 0);
    const ctx = new SampleContext(args, cycle, memory);
    let events: unknown;
    try {
      events = c.execute(ctx);
    } catch (e) {
      throw new Error(
        `coprocessor "${c.name}": sample call ${i} was refused: ${(e as Error).message}`,
      );
    }
    const ts = ctx.timestamp;
    const prevTs = () => Math.floor(random() * ts);
    const accesses: MemoryAccess[] = [];
    for (let r = 11; r < 11 + registerArgs(c); r++) {
      accesses.push({ addr: r, old: args[r - 10], value: args[r - 10], prevTs: prevTs(), ts });
    }
    for (const [addr, a] of ctx.accesses)
      accesses.push({ addr: 32 + addr / 4, old: a.old, value: a.value, prevTs: prevTs(), ts });
    calls.push({ clk: 4 * cycle, cycle, args, events, accesses });
    cycle += 1 + Math.floor(random() * 8);
  });
  return calls;
}
